"""The county administrator's pages: the county's townships and the accounts of its staff.

Only the county's administrator (and a superuser) manages the county; its county and township
staff are refused (403), another county's users are told nothing (404); superusers and other
counties' accounts are never listed or touched.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import accounts
from congress.models import Membership, Role, Township, TownshipKind
from tests.factories import CountyFactory, TownshipFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db

D = datetime.date
User = get_user_model()
STRONG = "Qinghe-river-2031!"


@pytest.fixture
def county():
    return CountyFactory(code="410422", name="叶县", province_name="河南省", city_name="平顶山市")


@pytest.fixture
def townships(county):
    return [
        TownshipFactory(county=county, code="410422002", name="昆阳街道"),
        TownshipFactory(county=county, code="410422101", name="任店镇"),
    ]


@pytest.fixture
def admin(client, county):
    user = make_user(Role.COUNTY_ADMIN, county, username="admin", first_name="管理员")
    client.force_login(user)
    return user


def url(name, county, **kwargs):
    return reverse(f"county:{name}", kwargs={"county_code": county.code, **kwargs})


# Townships --------------------------------------------------------------------------------


def test_the_township_list_shows_kind_dates_and_staff_accounts(client, admin, county, townships):
    street, town = townships
    town.kind_override = TownshipKind.OTHER
    town.abolished_on = D(2024, 6, 30)
    town.save()
    make_user(Role.TOWNSHIP_STAFF, county, [street])
    make_user(Role.TOWNSHIP_STAFF, county, [street], is_active=False)

    response = client.get(url("township_list", county))

    assert response.status_code == 200
    rows = {t.code: t for t in response.context["townships"]}
    assert list(rows) == ["410422002", "410422101"]
    assert rows["410422002"].staff_count == 1  # the inactive account does not keep the record
    assert rows["410422101"].staff_count == 0
    html = response.text
    assert "昆阳街道" in html and "任店镇" in html
    assert html.count("kind-override") == 1
    assert rows["410422101"].derived_kind_label == TownshipKind.TOWN.label
    assert response.context["summary"] == {
        "total": 2,
        "congress_units": 0,
        "abolished": 1,
        "without_staff": 0,
    }
    # 叶县 has 18 units in the national statistics; two are loaded.
    assert response.context["not_loaded"] == 16


def test_the_township_list_costs_the_same_queries_for_one_township_or_many(client, admin, county):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("township_list", county)).status_code == 200
        return len(queries)

    TownshipFactory(county=county, code="410422200", name="一号镇")
    one = count_queries()
    for n in range(5):
        township = TownshipFactory(county=county, code=f"41042230{n}", name=f"多{n}镇")
        make_user(Role.TOWNSHIP_STAFF, county, [township])
    assert count_queries() == one


def test_abolished_before_established_is_refused_with_the_fields_chinese_message(
    client, admin, county, townships
):
    town = townships[1]
    response = client.post(
        url("township_edit", county, township_pk=town.pk),
        {
            "name": town.name,
            "kind_override": "",
            "established_on": "2020-01-01",
            "abolished_on": "2019-12-31",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["abolished_on"] == ["撤销日期：早于设立日期。"]
    town.refresh_from_db()
    assert town.abolished_on is None and town.established_on is None


def test_the_administrator_overrides_a_kind_and_dates_a_merger_and_it_is_kept_in_history(
    client, admin, county, townships
):
    town = townships[1]
    response = client.post(
        url("township_edit", county, township_pk=town.pk),
        {
            "name": "任店镇",
            "kind_override": TownshipKind.OTHER,
            "established_on": "1984-01-01",
            "abolished_on": "2024-06-30",
        },
    )
    assert response.status_code == 302
    town.refresh_from_db()
    assert (town.kind, town.kind_override) == (TownshipKind.OTHER, TownshipKind.OTHER)
    assert (town.established_on, town.abolished_on) == (D(1984, 1, 1), D(2024, 6, 30))
    assert town.history.first().history_user == admin


def test_a_renamed_township_takes_the_kind_of_its_new_name(client, admin, county):
    township = TownshipFactory(county=county, code="410422205", name="辛店乡")
    client.post(
        url("township_edit", county, township_pk=township.pk), {"name": "辛店镇", "kind_override": ""}
    )
    township.refresh_from_db()
    assert (township.name, township.kind) == ("辛店镇", TownshipKind.TOWN)


def test_a_township_is_added_from_the_national_list_of_units_not_yet_loaded(client, admin, county, townships):
    page = client.get(url("township_add", county))
    choices = [code for code, _label in page.context["national_form"].fields["unit"].choices if code]
    assert len(choices) == 16
    assert "410422002" not in choices  # already loaded

    response = client.post(url("township_add", county), {"source": "national", "national-unit": choices[0]})

    assert response.status_code == 302
    added = Township.objects.get(code=choices[0])
    assert added.county == county and added.name and added.kind in {k.value for k in TownshipKind}
    assert added.history.first().history_user == admin
    again = client.get(url("township_add", county)).context["national_form"].fields["unit"].choices
    assert choices[0] not in [code for code, _label in again]


def test_a_unit_already_loaded_cannot_be_added_again_from_the_list(client, admin, county, townships):
    response = client.post(url("township_add", county), {"source": "national", "national-unit": "410422002"})
    assert response.status_code == 200
    assert response.context["national_form"].errors["unit"]
    assert Township.objects.filter(code="410422002").count() == 1


def test_a_township_is_added_by_hand_with_a_code_beginning_with_the_countys(client, admin, county):
    response = client.post(
        url("township_add", county),
        {
            "source": "manual",
            "manual-code": "410422400",
            "manual-name": "叶县产业集聚区",
            "manual-kind_override": "",
        },
    )
    assert response.status_code == 302
    township = Township.objects.get(code="410422400")
    assert (township.county, township.kind) == (county, TownshipKind.OTHER)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("330106100", "统计用区划代码：乡镇代码应以所属县的代码开头。"),
        ("41042210", None),  # eight digits
    ],
)
def test_a_township_code_typed_by_hand_that_is_not_the_countys_is_refused(
    client, admin, county, code, message
):
    response = client.post(
        url("township_add", county),
        {"source": "manual", "manual-code": code, "manual-name": "新镇", "manual-kind_override": ""},
    )
    assert response.status_code == 200
    errors = response.context["manual_form"].errors["code"]
    assert errors
    if message:
        assert message in errors
    assert not Township.objects.filter(name="新镇").exists()


# Accounts ---------------------------------------------------------------------------------


def account_data(**overrides):
    return {
        "username": "wenshu",
        "full_name": "王文书",
        "role": Role.TOWNSHIP_STAFF,
        "townships": [],
        "password": STRONG,
        "password_confirmation": STRONG,
        **overrides,
    }


def test_the_administrator_creates_a_township_staff_account_that_can_log_in(client, admin, county, townships):
    town = townships[1]
    response = client.post(url("account_create", county), account_data(townships=[town.pk]))

    assert response.status_code == 302
    account = User.objects.get(username="wenshu")
    assert account.first_name == "王文书" and account.is_active and not account.is_staff
    assert account.check_password(STRONG)
    membership = account.membership
    assert (membership.role, membership.county) == (Role.TOWNSHIP_STAFF, county)
    assert list(membership.townships.all()) == [town]
    assert membership.history.first().history_user == admin


def test_township_staff_need_a_township_of_this_county(client, admin, county, townships):
    other = TownshipFactory(county=CountyFactory(code="330106"), code="330106100")
    no_township = client.post(url("account_create", county), account_data())
    foreign = client.post(url("account_create", county), account_data(townships=[other.pk]))

    assert no_township.context["form"].errors["townships"]
    assert foreign.context["form"].errors["townships"]
    assert not User.objects.filter(username="wenshu").exists()


def test_county_roles_keep_no_townships(county, townships, admin):
    account = accounts.account_create(
        county=county,
        username="kezhang",
        full_name="李科长",
        role=Role.COUNTY_STAFF,
        password=STRONG,
        townships=townships,
        acting_user=admin,
    )
    assert not account.membership.townships.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password_confirmation": STRONG + "x"}, "password_confirmation"),
        ({"password": "12345678", "password_confirmation": "12345678"}, "password"),
        ({"password": "short1!", "password_confirmation": "short1!"}, "password"),
        ({"password": "wenshu2024", "password_confirmation": "wenshu2024"}, "password"),  # like the username
        ({"username": "has space"}, "username"),
    ],
)
def test_a_weak_or_mistyped_initial_password_or_a_bad_username_is_refused(
    client, admin, county, townships, overrides, field
):
    response = client.post(
        url("account_create", county), account_data(townships=[townships[0].pk], **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not User.objects.filter(username=overrides.get("username", "wenshu")).exists()


def test_a_username_taken_in_any_case_is_refused(client, admin, county, townships):
    UserFactory(username="WenShu")
    response = client.post(url("account_create", county), account_data(townships=[townships[0].pk]))
    assert response.context["form"].errors["username"]
    assert User.objects.filter(username__iexact="wenshu").count() == 1


def test_the_account_list_shows_the_countys_accounts_only_and_never_superusers(
    client, admin, county, townships
):
    staff = make_user(Role.TOWNSHIP_STAFF, county, townships, username="wenshu", first_name="王文书")
    make_user(Role.COUNTY_STAFF, CountyFactory(code="330106"), username="elsewhere")
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    Membership.objects.create(user=superuser, role=Role.COUNTY_ADMIN, county=county)

    response = client.get(url("account_list", county))

    usernames = [a.username for a in response.context["page"]]
    assert usernames == ["admin", "wenshu"]
    html = response.text
    assert "王文书" in html and "昆阳街道" in html and "任店镇" in html
    assert "elsewhere" not in html and "root" not in html
    assert client.get(url("account_edit", county, user_pk=superuser.pk)).status_code == 404
    assert (
        client.get(url("account_list", county), {"role": Role.COUNTY_ADMIN}).context["page"].object_list[0]
        == admin
    )
    filtered = client.get(url("account_list", county), {"township": townships[1].pk, "q": "王"})
    assert [a.username for a in filtered.context["page"]] == [staff.username]


def test_the_account_list_costs_the_same_queries_for_one_account_or_many(client, admin, county, townships):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("account_list", county)).status_code == 200
        return len(queries)

    one = count_queries()
    for n in range(6):
        make_user(Role.TOWNSHIP_STAFF, county, townships, last_login=None, first_name=f"文书{n}")
    many = count_queries()
    assert many == one


def test_the_administrator_changes_a_role_and_deactivates_an_account(client, admin, county, townships):
    staff = make_user(Role.TOWNSHIP_STAFF, county, townships, username="wenshu")
    response = client.post(
        url("account_edit", county, user_pk=staff.pk),
        {"full_name": "王科员", "role": Role.COUNTY_STAFF, "townships": [townships[0].pk]},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert (staff.first_name, staff.is_active) == ("王科员", False)
    assert staff.membership.role == Role.COUNTY_STAFF
    assert not staff.membership.townships.exists()


def test_an_administrator_cannot_change_their_own_role_or_deactivate_themselves(client, admin, county):
    page = client.get(url("account_edit", county, user_pk=admin.pk))
    assert page.context["form"].fields["role"].disabled and page.context["form"].fields["is_active"].disabled

    # Disabled fields keep their values whatever is posted.
    response = client.post(
        url("account_edit", county, user_pk=admin.pk), {"full_name": "新名字", "role": Role.COUNTY_STAFF}
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert (admin.first_name, admin.is_active, admin.membership.role) == ("新名字", True, Role.COUNTY_ADMIN)

    with pytest.raises(ValidationError) as refused:
        accounts.account_update(
            account=admin, full_name="x", role=Role.COUNTY_STAFF, is_active=False, acting_user=admin
        )
    assert set(refused.value.message_dict) == {"role", "is_active"}


def test_a_new_password_is_validated_set_and_lifts_a_lockout(client, admin, county, townships):
    staff = make_user(Role.TOWNSHIP_STAFF, county, townships, username="wenshu")
    weak = client.post(
        url("account_password", county, user_pk=staff.pk), {"password": "123", "password_confirmation": "123"}
    )
    assert weak.context["form"].errors["password"]

    response = client.post(
        url("account_password", county, user_pk=staff.pk),
        {"password": STRONG, "password_confirmation": STRONG},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(STRONG)


def test_an_administrator_who_sets_their_own_password_stays_logged_in(client, admin, county):
    client.post(
        url("account_password", county, user_pk=admin.pk),
        {"password": STRONG, "password_confirmation": STRONG},
    )
    assert client.get(url("account_list", county)).status_code == 200


# Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["county_staff", "staff"])
def test_county_and_township_staff_may_not_manage_the_county(client, world, who):
    county = world.county_a
    client.force_login(getattr(world, who))
    assert client.get(url("township_list", county)).status_code == 403
    assert client.get(url("account_list", county)).status_code == 403
    assert (
        client.post(url("account_create", county), account_data(townships=[world.t1.pk])).status_code == 403
    )
    assert client.get(reverse("county:index")).status_code == 403
    assert not User.objects.filter(username="wenshu").exists()


def test_another_countys_administrator_is_told_nothing_of_this_county(client, world):
    county, other, staff = world.county_a, world.county_b, world.staff
    client.force_login(make_user(Role.COUNTY_ADMIN, other))

    assert client.get(url("township_list", county)).status_code == 404
    assert client.get(url("township_edit", county, township_pk=world.t1.pk)).status_code == 404
    assert client.get(url("account_edit", county, user_pk=staff.pk)).status_code == 404
    # Through their own county's pages, this county's objects do not exist either.
    assert client.get(url("township_edit", other, township_pk=world.t1.pk)).status_code == 404
    assert client.get(url("account_edit", other, user_pk=staff.pk)).status_code == 404
    assert (
        client.post(
            url("account_password", other, user_pk=staff.pk),
            {"password": STRONG, "password_confirmation": STRONG},
        ).status_code
        == 404
    )
    # …and a township of this county cannot be given to their staff.
    response = client.post(url("account_create", other), account_data(townships=[world.t1.pk]))
    assert response.status_code == 200 and response.context["form"].errors["townships"]


def test_a_superuser_picks_a_county_and_manages_it(client, world):
    client.force_login(world.superuser)
    pick = client.get(reverse("county:index"))
    assert pick.status_code == 200
    assert [c.code for c in pick.context["counties"]] == sorted([world.county_a.code, world.county_b.code])
    assert client.get(url("township_list", world.county_b)).status_code == 200
    assert client.get(url("account_list", world.county_b)).status_code == 200


def test_the_administrator_lands_on_their_countys_townships_and_sees_the_link(client, world):
    client.force_login(world.county_admin)
    response = client.get(reverse("county:index"))
    assert response.status_code == 302 and response["Location"] == url("township_list", world.county_a)
    assert reverse("county:index") in client.get(url("account_list", world.county_a)).text


def test_county_staff_see_no_link_to_the_administration(client, world):
    client.force_login(world.county_staff)
    assert reverse("county:index") not in client.get(reverse("oversight:profiles")).text
