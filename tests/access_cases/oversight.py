"""Access cases of the county's pages (oversight:*). The format is in tests/access_cases/__init__.py.

County-level pages use COUNTY_READ (township staff 403; county B's staff read their own
county's page: 200); pages of one township (township-year, status fragment) point at T1 and
use TOWNSHIP_READ; exports and profiles as their views decide.
"""

from tests.access_cases import (
    ANONYMOUS,
    ANY_USER,
    COUNTY_ADMIN,
    COUNTY_READ,
    COUNTY_STAFF,
    OTHER_COUNTY,
    OTHER_TOWNSHIP,
    OWN,
    TOWNSHIP_READ,
    Case,
)


def _none(w):
    return {}


def _t1(w):
    return {"township_pk": w.t1.pk}


# Changing the county's rule profile: its administrator only (an empty body gets the form back
# with errors: 200); county B's staff post to their own county, which they may not manage (403).
PROFILE_CHANGE = {
    ANONYMOUS: 302,
    OTHER_TOWNSHIP: 403,
    OWN: 403,
    COUNTY_STAFF: 403,
    COUNTY_ADMIN: 200,
    OTHER_COUNTY: 403,
}
# The year-end report of county A: county B's staff are told nothing (404).
COUNTY_A_READ = {**COUNTY_READ, OTHER_COUNTY: 404}

CASES = [
    Case("oversight:dashboard", _none, "get", COUNTY_READ),
    Case(
        "oversight:dashboard",
        _none,
        "get",
        COUNTY_READ,
        query="?years=2023,2024&sort=violations",
        id="dashboard-filtered",
    ),
    Case("oversight:export_matrix", _none, "get", COUNTY_READ, query="?format=xlsx&years=2024"),
    Case("oversight:export_flags", _none, "get", COUNTY_READ, query="?format=csv&years=2024"),
    Case("oversight:profiles", _none, "get", COUNTY_READ),
    Case("oversight:profiles", _none, "post", PROFILE_CHANGE),
    Case("oversight:township_year", lambda w: {**_t1(w), "year": 2024}, "get", TOWNSHIP_READ),
    Case("oversight:township_status", _t1, "get", TOWNSHIP_READ, htmx=True),
    Case(
        "oversight:year_report",
        lambda w: {"county_code": w.county_a.code, "year": 2024},
        "get",
        COUNTY_A_READ,
    ),
    # The JSON API (helper R): every logged-in user gets the townships they may read.
    Case("oversight:api_compliance", lambda w: {}, "get", ANY_USER, query="?year=2024"),
]
