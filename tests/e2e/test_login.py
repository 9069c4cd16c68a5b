import pytest

from congress.models import Role
from tests.factories import TownshipFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_township_staff_log_in_and_land_on_their_township(page, login, screenshot):
    township = TownshipFactory(name="城关镇")
    make_user(Role.TOWNSHIP_STAFF, township.county, [township], username="staff")
    page.goto(f"{page.base_url}/accounts/login/")
    screenshot("login")
    login("staff", "pass-word-123")
    assert page.locator("h1").first.inner_text().strip().startswith("城关镇")
