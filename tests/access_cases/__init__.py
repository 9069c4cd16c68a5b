"""The access matrix's vocabulary: every URL of the site × every kind of user → the status code.

tests/test_access_matrix.py completes the shared `world` fixture (tests/world.py) and asks
every case of every area module:

    tests/access_cases/site.py       home, health, login/logout, language, admin
    tests/access_cases/workspace.py  the township home page, terms and deputies (roster:*),
                                     sessions (sessions:session_*, documents, dossier, history)
    tests/access_cases/recess.py     presidium meetings, activities, suggestions, deputies' records
    tests/access_cases/oversight.py  the county dashboard, township-year pages, exports, profiles

HOW TO ADD YOUR URL (one entry per URL name, more if GET and POST differ):

    from tests.access_cases import OWN_WRITE_POST, TOWNSHIP_READ, Case

    CASES = [
        Case("roster:term_detail", lambda w: {"township_pk": w.t1.pk, "term_pk": w.term.pk}, "get", TOWNSHIP_READ),
        Case("roster:term_edit", lambda w: {"township_pk": w.t1.pk, "term_pk": w.term.pk}, "post", OWN_WRITE_POST),
    ]

- `url_name`: the namespaced name you pass to reverse().
- `kwargs`: a function of the world (below) returning reverse()'s kwargs — always point at an
  object of township T1, so that "other township" and "other county" users must be refused.
- `method`: "get" or "post". A POST body is `data(world)` (default: empty). An empty body is
  fine for forms: the own staff get their form back with errors (200) and nothing is saved.
  Every request runs in a savepoint that is rolled back, so a successful POST (a delete…)
  does not disturb the next role.
- `expected`: role → status code, for all six ROLES. Use the presets below, or spell it out:
  `{**TOWNSHIP_READ, OWN: 302}`.
- `query` ("?on=2024-03-05"), `htmx=True` (sends HX-Request), `id` (the test id) are optional;
  `anonymous_to_login=False` where an anonymous 302 goes elsewhere by design (logout).

THE WORLD (`w`): the shared test world of tests/world.py (county A with townships T1 and T2,
county B with township T3; `w.t1 w.t2 w.t3 w.county_a w.county_b`, a user of every role), and,
added by tests/test_access_matrix.py's complete_world, in T1: `w.term w.deputy w.presidium_member
w.status_change w.session w.agenda_item w.report w.resolution w.election w.candidate w.document
w.presidium_meeting w.activity w.suggestion`. Users, by role: `w.users[OWN]` etc.
If your area needs another object, define in your module

    def extend_world(w): w.attendance = AttendanceFactory(session=w.session, deputy=w.deputy)

and it is called once per world, before any request.

A second test walks every URL pattern of the site (nested includes too; not admin/ or the
debug-only _errors/) and fails for any pattern with no case here: a new URL joins the matrix
or the suite fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The six roles and the world are the shared test world's (tests/world.py).
from tests.world import (  # noqa: F401 (re-exported: the area modules import them from here)
    ANONYMOUS,
    COUNTY_ADMIN,
    COUNTY_STAFF,
    OTHER_COUNTY,
    OTHER_TOWNSHIP,
    OWN,
    ROLES,
    World,
)

# Presets. 302 for anonymous is the redirect to the login page (checked by the matrix).
# A page of T1's record: read by its staff and the county; another township's or county's user
# is told nothing (404).
TOWNSHIP_READ: Mapping[str, int] = {
    ANONYMOUS: 302,
    OTHER_TOWNSHIP: 404,
    OWN: 200,
    COUNTY_STAFF: 200,
    COUNTY_ADMIN: 200,
    OTHER_COUNTY: 404,
}
# A form page (GET) or a POST with an invalid (empty) body: the own staff see the form; the
# county, who may read but not change the township's record, get 403.
OWN_WRITE: Mapping[str, int] = {**TOWNSHIP_READ, COUNTY_STAFF: 403, COUNTY_ADMIN: 403}
# A POST that succeeds and redirects (a delete, a status switch, a valid body in `data`).
OWN_WRITE_POST: Mapping[str, int] = {**OWN_WRITE, OWN: 302}
# A page open to every logged-in user (the home redirect excepted).
ANY_USER: Mapping[str, int] = {
    ANONYMOUS: 302,
    OTHER_TOWNSHIP: 200,
    OWN: 200,
    COUNTY_STAFF: 200,
    COUNTY_ADMIN: 200,
    OTHER_COUNTY: 200,
}
# County-level pages (dashboard…): township staff are refused with 403, the county reads.
COUNTY_READ: Mapping[str, int] = {
    ANONYMOUS: 302,
    OTHER_TOWNSHIP: 403,
    OWN: 403,
    COUNTY_STAFF: 200,
    COUNTY_ADMIN: 200,
    OTHER_COUNTY: 200,
}


@dataclass(frozen=True)
class Case:
    url_name: str
    kwargs: Callable[[World], dict[str, Any]]
    method: str
    expected: Mapping[str, int]
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    htmx: bool = False
    # Anonymous 302s must lead to the login page, unless the view redirects elsewhere by design.
    anonymous_to_login: bool = True
    id: str | None = field(default=None)

    def __post_init__(self):
        assert self.method in {"get", "post"}, f"{self.url_name}: method must be 'get' or 'post'"
        missing = set(ROLES) - set(self.expected)
        assert not missing, f"{self.url_name}: expected codes missing for {sorted(missing)}"

    @property
    def test_id(self) -> str:
        return self.id or f"{self.url_name}:{self.method}{':htmx' if self.htmx else ''}"
