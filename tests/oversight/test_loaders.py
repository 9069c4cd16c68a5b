"""The loaders load_facts() is made of: each reads one kind of row in a fixed number of queries
and returns it by township (or by session), named; load_facts() is their composition."""

import datetime

import pytest

from congress.models import RuleProfile, Township
from oversight import selectors
from oversight.facts import YearSummary
from oversight.selectors import (
    ActivityCounts,
    Reading,
    ReportCounts,
    per_year,
    year_summaries,
)
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

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2025, 1, 15)


@pytest.fixture
def record():
    """One township of a county that sets a presidium-meeting gap, with one row of every kind a
    loader reads in 2024, and a neighbour with nothing recorded."""
    township = TownshipFactory(county=CountyFactory(rule_profile=RuleProfile.ZHEJIANG))
    TownshipFactory(county=township.county)
    term = TermFactory(township=township)
    first = SessionFactory(term=term, ordinal=1, opens_at=aware(2022, 1, 10, 8, 30))
    opens_at = aware(2024, 3, 5, 8, 30)
    # Announced on its opening day: a session a session-level rule flags.
    session = SessionFactory(term=term, ordinal=5, opens_at=opens_at, announced_on=opens_at.date())
    ReportFactory(session=session, kind=s.ReportKind.BUDGET, fiscal_year=2024, outcome="approved")
    ReportFactory(session=session, kind=s.ReportKind.GOVERNMENT_WORK)
    lawful = SessionFactory(term=term, ordinal=6, opens_at=aware(2024, 8, 20, 8, 30))
    ReportFactory(session=lawful, kind=s.ReportKind.SPECIFIC_ISSUE)
    short = ResolutionFactory(session=session, votes_for=20)  # 20 of 45: short of a majority
    ResolutionFactory(session=session)  # 45 of 45
    election = ElectionFactory(session=session)
    candidate = CandidateFactory(election=election)
    DeputyActivityFactory(township=township, held_on=datetime.date(2024, 6, 12))
    DeputyActivityFactory(
        township=township, held_on=datetime.date(2024, 7, 1), kind=s.ActivityKind.SPECIFIC_ISSUE_HEARING
    )
    PresidiumMeetingFactory(township=township, held_on=datetime.date(2024, 2, 20))
    suggestion = SuggestionFactory(township=township, lead_deputy=DeputyFactory(term=term), replied_on=None)
    s.SuggestionRound.objects.create(
        suggestion=suggestion,
        number=1,
        assigned_on=datetime.date(2024, 1, 10),
        due_on=datetime.date(2024, 3, 10),
        replied_on=datetime.date(2024, 4, 1),
        outcome="explained",
        satisfaction="dissatisfied",
    )
    return {
        "township": township,
        "term": term,
        "first": first,
        "session": session,
        "short": short,
        "election": election,
        "candidate": candidate,
        "suggestion": suggestion,
    }


def reading(years=(2024,)):
    return Reading(Township.objects.all(), list(years), AS_OF)


def test_each_loader_reads_in_one_query_by_township(record, django_assert_num_queries):
    t = record["township"].pk
    with django_assert_num_queries(1):
        rows = selectors.load_townships(reading())
    codes = [code for _pk, code, *_ in rows]
    assert codes == sorted(codes)
    assert {pk: profile for pk, *_, profile in rows}[t] == RuleProfile.ZHEJIANG
    with django_assert_num_queries(1):
        terms, ordinals = selectors.load_terms(reading())
    [term] = terms[t]
    assert (term.id, term.first_session_id) == (record["term"].pk, record["first"].pk)
    assert ordinals == {record["term"].pk: 18}
    with django_assert_num_queries(1):
        held = selectors.count_held_sessions(reading())
    assert held == {t: (2,)}
    with django_assert_num_queries(1):
        reports = selectors.count_reports(reading())
    assert per_year(reports[t], ReportCounts) == [
        ReportCounts(government_work=1, presidium_work=0, specific_issue=1, budget=1, final_accounts=0)
    ]
    with django_assert_num_queries(1):
        activities = selectors.count_activities(reading())
    assert per_year(activities[t], ActivityCounts) == [ActivityCounts(recess=2, specific_issue_hearings=1)]
    with django_assert_num_queries(1):
        meetings = selectors.load_presidium_meetings(reading())
    assert meetings == {t: [datetime.date(2024, 2, 20)]}
    with django_assert_num_queries(1):
        suggestions = selectors.load_suggestions(reading())
    assert [(f.id, f.round) for f in suggestions[t]] == [(record["suggestion"].pk, None)]
    with django_assert_num_queries(1):
        follow_ups = selectors.load_follow_ups(reading())
    assert [(f.id, f.round) for f in follow_ups[t]] == [(record["suggestion"].pk, 1)]


def test_the_session_loaders_read_by_session_with_the_session_row(record, django_assert_num_queries):
    session = record["session"].pk
    with django_assert_num_queries(1):
        resolutions, resolution_sessions = selectors.load_resolutions(reading())
    assert [r.id for r in resolutions[session]] == [record["short"].pk]
    assert resolution_sessions[session].township_id == record["township"].pk
    with django_assert_num_queries(2):
        elections, election_sessions = selectors.load_elections(reading())
    [election] = elections[session]
    assert [c.id for c in election.candidates] == [record["candidate"].pk]
    assert election_sessions[session] == resolution_sessions[session]
    with django_assert_num_queries(1):
        flaggable = selectors.load_flaggable_sessions(reading())
    assert set(flaggable) == {session}  # announced late; the others are lawful
    assert flaggable[session].ordinal == 5


def test_load_facts_is_the_loaders_composed_in_twelve_queries(record, django_assert_num_queries):
    with django_assert_num_queries(12):
        [facts, _neighbour] = selectors.load_facts(
            townships=Township.objects.filter(county=record["township"].county).order_by("code"),
            years=[2024],
            as_of=AS_OF,
        )
    assert facts.id == record["township"].pk
    assert [f.round for f in facts.suggestions] == [None, 1]  # the current round, then earlier ones
    [session] = facts.sessions
    assert [r.id for r in session.resolutions] == [record["short"].pk]
    assert [e.id for e in session.elections] == [record["election"].pk]


def test_the_counts_of_each_year_are_named_from_their_own_columns():
    # Two years: 2023 heard the presidium report and approved the final accounts; 2024 approved
    # the budget and heard the government work report.
    reports = (*ReportCounts(0, 1, 0, 0, 2), *ReportCounts(3, 0, 0, 1, 0))
    activities = (*ActivityCounts(4, 0), *ActivityCounts(0, 1))
    assert year_summaries([2023, 2024], (1, 2), reports, activities) == (
        YearSummary(
            year=2023,
            held=1,
            final_accounts_approved=True,
            heard=frozenset({s.ReportKind.PRESIDIUM_WORK}),
            recess_activities=4,
        ),
        YearSummary(
            year=2024,
            held=2,
            budget_approved=True,
            heard=frozenset({s.ReportKind.GOVERNMENT_WORK}),
            specific_issue_hearing=True,
        ),
    )


def test_townships_with_equal_counts_share_one_summary():
    a, b = TownshipFactory(), TownshipFactory()
    DeputyActivityFactory(township=a, held_on=datetime.date(2024, 6, 12))
    DeputyActivityFactory(township=b, held_on=datetime.date(2024, 8, 12))
    facts = {
        f.id: f
        for f in selectors.load_facts(
            townships=Township.objects.filter(pk__in=[a.pk, b.pk]), years=[2024], as_of=AS_OF
        )
    }
    assert facts[a.pk].years[0] is facts[b.pk].years[0]
    assert facts[a.pk].years[0].recess_activities == 1
