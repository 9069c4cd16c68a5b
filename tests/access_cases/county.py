"""Access cases of the county administrator's pages (county:*). The format is in
tests/access_cases/__init__.py.

Only the administrator of county A manages county A: its county and township staff get 403;
county B's staff, to whom county A's pages and objects do not exist, 404. The entry point
(county:index) names no county: the administrator is sent to their own (302); everybody else
is refused (403). An empty POST gets the administrator the form back with errors (200).
"""

from tests.access_cases import ANONYMOUS, COUNTY_ADMIN, COUNTY_STAFF, OTHER_COUNTY, OTHER_TOWNSHIP, OWN, Case

MANAGE = {
    ANONYMOUS: 302,
    OTHER_TOWNSHIP: 403,
    OWN: 403,
    COUNTY_STAFF: 403,
    COUNTY_ADMIN: 200,
    OTHER_COUNTY: 404,
}
ENTRY = {**MANAGE, COUNTY_ADMIN: 302, OTHER_COUNTY: 403}


def _county(w):
    return {"county_code": w.county_a.code}


def _township(w):
    return {**_county(w), "township_pk": w.t1.pk}


def _account(w):
    # T1's own staff: an account of county A.
    return {**_county(w), "user_pk": w.users[OWN].pk}


CASES = [
    Case("county:index", lambda w: {}, "get", ENTRY),
    Case("county:township_list", _county, "get", MANAGE),
    Case("county:township_add", _county, "get", MANAGE),
    Case("county:township_add", _county, "post", MANAGE),
    Case("county:township_edit", _township, "get", MANAGE),
    Case("county:township_edit", _township, "post", MANAGE),
    Case("county:account_list", _county, "get", MANAGE),
    Case("county:account_create", _county, "get", MANAGE),
    Case("county:account_create", _county, "post", MANAGE),
    Case("county:account_edit", _account, "get", MANAGE),
    Case("county:account_edit", _account, "post", MANAGE),
    Case("county:account_password", _account, "get", MANAGE),
    Case("county:account_password", _account, "post", MANAGE),
    Case("county:account_unlock", _account, "post", {**MANAGE, COUNTY_ADMIN: 302}),
]
