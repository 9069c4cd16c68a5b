"""The one home of the legal definitions every figure rests on (RULES.md "Terms used below").

Each definition is a pure function, citing its article, and its SQL twin in the same place: a Q
object built from field names (with a prefix to reach them through a relation, e.g.
"session__"), so that a count made by the database and a judgement made in Python can never
drift apart. tests/congress/test_law.py proves each pair agrees. This module imports nothing
above congress: the sessions and oversight apps import it.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

# sessions.models.SessionStatus.HELD (congress cannot import sessions).
HELD = "held"


def quorum(deputies: int) -> int:
    """组织法 2022 Art. 14(4): 三分之二以上的代表出席 — at least ceil(2N/3) present (以上 includes
    the number)."""
    return (2 * deputies + 2) // 3


def quorum_met(present: int | None, deputies: int) -> bool:
    """Art. 14(4): the quorum is met; False when the number present is not recorded."""
    return present is not None and present >= quorum(deputies)


def quorum_met_q(prefix: str = "") -> Q:
    """SQL twin of quorum_met: present * 3 >= 2N, the same integers without a division (present
    NULL, not recorded, is never met)."""
    return Q(GreaterThanOrEqual(F(f"{prefix}present") * 3, F(f"{prefix}deputies_in_office") * 2))


def majority_of_all_deputies(votes: int | None, deputies: int) -> bool:
    """组织法 2022 Art. 25 (2015 Art. 20): 全体代表的过半数 — strictly more than half of ALL deputies
    (not of those present): votes * 2 > N."""
    return votes is not None and votes * 2 > deputies


def majority_of_all_deputies_q(votes_field: str, deputies_field: str) -> Q:
    """SQL twin of majority_of_all_deputies, e.g. ("votes_for", "session__deputies_in_office")."""
    return Q(GreaterThan(F(votes_field) * 2, F(deputies_field)))


def counts_as_held(status: str, present: int | None, deputies: int) -> bool:
    """RULES.md "held session": recorded as held and the quorum met (Art. 14(4)). A session that
    failed quorum is recorded but is not held. The caller checks the opening day: in the year,
    and not after the as-of day (RULES.md "facts dated after D are not read")."""
    return status == HELD and quorum_met(present, deputies)


def counts_as_held_q(prefix: str = "") -> Q:
    """SQL twin of counts_as_held."""
    return Q(**{f"{prefix}status": HELD}) & quorum_met_q(prefix)


def existed_all_year(
    established_on: datetime.date | None, abolished_on: datetime.date | None, year: int
) -> bool:
    """RULES.md: established on or before Jan 1 and not abolished before Dec 31 — only such a
    township's year-level rules are evaluated for the year."""
    return (established_on is None or established_on <= datetime.date(year, 1, 1)) and (
        abolished_on is None or abolished_on >= datetime.date(year, 12, 31)
    )


def existed_all_year_q(year: int, prefix: str = "") -> Q:
    """SQL twin of existed_all_year."""
    return (
        Q(**{f"{prefix}established_on__isnull": True})
        | Q(**{f"{prefix}established_on__lte": datetime.date(year, 1, 1)})
    ) & (
        Q(**{f"{prefix}abolished_on__isnull": True})
        | Q(**{f"{prefix}abolished_on__gte": datetime.date(year, 12, 31)})
    )


def existed_in_year(
    established_on: datetime.date | None, abolished_on: datetime.date | None, year: int
) -> bool:
    """RULES.md "not-applicable": a township that did not exist at all in the year is not evaluated;
    one that existed on any day of it is (session-level and other rules)."""
    return (established_on is None or established_on <= datetime.date(year, 12, 31)) and (
        abolished_on is None or abolished_on >= datetime.date(year, 1, 1)
    )


def existed_in_year_q(year: int, prefix: str = "") -> Q:
    """SQL twin of existed_in_year."""
    return (
        Q(**{f"{prefix}established_on__isnull": True})
        | Q(**{f"{prefix}established_on__lte": datetime.date(year, 12, 31)})
    ) & (
        Q(**{f"{prefix}abolished_on__isnull": True})
        | Q(**{f"{prefix}abolished_on__gte": datetime.date(year, 1, 1)})
    )
