"""The world the view tests and the access matrix start from (healthchecks' alice, bob and
charlie): the places and the people, one user of every kind, and nothing of the record.

    county A (甲县): township T1 (城关镇) and township T2 (东风镇)
    county B (乙县): township T3 (三号镇)

    w.staff               township staff of T1 — the "own" staff of every view test
    w.other_staff         township staff of T2: same county, another township
    w.county_staff        county standing committee staff of county A
    w.county_admin        county administrator of county A
    w.other_county_staff  county staff of county B
    w.superuser

`w.users` maps the access matrix's role names (below) to the same users, anonymous to None;
each username is its role name, in Latin letters (tests/test_words.py leaves them out).

A test builds the record it is about in T1 (a term, its deputies, a session…) with
tests/factories.py: the world holds no term or session, so that a test counting them counts
only its own. The `world` fixture (tests/conftest.py) builds it for a test; the access matrix
adds one object of every kind (tests/test_access_matrix.py, complete_world).
"""

from __future__ import annotations

from types import SimpleNamespace

from congress.models import Role
from tests import factories as f

ANONYMOUS = "anonymous"
OTHER_TOWNSHIP = "other_township"  # township staff of T2, same county as T1
OWN = "own_township"  # township staff of T1
COUNTY_STAFF = "county_staff"  # county standing committee staff of county A
COUNTY_ADMIN = "county_admin"  # county administrator of county A
OTHER_COUNTY = "other_county"  # county staff of county B

ROLES = (ANONYMOUS, OTHER_TOWNSHIP, OWN, COUNTY_STAFF, COUNTY_ADMIN, OTHER_COUNTY)

World = SimpleNamespace


def build_world() -> World:
    w = World()
    w.county_a = f.CountyFactory(name="甲县")
    w.county_b = f.CountyFactory(name="乙县")
    w.t1 = f.TownshipFactory(county=w.county_a, name="城关镇")
    w.t2 = f.TownshipFactory(county=w.county_a, name="东风镇")
    w.t3 = f.TownshipFactory(county=w.county_b, name="三号镇")
    w.staff = f.make_user(Role.TOWNSHIP_STAFF, w.county_a, [w.t1], username=OWN)
    w.other_staff = f.make_user(Role.TOWNSHIP_STAFF, w.county_a, [w.t2], username=OTHER_TOWNSHIP)
    w.county_staff = f.make_user(Role.COUNTY_STAFF, w.county_a, username=COUNTY_STAFF)
    w.county_admin = f.make_user(Role.COUNTY_ADMIN, w.county_a, username=COUNTY_ADMIN)
    w.other_county_staff = f.make_user(Role.COUNTY_STAFF, w.county_b, username=OTHER_COUNTY)
    w.superuser = f.UserFactory(username="superuser", is_superuser=True, is_staff=True)
    w.users = {
        ANONYMOUS: None,
        OTHER_TOWNSHIP: w.other_staff,
        OWN: w.staff,
        COUNTY_STAFF: w.county_staff,
        COUNTY_ADMIN: w.county_admin,
        OTHER_COUNTY: w.other_county_staff,
    }
    return w
