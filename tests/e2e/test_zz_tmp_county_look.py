import pytest
from tests.e2e.test_county_admin import a_county_with_some_accounts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    page.screenshot(path=f"/tmp/look_{name}.png", full_page=True)


def test_look(page, login):
    county, admin, rendian = a_county_with_some_accounts()
    rendian.kind_override = "other"; rendian.established_on = "1984-01-01"; rendian.abolished_on = "2024-06-30"; rendian.save()
    login(admin.username, "pass-word-123")
    base = f"{page.base_url}/county/manage/{county.code}"
    page.goto(f"{base}/townships/"); shot(page, "townships")
    page.goto(f"{base}/townships/new/"); shot(page, "add")
    page.fill("#id_manual-code", "330100100"); page.fill("#id_manual-name", "新镇")
    page.click("button[value=manual]"); page.wait_for_load_state("networkidle"); shot(page, "add_error")
    page.goto(f"{base}/townships/{rendian.pk}/edit/")
    page.fill("#id_established_on", "2025-01-01"); page.click(".form-card form button[type=submit]"); page.wait_for_load_state("networkidle"); shot(page, "edit_error")
    page.goto(f"{base}/users/new/"); page.click(".account-form button[type=submit]"); page.wait_for_load_state("networkidle"); shot(page, "create_error")
    page.goto(f"{base}/users/{admin.pk}/edit/"); shot(page, "edit_self")
    page.goto(f"{base}/users/{admin.pk}/password/"); shot(page, "password")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/users/"); shot(page, "users_phone")
    page.goto(f"{base}/townships/"); shot(page, "townships_phone")
    page.goto(f"{base}/users/new/"); page.select_option("#id_role", "county_staff"); shot(page, "create_phone")
