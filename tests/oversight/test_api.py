"""GET /api/compliance: the engine's objects as JSON, with the pages' access rules."""

import datetime
from urllib.parse import urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    SessionFactory,
    TermFactory,
    TownshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/compliance"


@pytest.fixture(autouse=True)
def session_short_of_quorum(world):
    """T1's session of 2024 fell short of a quorum; T2 and T3 held none."""
    return SessionFactory(term=TermFactory(township=world.t1), ordinal=5, present=10)


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
    user = world.county_staff
    response = get(client, user, year=2024, county=world.county_a.code, as_of="2025-01-15")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [(c["township"]["code"], c["year"]) for c in data] == [
        (world.t1.code, 2024),
        (world.t2.code, 2024),
    ]
    first = data[0]
    assert set(first) == {"township", "year", "status", "flags"}
    assert first["township"] == {"code": world.t1.code, "name": world.t1.name, "kind": "town"}
    assert first["status"] == "violation"
    rules = {f["rule"] for f in first["flags"]}
    assert {"annual-session-missing", "quorum-not-met"} <= rules
    flag = next(f for f in first["flags"] if f["rule"] == "quorum-not-met")
    assert set(flag) == {"rule", "severity", "message", "basis", "object"}
    assert flag["object"]["type"] == "session"
    # Chinese stays Chinese in the JSON text.
    assert world.t1.name.encode() in response.content


def test_another_county_is_a_404(client, world):
    user = world.county_staff
    response = get(client, user, year=2024, county=world.county_b.code)
    assert response.status_code == 404
    assert "error" in response.json()
    assert get(client, user, year=2024, county="999999").status_code == 404


def test_without_a_county_the_user_gets_every_township_they_may_read(client, world):
    user = world.county_staff
    codes = [c["township"]["code"] for c in get(client, user, year=2024).json()]
    assert codes == [world.t1.code, world.t2.code]


def test_township_staff_see_only_their_townships(client, world):
    user = world.staff
    codes = [c["township"]["code"] for c in get(client, user, year=2024).json()]
    assert codes == [world.t1.code]
    codes = [c["township"]["code"] for c in get(client, user, year=2024, county=world.county_a.code).json()]
    assert codes == [world.t1.code]
    assert get(client, user, year=2024, county=world.county_b.code).status_code == 404


def test_a_user_without_membership_sees_nothing(client, world):
    assert get(client, UserFactory(), year=2024).json() == []


def test_a_superuser_picks_any_county(client, world):
    admin = world.superuser
    codes = [c["township"]["code"] for c in get(client, admin, year=2024, county=world.county_b.code).json()]
    assert codes == [world.t3.code]


def test_several_years(client, world):
    user = world.county_staff
    data = get(client, user, years="2023,2022", county=world.county_a.code, as_of="2025-01-15").json()
    assert [(c["township"]["code"], c["year"]) for c in data] == [
        (world.t1.code, 2022),
        (world.t1.code, 2023),
        (world.t2.code, 2022),
        (world.t2.code, 2023),
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
    user = world.county_staff
    response = get(client, user, **params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_only_get(client, world):
    client.force_login(world.county_staff)
    assert client.post(URL + "?year=2024").status_code == 405


def test_the_api_costs_a_fixed_number_of_queries(client, world):
    user = world.county_staff
    client.force_login(user)
    counts = []
    for extra in (0, 6):
        TownshipFactory.create_batch(extra, county=world.county_a)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                URL, {"years": "2022,2023,2024", "as_of": datetime.date(2025, 1, 15).isoformat()}
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
