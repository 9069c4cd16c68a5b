"""Usernames unique whatever their case ("Casey" and "casey" are one person's name), in the
database: the auth User is Django's, so the index is raw SQL on its table (the expression index
is the same in SQLite and PostgreSQL). congress.accounts checks first and turns the rare race
that slips past the check into the form's error."""

from django.db import migrations

INDEX = "congress_auth_user_username_lower_uniq"


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("congress", "0004_password_change_required"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON auth_user (LOWER(username))",
            f"DROP INDEX {INDEX}",
        ),
    ]
