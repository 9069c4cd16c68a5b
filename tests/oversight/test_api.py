"""GET /api/compliance: the engine's objects as JSON, with the pages' access rules."""

import datetime
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congress.models import Role
from tests.factories import (
    CountyFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    UserFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

URL = "/api/compliance"


@pytest.fixture
def world():
    county = CountyFactory(code="330106")
    other_county = CountyFactory(code="330108")
    mine = TownshipFactory(county=county, code="330106001", name="甲镇")
    neighbour = TownshipFactory(county=county, code="330106002", name="乙镇")
    far = TownshipFactory(county=other_county, code="330108001", name="丙镇")
    SessionFactory(term=TermFactory(township=mine), ordinal=5, present=10)  # quorum not met in 2024
    return {"county": county, "other_county": other_county, "mine": mine, "neighbour": neighbour, "far": far}


def get(client, user, **params):
    if user is not None:
        client.force_login(user)
    return client.get(URL, params)


def test_the_url_is_named():
    assert reverse("oversight:api_compliance") == URL


def test_anonymous_is_sent_to_the_login_page(client, world):
    response = get(client, None, year=2024)
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("login")


def test_county_staff_read_their_county_as_rules_md_objects(client, world):
    user = make_user(Role.COUNTY_STAFF, world["county"])
    response = get(client, user, year=2024, county="330106", as_of="2025-01-15")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [(c["township"]["code"], c["year"]) for c in data] == [("330106001", 2024), ("330106002", 2024)]
    first = data[0]
    assert set(first) == {"township", "year", "status", "flags"}
    assert first["township"] == {"code": "330106001", "name": "甲镇", "kind": "town"}
    assert first["status"] == "violation"
    rules = {f["rule"] for f in first["flags"]}
    assert {"annual-session-missing", "quorum-not-met"} <= rules
    flag = next(f for f in first["flags"] if f["rule"] == "quorum-not-met")
    assert set(flag) == {"rule", "severity", "message", "basis", "object"}
    assert flag["object"]["type"] == "session"
    # Chinese stays Chinese in the JSON text.
    assert "甲镇".encode() in response.content


def test_another_county_is_a_404(client, world):
    user = make_user(Role.COUNTY_STAFF, world["county"])
    response = get(client, user, year=2024, county="330108")
    assert response.status_code == 404
    assert "error" in response.json()
    assert get(client, user, year=2024, county="999999").status_code == 404


def test_without_a_county_the_user_gets_every_township_they_may_read(client, world):
    user = make_user(Role.COUNTY_STAFF, world["county"])
    codes = [c["township"]["code"] for c in get(client, user, year=2024).json()]
    assert codes == ["330106001", "330106002"]


def test_township_staff_see_only_their_townships(client, world):
    user = make_user(Role.TOWNSHIP_STAFF, world["county"], [world["mine"]])
    codes = [c["township"]["code"] for c in get(client, user, year=2024).json()]
    assert codes == ["330106001"]
    codes = [c["township"]["code"] for c in get(client, user, year=2024, county="330106").json()]
    assert codes == ["330106001"]
    assert get(client, user, year=2024, county="330108").status_code == 404


def test_a_user_without_membership_sees_nothing(client, world):
    assert get(client, UserFactory(), year=2024).json() == []


def test_a_superuser_picks_any_county(client, world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    codes = [c["township"]["code"] for c in get(client, admin, year=2024, county="330108").json()]
    assert codes == ["330108001"]


def test_several_years(client, world):
    user = make_user(Role.COUNTY_STAFF, world["county"])
    data = get(client, user, years="2023,2022", county="330106", as_of="2025-01-15").json()
    assert [(c["township"]["code"], c["year"]) for c in data] == [
        ("330106001", 2022),
        ("330106001", 2023),
        ("330106002", 2022),
        ("330106002", 2023),
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"year": "abc"},
        {"year": "1900"},
        {"year": str(timezone.localdate().year + 1)},
        {"years": "2020,x"},
        {"years": ",".join(str(y) for y in range(2010, 2022))},
        {"year": "2024", "as_of": "yesterday"},
        {"year": "2025", "as_of": "2024-12-31"},
    ],
)
def test_a_bad_year_is_a_400_with_a_json_error(client, world, params):
    user = make_user(Role.COUNTY_STAFF, world["county"])
    response = get(client, user, **params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_only_get(client, world):
    client.force_login(make_user(Role.COUNTY_STAFF, world["county"]))
    assert client.post(URL + "?year=2024").status_code == 405


def test_the_api_costs_a_fixed_number_of_queries(client, world):
    user = make_user(Role.COUNTY_STAFF, world["county"])
    client.force_login(user)
    counts = []
    for extra in (0, 6):
        for i in range(extra):
            TownshipFactory(county=world["county"], code=f"3301061{i:02d}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                URL, {"years": "2022,2023,2024", "as_of": datetime.date(2025, 1, 15).isoformat()}
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
