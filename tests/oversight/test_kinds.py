"""The engine compares plain strings (oversight.facts holds no ORM objects, congress cannot import
sessions), so each kind it names is a copy of a model choice. A renamed choice must fail here,
not silently stop a rule from ever firing."""

import pytest

from congress import law
from oversight import facts, rules
from sessions.models import (
    ActivityKind,
    ElectionKind,
    ElectionOffice,
    ReportKind,
    ReportOutcome,
    SessionKind,
    SessionStatus,
)

MIRRORS = [
    (rules.BUDGET, ReportKind.BUDGET),
    (rules.FINAL_ACCOUNTS, ReportKind.FINAL_ACCOUNTS),
    (rules.GOVERNMENT_WORK, ReportKind.GOVERNMENT_WORK),
    (rules.PRESIDIUM_WORK, ReportKind.PRESIDIUM_WORK),
    (rules.SPECIFIC_ISSUE, ReportKind.SPECIFIC_ISSUE),
    (rules.APPROVED, ReportOutcome.APPROVED),
    (rules.SPECIFIC_ISSUE_HEARING, ActivityKind.SPECIFIC_ISSUE_HEARING),
    (rules.TRAINING, ActivityKind.TRAINING),
    (rules.BY_ELECTION, ElectionKind.BY_ELECTION),
    (law.HELD, SessionStatus.HELD),
    (facts.HELD, SessionStatus.HELD),
    (facts.PLANNED, SessionStatus.PLANNED),
    (facts.REGULAR, SessionKind.REGULAR),
]


@pytest.mark.parametrize(
    ("constant", "choice"), MIRRORS, ids=lambda value: str(getattr(value, "name", value))
)
def test_an_engine_kind_equals_the_choice_it_mirrors(constant, choice):
    assert constant == choice.value
    assert type(constant) is str  # a plain string, as in the facts, not the enum member


def test_the_election_posts_are_offices():
    assert {ElectionOffice.CHAIR.value, ElectionOffice.HEAD.value} == rules.SINGLE_POSTS
    assert {ElectionOffice.VICE_CHAIR.value, ElectionOffice.DEPUTY_HEAD.value} == rules.DEPUTY_POSTS
