"""Access cases of the county's pages (oversight:*). The format is in tests/access_cases/__init__.py.

County-level pages use COUNTY_READ (township staff 403; county B's staff read their own
county's page: 200); pages of one township (township-year, status fragment) point at T1 and
use TOWNSHIP_READ; exports and profiles as their views decide.
"""

from tests.access_cases import ANY_USER, Case

CASES = [
    # The placeholder dashboard (open to every logged-in user); its helper replaces this line
    # with COUNTY_READ when the real dashboard refuses township staff.
    Case("oversight:dashboard", lambda w: {}, "get", ANY_USER),
]
