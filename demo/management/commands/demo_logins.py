"""manage.py demo_logins: the demo accounts, their password and where to open the site."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from congress.models import Role
from demo import county as demo


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="the address the site is served at"
        )

    def handle(self, *args, url: str, **options):
        county = demo.demo_county()
        if county is None:
            self.stdout.write(_("No demo county: run `manage.py seed_demo` first."))
            return
        users = (
            get_user_model()
            .objects.filter(username__in=self._usernames(county))
            .select_related("membership")
            .prefetch_related("membership__townships")
            .order_by("username")
        )
        by_name = {user.username: user for user in users}
        self.stdout.write("")
        self.stdout.write(_("Demo county: %(county)s") % {"county": county.full_name})
        self.stdout.write(_("Open %(url)s and log in with one of these accounts.") % {"url": url})
        self.stdout.write(_("Password (every demo account): %(password)s") % {"password": demo.DEMO_PASSWORD})
        for username in self._usernames(county):
            user = by_name.get(username)
            if user is None:
                continue
            self.stdout.write(f"  {username:<12} {self._describe(user)}")
        self.stdout.write("")

    @staticmethod
    def _usernames(county) -> list[str]:
        staff = demo.staff_accounts(list(county.townships.order_by("code")))
        return [demo.SUPERUSER, demo.COUNTY_ADMIN, demo.COUNTY_STAFF, *staff]

    @staticmethod
    def _describe(user) -> str:
        if user.is_superuser:
            return _("superuser: everything, and the admin")
        membership = getattr(user, "membership", None)
        if membership is None:
            return _("no role")
        if membership.role == Role.TOWNSHIP_STAFF:
            names = "、".join(t.name for t in sorted(membership.townships.all(), key=lambda t: t.code))
            return _("%(role)s: %(townships)s") % {
                "role": membership.get_role_display(),
                "townships": names,
            }
        if membership.role == Role.COUNTY_ADMIN:
            return _("%(role)s: the county dashboard, townships, users and the rule profile") % {
                "role": membership.get_role_display()
            }
        return _("%(role)s: the county dashboard, read-only") % {"role": membership.get_role_display()}
