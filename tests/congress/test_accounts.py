"""The accounts a government office needs (issue 11, finding 7): a user changes their own
password, and must when the county administrator set it; passwords checked in Chinese; one
username per person whatever the case or the alphabet; the administrator sees and lifts lock-outs."""

import binascii

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress import accounts
from congress.models import Role
from tests.factories import CountyFactory, TownshipFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()
STRONG = "Qinghe-river-2031!"
MINE = "Ruyang-bridge-1987?"
OFFICE = "10.20.30.40"


@pytest.fixture
def county():
    return CountyFactory(code="410422", name="叶县")


@pytest.fixture
def township(county):
    return TownshipFactory(county=county, code="410422101", name="任店镇")


@pytest.fixture
def admin(county):
    return make_user(Role.COUNTY_ADMIN, county, username="admin", first_name="管理员")


def create(county, township, admin, **overrides):
    data = {
        "county": county,
        "username": "zhen08",
        "full_name": "王文书",
        "role": Role.TOWNSHIP_STAFF,
        "password": STRONG,
        "townships": [township],
        "acting_user": admin,
        **overrides,
    }
    return accounts.account_create(**data)


def password_errors(county, township, admin, password, **overrides):
    with pytest.raises(ValidationError) as refused:
        create(county, township, admin, password=password, **overrides)
    return refused.value.message_dict["password"]


# Passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "zhen08zhen08",  # the username twice: 0.67 alike by Django's ratio alone
        "Zhen08-2024-abc",  # contains the username
        "Qx7-short",  # nine characters
        "1234567890123",  # digits only
        "password1234",  # common
    ],
)
def test_a_password_like_the_username_short_common_or_all_digits_is_refused_in_chinese(
    county, township, admin, password
):
    with translation.override("zh-hans"):
        errors = password_errors(county, township, admin, password)
    assert errors
    for message in errors:
        assert message.startswith("密码"), message
        assert not any(c.isascii() and c.isalpha() for c in message.replace("密码", "")), message


def test_ten_characters_pass_and_nine_do_not(county, township, admin):
    assert password_errors(county, township, admin, "Qx7-bridg")  # 9
    assert create(county, township, admin, password="Qx7-bridge").check_password("Qx7-bridge")  # 10


def test_a_chinese_full_name_stays_allowed(county, township, admin):
    assert create(county, township, admin, full_name="欧阳娜娜").first_name == "欧阳娜娜"


# Usernames ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["аdmin", "王文书", "wen shu", "wen@shu", "wen+shu"])
def test_a_username_outside_ascii_letters_digits_and_dot_underscore_dash_is_refused(
    county, township, admin, username
):
    with pytest.raises(ValidationError) as refused:
        create(county, township, admin, username=username)
    assert "username" in refused.value.message_dict
    assert not User.objects.filter(username=username).exists()


def test_a_username_with_dot_underscore_and_dash_is_accepted(county, township, admin):
    assert create(county, township, admin, username="wang.wen_shu-2").username == "wang.wen_shu-2"


def test_the_database_refuses_a_username_differing_only_in_case():
    UserFactory(username="Casey")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="casey")


def test_a_create_racing_past_the_check_gets_the_forms_error_not_a_500(county, township, admin, monkeypatch):
    """The second of two simultaneous creates passes the exists() check (the first has not
    committed) and meets the unique index: the service answers with the username's error."""
    UserFactory(username="Casey")
    monkeypatch.setattr(accounts, "_check_username", lambda username: None)
    with pytest.raises(ValidationError) as refused:
        create(county, township, admin, username="casey")
    assert "username" in refused.value.message_dict
    assert User.objects.filter(username__iexact="casey").count() == 1


# Changing one's own password --------------------------------------------------------------


def test_a_new_account_must_change_its_password_at_first_login(client, county, township, admin):
    create(county, township, admin)
    assert client.post(reverse("login"), {"username": "zhen08", "password": STRONG}).status_code == 302

    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "registration/password_change.html" in [t.name for t in page.templates]

    changed = client.post(
        reverse("password_change"),
        {"old_password": STRONG, "password": MINE, "password_confirmation": MINE},
    )
    assert changed.status_code == 302
    assert client.get(reverse("home"))["Location"] != reverse("password_change")
    account = User.objects.get(username="zhen08")
    assert account.check_password(MINE) and not account.membership.password_change_required


def test_a_password_reset_by_the_administrator_must_be_changed_again(county, township, admin):
    account = create(county, township, admin)
    account.membership.password_change_required = False
    account.membership.save()
    accounts.account_password_change(account=account, password=MINE, acting_user=admin)
    account.membership.refresh_from_db()
    assert account.membership.password_change_required


def test_an_account_with_nothing_to_change_goes_where_it_asked(client, county, township, admin):
    client.force_login(admin)
    assert client.get(reverse("county:index")).status_code == 302
    assert client.get(reverse("county:index"))["Location"] != reverse("password_change")


def test_the_own_password_change_asks_the_current_password_and_keeps_the_session(client, county, admin):
    admin.set_password(STRONG)
    admin.save()
    client.force_login(admin)
    wrong = client.post(
        reverse("password_change"), {"old_password": "nope", "password": MINE, "password_confirmation": MINE}
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors["old_password"]
    weak = client.post(
        reverse("password_change"),
        {"old_password": STRONG, "password": "admin12345", "password_confirmation": "admin12345"},
    )
    assert weak.context["form"].errors["password"]

    client.post(
        reverse("password_change"), {"old_password": STRONG, "password": MINE, "password_confirmation": MINE}
    )
    admin.refresh_from_db()
    assert admin.check_password(MINE)
    assert "_auth_user_id" in client.session


def test_the_navigation_links_to_the_own_password_change(client, county, admin):
    client.force_login(admin)
    assert reverse("password_change") in client.get(reverse("county:account_list", args=[county.code])).text


# Lock-outs ----------------------------------------------------------------------------------


def lock_out(username, failures=settings.AXES_FAILURE_LIMIT):
    AccessAttempt.objects.create(
        username=username,
        ip_address=OFFICE,
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=failures,
    )


def test_the_account_list_shows_who_is_locked_out_and_the_administrator_unlocks(
    client, county, township, admin
):
    locked = make_user(Role.TOWNSHIP_STAFF, county, [township], username="locked")
    make_user(Role.TOWNSHIP_STAFF, county, [township], username="almost")
    lock_out("locked")
    lock_out("almost", failures=settings.AXES_FAILURE_LIMIT - 1)
    client.force_login(admin)
    list_url = reverse("county:account_list", args=[county.code])

    response = client.get(list_url)
    assert response.context["locked_out"] == {"locked"}
    assert response.text.count("account-locked-out") == 1

    unlock = reverse("county:account_unlock", args=[county.code, locked.pk])
    assert client.post(unlock).status_code == 302
    assert not AccessAttempt.objects.filter(username="locked").exists()
    assert client.get(list_url).context["locked_out"] == set()


def test_another_countys_administrator_cannot_unlock(client, county, township):
    locked = make_user(Role.TOWNSHIP_STAFF, county, [township], username="locked")
    lock_out("locked")
    other = CountyFactory(code="330106")
    client.force_login(make_user(Role.COUNTY_ADMIN, other, username="other"))
    assert client.post(reverse("county:account_unlock", args=[other.code, locked.pk])).status_code == 404
    assert AccessAttempt.objects.filter(username="locked").exists()


# The second factor --------------------------------------------------------------------------


def code_of(hex_key: str) -> str:
    return f"{TOTP(binascii.unhexlify(hex_key)).token():06d}"


def log_in(client, username, password=STRONG):
    assert client.post(reverse("login"), {"username": username, "password": password}).status_code == 302


@pytest.fixture
def clerk(county, township):
    clerk = make_user(Role.TOWNSHIP_STAFF, county, [township], username="clerk")
    clerk.set_password(STRONG)
    clerk.save()
    return clerk


def test_a_user_sets_up_an_authenticator_app_with_the_qr_code_or_the_secret(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("otp_setup"))
    assert "<svg" in page.text and page.context["secret"] in page.text
    secret = client.session["_otp_new_secret"]

    wrong = client.post(
        reverse("otp_setup"), {"token": "000000" if code_of(secret) != "000000" else "111111"}
    )
    assert wrong.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(user=clerk).exists()

    assert client.post(reverse("otp_setup"), {"token": code_of(secret)}).status_code == 302
    assert TOTPDevice.objects.get(user=clerk).confirmed


def test_a_user_with_an_authenticator_app_gives_its_code_after_the_password(client, clerk):
    device = TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    log_in(client, "clerk")
    assert client.get(reverse("home"))["Location"] == reverse("otp_verify")

    wrong = client.post(reverse("otp_verify"), {"token": "12345"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    assert client.get(reverse("home"))["Location"] == reverse("otp_verify")

    assert client.post(reverse("otp_verify"), {"token": code_of(device.key)}).status_code == 302
    assert client.get(reverse("home"))["Location"] != reverse("otp_verify")


def test_a_user_without_an_authenticator_app_is_not_asked_for_a_code(client, clerk):
    log_in(client, "clerk")
    assert client.get(reverse("home"))["Location"] not in {reverse("otp_verify"), reverse("otp_setup")}


@pytest.mark.parametrize(("required", "expected"), [(True, "otp_setup"), (False, None)])
def test_county_administrators_set_up_an_app_when_the_setting_requires_it(
    client, settings, county, clerk, required, expected
):
    settings.OTP_REQUIRED_FOR_COUNTY_ADMINS = required
    admin = make_user(Role.COUNTY_ADMIN, county, username="chief")
    admin.set_password(STRONG)
    admin.save()
    log_in(client, "chief")
    location = client.get(reverse("county:index"))["Location"]
    assert (location == reverse("otp_setup")) == (expected == "otp_setup")

    client.logout()
    log_in(client, "clerk")  # township staff are never required to
    assert client.get(reverse("home"))["Location"] != reverse("otp_setup")
