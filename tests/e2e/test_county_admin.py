"""In a real browser: the county administrator creates an account for a township's staff, who
then log in with it and land on their township; a screenshot of the county's users."""

import pytest
from django.utils import timezone

from congress.models import Role, Township
from tests.factories import CountyFactory, TownshipFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Yexian-kunyang-2031!"


def a_county_with_some_accounts():
    county = CountyFactory(code="410422", name="叶县", province_name="河南省", city_name="平顶山市")
    kunyang = TownshipFactory(county=county, code="410422002", name="昆阳街道")
    rendian = TownshipFactory(county=county, code="410422101", name="任店镇")
    baoan = TownshipFactory(county=county, code="410422102", name="保安镇")
    TownshipFactory(county=county, code="410422203", name="马庄回族乡")
    admin = make_user(Role.COUNTY_ADMIN, county, username="yexian_admin", first_name="县人大办公室")
    make_user(
        Role.COUNTY_STAFF, county, username="yexian_lianluo", first_name="联络科", last_login=timezone.now()
    )
    make_user(
        Role.TOWNSHIP_STAFF, county, [baoan], username="baoan", first_name="张秀英", last_login=timezone.now()
    )
    make_user(Role.TOWNSHIP_STAFF, county, [kunyang, baoan], username="kunyang_old", is_active=False)
    return county, admin, rendian


def test_the_administrator_creates_a_township_staff_account_that_logs_in(page, login, screenshot):
    county, admin, rendian = a_county_with_some_accounts()
    login(admin.username, "pass-word-123")

    page.click("a[href='/county/manage/']")
    assert (
        page.locator("table.township-table tbody tr").count()
        == Township.objects.filter(county=county).count()
    )
    page.click(f"a[href='/county/manage/{county.code}/users/']")
    page.click(f"a[href='/county/manage/{county.code}/users/new/']")

    page.fill("#id_username", "rendian")
    page.fill("#id_full_name", "李文书")
    page.select_option("#id_role", Role.TOWNSHIP_STAFF.value)
    page.get_by_label("任店镇").check()
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_confirmation", PASSWORD)
    page.click(".account-form button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert "rendian" in page.locator(".alert-success").inner_text()
    row = page.locator("table.account-table tr", has_text="rendian")
    assert "任店镇" in row.inner_text() and "李文书" in row.inner_text()
    screenshot("county_users")

    page.click("form[action='/accounts/logout/'] button")
    login("rendian", PASSWORD)
    # The administrator set the password: its holder chooses their own before anything else.
    assert page.url.endswith("/accounts/password/")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_password", "Kunyang-bridge-5150")
    page.fill("#id_password_confirmation", "Kunyang-bridge-5150")
    page.click(".form-card button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().strip().startswith(rendian.name)
