"""RULES.md "Every query gives the same answer": a township-year's flags never depend on which
other years or townships are evaluated with it. A property test: random township records
(sessions of every status around the year boundaries, with quorum or not, reports of any fiscal
year, resolutions, elections, suggestions and their earlier rounds, presidium meetings,
activities, terms, townships established or abolished) are evaluated all at once, for a subset of
the years, and cell by cell — every cell must be the same."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from congress.models import Township
from oversight.selectors import compliance
from sessions import models as s
from tests.factories import (
    CandidateFactory,
    CountyFactory,
    DeputyActivityFactory,
    DeputyFactory,
    ElectionFactory,
    PresidiumMeetingFactory,
    ReportFactory,
    ResolutionFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
    TownshipFactory,
    aware,
)

YEARS = [2021, 2022, 2023, 2024, 2025]
AS_OF = [
    datetime.date(2024, 12, 31),
    datetime.date(2025, 1, 1),
    datetime.date(2025, 6, 15),
    datetime.date(2026, 1, 10),
]


def days(low: datetime.date, high: datetime.date):
    """Any day, often one near a New Year (where windows and years meet)."""
    near_new_year = st.builds(
        lambda year, offset: datetime.date(year, 1, 1) + datetime.timedelta(days=offset),
        st.integers(low.year + 1, high.year),
        st.integers(-20, 20),
    ).filter(lambda day: low <= day <= high)
    return st.one_of(st.dates(low, high), near_new_year)


EARLY, LATE = datetime.date(2019, 6, 1), datetime.date(2026, 3, 1)

reports = st.lists(
    st.tuples(
        st.sampled_from(
            ["budget", "budget", "final_accounts", "government_work", "presidium_work", "specific_issue"]
        ),
        # The fiscal year as an offset from the session's year (a budget approved two years
        # ahead is outside RULES.md's window).
        st.one_of(st.none(), st.integers(-1, 2)),
        st.sampled_from(["approved", "approved", "deliberated", "not_approved"]),
    ),
    max_size=3,
)
sessions = st.lists(
    st.fixed_dictionaries(
        {
            "term": st.integers(0, 1),
            "status": st.sampled_from(["held", "held", "planned", "cancelled"]),
            "opens_on": days(EARLY, LATE),
            "hour": st.sampled_from([0, 8, 23]),
            "hours": st.sampled_from([None, 4, 8, 30]),
            "n": st.integers(3, 60),
            "present": st.one_of(st.none(), st.floats(0, 1), st.just(1.0)),
            "announced": st.one_of(st.none(), st.integers(-3, 20)),
            "kind": st.sampled_from(["regular", "regular", "extraordinary"]),
            "reports": reports,
            "votes": st.lists(st.floats(0, 1), max_size=1),
            "election": st.one_of(
                st.none(),
                st.tuples(
                    st.sampled_from(["head", "vice_chair", "chair"]),
                    st.sampled_from(["competitive", "uncontested", "by_election"]),
                    st.integers(0, 4),
                ),
            ),
        }
    ),
    max_size=6,
)
suggestions = st.lists(
    st.fixed_dictionaries(
        {
            "submitted": days(EARLY, LATE),
            "assigned": st.one_of(st.none(), st.integers(0, 30)),
            "due": st.one_of(st.none(), st.integers(80, 200)),
            "replied": st.one_of(st.none(), st.integers(0, 300)),
            "complex": st.booleans(),
            "round": st.one_of(st.none(), st.tuples(st.integers(60, 120), st.integers(0, 150))),
        }
    ),
    max_size=3,
)
townships = st.lists(
    st.fixed_dictionaries(
        {
            "established": st.one_of(st.none(), st.none(), days(datetime.date(2020, 1, 1), LATE)),
            "abolished_after": st.one_of(st.none(), st.none(), st.integers(0, 2000)),
            "terms": st.lists(
                st.tuples(days(datetime.date(2016, 1, 1), LATE), st.one_of(st.none(), st.integers(0, 120))),
                min_size=1,
                max_size=2,
                unique_by=lambda term: term[0],  # two terms never start on the same day
            ),
            "sessions": sessions,
            "meetings": st.lists(days(EARLY, LATE), max_size=5),
            "activities": st.lists(
                st.tuples(
                    days(EARLY, LATE), st.sampled_from(["inspection", "training", "specific_issue_hearing"])
                ),
                max_size=4,
            ),
            "suggestions": suggestions,
        }
    ),
    min_size=1,
    max_size=3,
)


def build(profile: str, records: list[dict]):
    county = CountyFactory(rule_profile=profile)
    for index, record in enumerate(records):
        established = record["established"]
        abolished = None
        if record["abolished_after"] is not None:
            start = established or datetime.date(2020, 6, 1)
            abolished = start + datetime.timedelta(days=record["abolished_after"])
        township = TownshipFactory(
            county=county, name=f"试验{index}镇", established_on=established, abolished_on=abolished
        )
        terms = []
        for ordinal, (starts_on, elected_before) in enumerate(sorted(record["terms"]), start=17):
            elected_on = (
                None if elected_before is None else starts_on - datetime.timedelta(days=elected_before)
            )
            terms.append(
                TermFactory(township=township, ordinal=ordinal, starts_on=starts_on, elected_on=elected_on)
            )
        numbers = [0] * len(terms)
        for plan in record["sessions"]:
            which = min(plan["term"], len(terms) - 1)
            numbers[which] += 1
            opens_at = aware(
                plan["opens_on"].year, plan["opens_on"].month, plan["opens_on"].day, plan["hour"]
            )
            n = plan["n"]
            present = None if plan["present"] is None else round(plan["present"] * n)
            session = SessionFactory(
                term=terms[which],
                ordinal=numbers[which],
                status=plan["status"],
                kind=plan["kind"],
                opens_at=opens_at,
                closes_at=None
                if plan["hours"] is None
                else opens_at + datetime.timedelta(hours=plan["hours"]),
                announced_on=None
                if plan["announced"] is None
                else plan["opens_on"] - datetime.timedelta(days=plan["announced"]),
                deputies_in_office=n,
                present=present,
                excused=0,
            )
            for kind, ahead, outcome in plan["reports"]:
                fiscal_year = None if ahead is None else opens_at.year + ahead
                ReportFactory(
                    session=session, kind=kind, fiscal_year=fiscal_year, outcome=outcome, title=kind
                )
            for share in plan["votes"]:
                votes = round(share * n)
                ResolutionFactory(session=session, present_at_vote=votes, votes_for=votes)
            if plan["election"] is not None:
                office, kind, count = plan["election"]
                election = ElectionFactory(session=session, office=office, kind=kind, seats=1, ballots_cast=n)
                for i in range(count):
                    CandidateFactory(election=election, votes=max(0, n // 2 + 1 - 2 * i), elected=i == 0)
        for day in record["meetings"]:
            PresidiumMeetingFactory(township=township, held_on=day)
        for day, kind in record["activities"]:
            DeputyActivityFactory(township=township, held_on=day, kind=kind)
        deputy = DeputyFactory(term=terms[-1]) if record["suggestions"] else None
        for plan in record["suggestions"]:
            assigned = (
                None if plan["assigned"] is None else plan["submitted"] + datetime.timedelta(plan["assigned"])
            )
            due = (
                None
                if assigned is None or plan["due"] is None
                else assigned + datetime.timedelta(plan["due"])
            )
            replied = (
                None
                if assigned is None or plan["replied"] is None
                else assigned + datetime.timedelta(plan["replied"])
            )
            suggestion = SuggestionFactory(
                township=township,
                lead_deputy=deputy,
                submitted_on=plan["submitted"],
                assigned_on=assigned,
                due_on=due,
                replied_on=replied,
                is_complex=plan["complex"],
            )
            if plan["round"] is not None and assigned is not None:
                due_after, replied_after = plan["round"]
                s.SuggestionRound.objects.create(
                    suggestion=suggestion,
                    number=1,
                    assigned_on=assigned,
                    due_on=assigned + datetime.timedelta(due_after),
                    replied_on=assigned + datetime.timedelta(replied_after),
                    outcome="solved",
                    satisfaction="dissatisfied",
                )
    return county


# The issue's case: a budget for 2024 approved at a session on 2022-12-20 — a violation for
# `compliance --year 2024`, ok on the dashboard (several years at once).
ISSUE_CASE = [
    {
        "established": None,
        "abolished_after": None,
        "terms": [(datetime.date(2021, 12, 28), 30)],
        "sessions": [
            {
                "term": 0,
                "status": "held",
                "opens_on": datetime.date(2022, 12, 20),
                "hour": 8,
                "hours": 8,
                "n": 45,
                "present": 1.0,
                "announced": 10,
                "kind": "regular",
                "reports": [("budget", 2, "approved")],
                "votes": [],
                "election": None,
            }
        ],
        "meetings": [],
        "activities": [],
        "suggestions": [],
    }
]


def answer(cell):
    return cell.status, cell.flags, cell.owed


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(
    profile=st.sampled_from(["national", "zhejiang"]),
    records=townships,
    as_of=st.sampled_from(AS_OF),
    subset=st.sets(st.sampled_from(YEARS), min_size=1),
)
@example(profile="national", records=ISSUE_CASE, as_of=datetime.date(2026, 1, 10), subset={2024})
def test_each_cell_has_the_same_flags_whatever_is_evaluated_with_it(profile, records, as_of, subset):
    with transaction.atomic():
        county = build(profile, records)
        everyone = Township.objects.filter(county=county)
        together = {
            (c.township.id, c.year): answer(c)
            for c in compliance(townships=everyone, years=YEARS, as_of=as_of)
        }
        # The whole country (no filter on the townships: another path of the loader).
        assert {
            (c.township.id, c.year): answer(c)
            for c in compliance(townships=Township.objects.all(), years=YEARS, as_of=as_of)
        } == together
        for cell in compliance(townships=everyone, years=sorted(subset), as_of=as_of):
            assert answer(cell) == together[cell.township.id, cell.year], ("years", sorted(subset), cell.year)
        for township in everyone:
            for year in YEARS:
                alone = compliance(
                    townships=Township.objects.filter(pk=township.pk), years=[year], as_of=as_of
                )
                assert [answer(c) for c in alone] == (
                    [together[township.pk, year]] if year <= as_of.year else []
                ), (
                    township.name,
                    year,
                )
        transaction.set_rollback(True)
