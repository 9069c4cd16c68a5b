"""The rule profiles page: every profile's values with their sources; the county administrator
picks the county's profile, nobody else may."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from congress.models import County, RuleProfile
from congress.profiles import PROFILES
from tests.factories import UserFactory
from tests.oversight._dashboard_data import (
    county_admin,
    county_staff,
    county_with_townships,
    lawful_year,
    township_staff,
)

pytestmark = pytest.mark.django_db

URL = reverse("oversight:profiles")


def test_every_profile_is_listed_with_its_sources_and_the_countys_highlighted(client):
    county, _ = county_with_townships(1, rule_profile=RuleProfile.ZHEJIANG)
    client.force_login(county_staff(county))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.text
    for profile in PROFILES.values():
        assert escape(str(profile.label)) in html
        for source in profile.sources.values():
            assert escape(str(source)) in html
    current = [row["code"] for row in response.context["profiles"] if row["current"]]
    assert current == [RuleProfile.ZHEJIANG]
    assert 'id="profile-zhejiang"' in html and "profile-current" in html
    assert not response.context["can_manage"]
    assert "profile-form" not in html


def test_county_administrator_changes_the_profile_and_the_change_is_kept_in_history(client):
    county, _ = county_with_townships(1)
    admin = county_admin(county)
    client.force_login(admin)
    assert "profile-form" in client.get(URL).text
    response = client.post(f"{URL}?county={county.code}", {"profile": RuleProfile.CHONGQING})
    assert response.status_code == 302
    county.refresh_from_db()
    assert county.rule_profile == RuleProfile.CHONGQING
    assert county.history.first().history_user == admin


def test_an_unknown_profile_is_refused_and_nothing_changes(client):
    county, _ = county_with_townships(1)
    client.force_login(county_admin(county))
    response = client.post(URL, {"profile": "atlantis"})
    assert response.status_code == 200
    assert response.context["form"].errors["profile"]
    county.refresh_from_db()
    assert county.rule_profile == RuleProfile.NATIONAL


def test_county_staff_may_not_change_the_profile(client):
    county, _ = county_with_townships(1)
    client.force_login(county_staff(county))
    response = client.post(URL, {"profile": RuleProfile.BEIJING})
    assert response.status_code == 403
    assert County.objects.get(pk=county.pk).rule_profile == RuleProfile.NATIONAL


def test_township_staff_may_not_see_the_profiles(client):
    county, townships = county_with_townships(1)
    client.force_login(township_staff(county, townships))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"profile": RuleProfile.BEIJING}).status_code == 403


def test_another_countys_administrator_is_told_nothing(client):
    county, _ = county_with_townships(1)
    other, _ = county_with_townships(1)
    client.force_login(county_admin(other))
    assert client.post(f"{URL}?county={county.code}", {"profile": RuleProfile.BEIJING}).status_code == 404
    assert County.objects.get(pk=county.pk).rule_profile == RuleProfile.NATIONAL


def test_superuser_changes_any_countys_profile(client):
    county, _ = county_with_townships(1)
    county_with_townships(1)
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(f"{URL}?county={county.code}", {"profile": RuleProfile.HENAN})
    assert response.status_code == 302
    assert County.objects.get(pk=county.pk).rule_profile == RuleProfile.HENAN


def test_the_new_profile_changes_the_flags(client):
    """Henan sets a 92-day limit between presidium meetings; the national law none."""
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)  # one presidium meeting, in February
    client.force_login(county_admin(county))
    dashboard = reverse("oversight:dashboard")
    before = client.get(dashboard, {"years": "2024"}).context["matrix"].rows[0].last.result
    client.post(URL, {"profile": RuleProfile.HENAN})
    after = client.get(dashboard, {"years": "2024"}).context["matrix"].rows[0].last.result
    assert "presidium-meeting-gap" not in {f.rule for f in before.flags}
    assert "presidium-meeting-gap" in {f.rule for f in after.flags}
