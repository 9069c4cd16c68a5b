"""compliance() against the database: facts loaded from the record, flags that appear and clear
as the record changes, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congress.models import RuleProfile, Township
from oversight.selectors import compliance, load_facts
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

CLOSED = datetime.date(2025, 1, 15)


def lawful_year(term, year, *, meetings=False):
    """Two held sessions, two activities (and presidium meetings every two months): a lawful year."""
    first = SessionFactory(term=term, ordinal=2 * (year - 2021) + 1, opens_at=aware(year, 3, 5, 8, 30))
    for kind in (
        s.ReportKind.GOVERNMENT_WORK,
        s.ReportKind.BUDGET,
        s.ReportKind.FINAL_ACCOUNTS,
        s.ReportKind.PRESIDIUM_WORK,
    ):
        ReportFactory(session=first, kind=kind, title=str(kind.label), fiscal_year=None)
    second = SessionFactory(term=term, ordinal=2 * (year - 2021) + 2, opens_at=aware(year, 8, 20, 8, 30))
    ReportFactory(session=second, kind=s.ReportKind.SPECIFIC_ISSUE, title="专项工作报告")
    DeputyActivityFactory(township=term.township, held_on=datetime.date(year, 4, 10))
    DeputyActivityFactory(
        township=term.township, held_on=datetime.date(year, 9, 10), kind=s.ActivityKind.RESEARCH
    )
    if meetings:
        for month in (1, 3, 5, 7, 9, 11):
            PresidiumMeetingFactory(township=term.township, held_on=datetime.date(year, month, 15))
    return first, second


def cell_of(township, year=2024, as_of=CLOSED):
    [cell] = compliance(townships=Township.objects.filter(pk=township.pk), years=[year], as_of=as_of)
    return cell


def codes(cell):
    return [f.rule for f in cell.flags]


@pytest.fixture
def term():
    return TermFactory(township=TownshipFactory(name="青山镇"))


def test_a_lawful_record_is_ok(term):
    lawful_year(term, 2024)
    cell = cell_of(term.township)
    assert cell.flags == []
    assert cell.status == "ok"
    assert cell.township.code == term.township.code
    assert cell.township.kind == "town"


def test_budget_and_final_accounts_take_their_default_fiscal_years(term):
    first, _ = lawful_year(term, 2024)
    assert "budget-not-approved" not in codes(cell_of(term.township))
    assert "final-accounts-not-approved" not in codes(cell_of(term.township))
    first.reports.filter(kind=s.ReportKind.FINAL_ACCOUNTS).update(fiscal_year=2024)
    assert "final-accounts-not-approved" in codes(cell_of(term.township))
    first.reports.filter(kind=s.ReportKind.BUDGET).update(fiscal_year=2025)
    assert "budget-not-approved" in codes(cell_of(term.township))


def test_a_budget_approved_at_the_previous_december_session_counts(term):
    first, _ = lawful_year(term, 2024)
    first.reports.filter(kind=s.ReportKind.BUDGET).delete()
    assert "budget-not-approved" in codes(cell_of(term.township))
    december = SessionFactory(term=term, ordinal=40, opens_at=aware(2023, 12, 26, 9))
    ReportFactory(session=december, kind=s.ReportKind.BUDGET, fiscal_year=2024, title="2024年预算")
    assert "budget-not-approved" not in codes(cell_of(term.township))


def test_quorum_flag_appears_and_clears_with_the_attendance(term):
    first, _ = lawful_year(term, 2024)
    s.Session.objects.filter(pk=first.pk).update(present=29)
    cell = cell_of(term.township)
    [flag] = [f for f in cell.flags if f.rule == "quorum-not-met"]
    assert flag.object == {
        "type": "session",
        "id": first.pk,
        "label": "青山镇第十八届人民代表大会第七次会议",
        "session_id": first.pk,
    }
    # The failed session's reports no longer count: it was not held.
    assert "government-report-not-reviewed" in codes(cell)
    s.Session.objects.filter(pk=first.pk).update(present=30)
    assert cell_of(term.township).flags == []


def test_recess_activity_flag_appears_and_clears(term):
    lawful_year(term, 2024)
    s.DeputyActivity.objects.filter(township=term.township).first().delete()
    assert "few-recess-activities" in codes(cell_of(term.township))
    DeputyActivityFactory(
        township=term.township, held_on=datetime.date(2024, 11, 1), kind=s.ActivityKind.TRAINING
    )
    assert "few-recess-activities" in codes(cell_of(term.township))
    DeputyActivityFactory(
        township=term.township, held_on=datetime.date(2024, 11, 2), kind=s.ActivityKind.VOTER_CONTACT
    )
    assert "few-recess-activities" not in codes(cell_of(term.township))


def test_the_county_profile_switches_the_presidium_meeting_gap_on(term):
    lawful_year(term, 2024)
    assert cell_of(term.township).flags == []
    county = term.township.county
    county.rule_profile = RuleProfile.HENAN
    county.save()
    assert "presidium-meeting-gap" in codes(cell_of(term.township))
    for month in (1, 3, 5, 7, 9, 11):
        PresidiumMeetingFactory(township=term.township, held_on=datetime.date(2024, month, 15))
    assert "presidium-meeting-gap" not in codes(cell_of(term.township))


def test_resolutions_and_elections_are_read(term):
    first, _ = lawful_year(term, 2024)
    weak = ResolutionFactory(session=first, votes_for=22, title="关于财政预算的决议")
    election = ElectionFactory(session=first, office=s.ElectionOffice.CHAIR, kind=s.ElectionKind.COMPETITIVE)
    for votes in (30, 5, 3):
        CandidateFactory(election=election, votes=votes, elected=votes == 30)
    vice = ElectionFactory(session=first, office=s.ElectionOffice.VICE_CHAIR, kind=s.ElectionKind.COMPETITIVE)
    elected = CandidateFactory(election=vice, votes=20, elected=True, name="赵六")
    CandidateFactory(election=vice, votes=15, elected=False)
    cell = cell_of(term.township)
    by_rule = {f.rule: f for f in cell.flags}
    assert set(by_rule) == {
        "resolution-majority-not-reached",
        "election-margin-invalid",
        "election-majority-not-reached",
    }
    assert by_rule["resolution-majority-not-reached"].object["id"] == weak.pk
    assert by_rule["election-margin-invalid"].object["id"] == election.pk
    assert by_rule["election-majority-not-reached"].object == {
        "type": "candidate",
        "id": elected.pk,
        "label": "赵六",
        "session_id": first.pk,
    }


def test_the_opening_day_is_the_local_day(term):
    lawful_year(term, 2024)
    # 00:30 on Jan 1 in Shanghai is Dec 31 in UTC; the session is a 2024 session.
    SessionFactory(term=term, ordinal=50, opens_at=aware(2024, 1, 1, 0, 30), present=10)
    assert "quorum-not-met" in codes(cell_of(term.township, 2024))
    assert "quorum-not-met" not in codes(cell_of(term.township, 2023, as_of=CLOSED))


def test_suggestion_reply_flag_appears_and_clears(term):
    lawful_year(term, 2024)
    suggestion = SuggestionFactory(
        township=term.township,
        lead_deputy=DeputyFactory(term=term),
        assigned_on=datetime.date(2024, 3, 20),
        due_on=datetime.date(2024, 6, 20),
        replied_on=None,
    )
    assert "suggestion-reply-overdue" not in codes(cell_of(term.township, as_of=datetime.date(2024, 6, 20)))
    assert "suggestion-reply-overdue" in codes(cell_of(term.township, as_of=datetime.date(2024, 6, 21)))
    s.Suggestion.objects.filter(pk=suggestion.pk).update(
        replied_on=datetime.date(2024, 6, 20), outcome="solved"
    )
    assert "suggestion-reply-overdue" not in codes(cell_of(term.township))
    s.Suggestion.objects.filter(pk=suggestion.pk).update(replied_on=datetime.date(2024, 6, 21))
    [flag] = [f for f in cell_of(term.township).flags if f.rule == "suggestion-reply-overdue"]
    assert flag.object["type"] == "suggestion" and flag.object["id"] == suggestion.pk


def test_a_late_round_before_reopening_stays_late(term):
    lawful_year(term, 2024)
    suggestion = SuggestionFactory(
        township=term.township,
        lead_deputy=DeputyFactory(term=term),
        assigned_on=datetime.date(2024, 7, 10),
        due_on=datetime.date(2024, 10, 10),
        replied_on=datetime.date(2024, 9, 1),
        outcome="solved",
    )
    s.SuggestionRound.objects.create(
        suggestion=suggestion,
        number=1,
        assigned_on=datetime.date(2024, 3, 20),
        due_on=datetime.date(2024, 6, 20),
        replied_on=datetime.date(2024, 7, 1),
        outcome="explained",
        satisfaction="dissatisfied",
    )
    [flag] = [f for f in cell_of(term.township).flags if f.rule == "suggestion-reply-overdue"]
    assert flag.object["id"] == suggestion.pk


def test_a_suggestion_without_a_stored_due_day_takes_the_profile_period(term):
    lawful_year(term, 2024)
    SuggestionFactory(
        township=term.township,
        lead_deputy=DeputyFactory(term=term),
        submitted_on=datetime.date(2023, 11, 30),
        assigned_on=datetime.date(2023, 11, 30),
        due_on=None,
        replied_on=datetime.date(2024, 3, 1),
    )
    assert "suggestion-reply-overdue" in codes(cell_of(term.township))  # due Feb 29, 2024
    assert "suggestion-reply-overdue" not in codes(cell_of(term.township, 2023))


def test_the_first_session_numbered_1_decides_term_rules():
    township = TownshipFactory(name="白水乡")
    term = TermFactory(
        township=township,
        ordinal=17,
        elected_on=datetime.date(2016, 11, 1),
        starts_on=datetime.date(2016, 12, 1),
    )
    first = SessionFactory(term=term, ordinal=1, opens_at=aware(2017, 1, 5, 9))
    cell = cell_of(township, 2017, as_of=datetime.date(2018, 1, 10))
    [late] = [f for f in cell.flags if f.rule == "first-session-late"]
    assert late.object == {"type": "term", "id": term.pk, "label": "白水乡第十七届", "session_id": first.pk}
    # Five years and six months after Jan 5, 2017 is Jul 5, 2022.
    assert "term-overdue" not in codes(cell_of(township, 2022, as_of=datetime.date(2022, 7, 5)))
    assert "term-overdue" in codes(cell_of(township, 2022, as_of=datetime.date(2022, 7, 6)))
    TermFactory(
        township=township,
        ordinal=18,
        elected_on=datetime.date(2021, 11, 1),
        starts_on=datetime.date(2021, 12, 20),
    )
    assert "term-overdue" not in codes(cell_of(township, 2022, as_of=datetime.date(2022, 7, 6)))


def test_terms_are_loaded_in_number_order_whatever_order_they_were_stored_in():
    """The loader reads terms unsorted: each township's kept terms come out by number, the latest
    on each reference day kept and the superseded one dropped."""
    township = TownshipFactory()
    for ordinal, year in ((18, 2021), (16, 2011), (17, 2016)):
        TermFactory(
            township=township,
            ordinal=ordinal,
            elected_on=datetime.date(year, 11, 1),
            starts_on=datetime.date(year, 12, 1),
        )
    [facts] = load_facts(
        townships=Township.objects.filter(pk=township.pk),
        years=[2016, 2021],
        as_of=datetime.date(2022, 1, 10),
    )
    # 2016: the 17th (began Dec 1) and 2021: the 18th, each latest and begun in its year.
    assert [t.ordinal for t in facts.terms] == [17, 18]
    [facts] = load_facts(
        townships=Township.objects.filter(pk=township.pk), years=[2015], as_of=datetime.date(2016, 1, 10)
    )
    assert [t.ordinal for t in facts.terms] == [16]


def test_planned_sessions_schedule_the_year_in_progress(term):
    as_of = datetime.date(2024, 6, 30)
    assert "annual-session-unscheduled" in codes(cell_of(term.township, as_of=as_of))
    planned = SessionFactory(
        term=term, ordinal=30, status=s.SessionStatus.PLANNED, present=None, opens_at=aware(2024, 12, 31, 9)
    )
    cell = cell_of(term.township, as_of=as_of)
    assert "annual-session-unscheduled" not in codes(cell)
    assert cell.status == "pending"
    assert cell.owed
    s.Session.objects.filter(pk=planned.pk).update(status=s.SessionStatus.POSTPONED)
    assert "annual-session-unscheduled" in codes(cell_of(term.township, as_of=as_of))


def test_subdistricts_are_not_applicable():
    street = TownshipFactory(name="城关街道")
    assert street.kind == "subdistrict"
    cell = cell_of(street)
    assert cell.status == "not-applicable"
    assert cell.flags == []


def test_cells_are_ordered_by_township_code_then_year_and_later_years_are_left_out():
    county = CountyFactory()
    b = TownshipFactory(county=county, code=f"{county.code}002", name="乙镇")
    a = TownshipFactory(county=county, code=f"{county.code}001", name="甲镇")
    cells = compliance(
        townships=Township.objects.filter(county=county),
        years=[2024, 2023, 2025],
        as_of=datetime.date(2024, 5, 1),
    )
    assert [(c.township.id, c.year) for c in cells] == [
        (a.pk, 2023),
        (a.pk, 2024),
        (b.pk, 2023),
        (b.pk, 2024),
    ]


def test_as_of_defaults_to_today(term):
    this_year = timezone.localdate().year
    [cell] = compliance(townships=Township.objects.filter(pk=term.township.pk), years=[this_year])
    assert cell.status in {"pending", "warning", "violation", "ok"}
    assert cell.owed  # nothing recorded this year: a session is still owed


def test_only_the_given_townships_are_loaded():
    mine, other = TermFactory(), TermFactory()
    lawful_year(mine, 2024)
    lawful_year(other, 2024)
    facts = load_facts(townships=Township.objects.filter(pk=mine.township.pk), years=[2024])
    assert [f.id for f in facts] == [mine.township.pk]
    assert all(session.label.startswith(mine.township.name) for session in facts[0].sessions)


def _record(townships, years):
    county = CountyFactory(rule_profile=RuleProfile.ZHEJIANG)
    for _ in range(townships):
        term = TermFactory(township=TownshipFactory(county=county))
        for year in years:
            first, _second = lawful_year(term, year, meetings=True)
            ResolutionFactory(session=first)
            election = ElectionFactory(session=first)
            CandidateFactory(election=election)
            SuggestionFactory(
                township=term.township,
                lead_deputy=DeputyFactory(term=term),
                submitted_on=datetime.date(year, 3, 5),
                assigned_on=datetime.date(year, 3, 20),
                due_on=None,
            )
    return county


def test_compliance_costs_a_fixed_number_of_queries():
    years = [2022, 2023, 2024]
    small, large = _record(2, years), _record(12, years)
    counts = []
    for county in (small, large):
        with CaptureQueriesContext(connection) as queries:
            cells = compliance(townships=Township.objects.filter(county=county), years=years, as_of=CLOSED)
        counts.append(len(queries))
        assert len(cells) == county.townships.count() * 3
        assert all(c.status == "violation" for c in cells)  # every suggestion unanswered
    assert counts[0] == counts[1] == 12


@pytest.mark.parametrize(
    ("minutes", "flagged"),
    [(6 * 60 - 1, True), (6 * 60, False)],
    ids=["5h59-too-short", "6h-enough"],
)
def test_the_database_passes_the_rules_every_session_that_may_be_too_short(minutes, flagged):
    """The loader narrows sessions in the database (a superset); the rule decides at the minute."""
    term = TermFactory()
    first, _second = lawful_year(term, 2024)
    first.closes_at = first.opens_at + datetime.timedelta(minutes=minutes)
    first.save()
    rules = {flag.rule for flag in cell_of(term.township).flags}
    assert ("session-too-short" in rules) is flagged


@pytest.mark.parametrize(
    ("days_after_opening", "flagged"),
    [(0, False), (1, True)],
    ids=["announced-on-the-opening-day", "announced-the-day-after"],
)
def test_the_database_passes_the_rules_every_session_announced_late(days_after_opening, flagged):
    term = TermFactory()
    first, _second = lawful_year(term, 2024)
    # 08:30 in Shanghai is 00:30 UTC: the local opening day, not the UTC one, is what counts.
    first.announced_on = timezone.localtime(first.opens_at).date() + datetime.timedelta(
        days=days_after_opening
    )
    first.save()
    rules = {flag.rule for flag in cell_of(term.township).flags}
    assert ("session-not-announced" in rules) is flagged


@pytest.mark.parametrize(
    ("days_after_opening", "flagged"),
    [(0, False), (1, True)],
    ids=["announced-on-the-opening-day", "announced-the-day-after"],
)
def test_an_announcement_is_read_by_the_local_day_when_the_utc_day_is_the_day_before(
    days_after_opening, flagged
):
    """07:00 in Shanghai is 23:00 UTC the day before: the database's superset compares the stored
    (UTC) day, the rule the local one."""
    term = TermFactory()
    first, _second = lawful_year(term, 2024)
    first.opens_at = aware(2024, 3, 5, 7, 0)
    first.closes_at = aware(2024, 3, 5, 17, 0)
    first.announced_on = datetime.date(2024, 3, 5) + datetime.timedelta(days=days_after_opening)
    first.save()
    rules = {flag.rule for flag in cell_of(term.township).flags}
    assert ("session-not-announced" in rules) is flagged


@pytest.mark.parametrize(
    ("local_start", "minutes", "flagged"),
    [((7, 0), 2 * 60, True), ((5, 0), 6 * 60 - 1, True), ((5, 0), 6 * 60, False)],
    ids=["07h-09h", "05h-10h59", "05h-11h"],
)
def test_a_short_sitting_across_midnight_utc_is_passed_to_the_rules(local_start, minutes, flagged):
    """Before 08:00 in Shanghai it is still the day before in UTC: the stored dates differ."""
    term = TermFactory()
    first, _second = lawful_year(term, 2024)
    first.opens_at = aware(2024, 3, 5, *local_start)
    first.closes_at = first.opens_at + datetime.timedelta(minutes=minutes)
    first.save()
    rules = {flag.rule for flag in cell_of(term.township).flags}
    assert ("session-too-short" in rules) is flagged


def test_a_session_on_new_years_morning_counts_for_its_local_year():
    """00:30 on Jan 1 in Shanghai is Dec 31 in UTC: the held sessions are counted by local year."""
    term = TermFactory()
    first, second = lawful_year(term, 2024)
    second.opens_at, second.closes_at = aware(2025, 1, 1, 0, 30), aware(2025, 1, 1, 18, 0)
    second.ordinal = 9
    second.save()
    as_of = datetime.date(2026, 1, 15)
    cells = compliance(
        townships=Township.objects.filter(pk=term.township.pk), years=[2024, 2025], as_of=as_of
    )
    assert [codes(c).count("second-session-missing") for c in cells] == [1, 1]
    assert "annual-session-missing" not in codes(cells[1])


def test_every_township_is_read_as_a_filtered_selection_is():
    """Township.objects.all() is read without a filter on the townships: the same cells."""
    for _ in range(3):
        lawful_year(TermFactory(), 2024)
    TermFactory()  # nothing recorded
    every = compliance(townships=Township.objects.all(), years=[2023, 2024], as_of=CLOSED)
    chosen = compliance(
        townships=Township.objects.filter(pk__in=list(Township.objects.values_list("pk", flat=True))),
        years=[2023, 2024],
        as_of=CLOSED,
    )
    assert every == chosen
    assert len(every) == 8


@pytest.mark.parametrize(("opens", "approved"), [((2023, 1, 1), True), ((2022, 12, 20), False)])
def test_the_budget_window_is_the_same_whatever_years_are_loaded(opens, approved):
    # The issue's case: a budget for 2024 approved on 2022-12-20 was a violation for
    # `compliance --year 2024` and ok on the dashboard (several years at once). RULES.md: a held
    # session opening in Y − 1 or Y; the 2023-01-01 midnight (local) is the first moment that counts.
    township = TownshipFactory()
    term = TermFactory(township=township, starts_on=datetime.date(2021, 12, 28))
    first, _second = lawful_year(term, 2024)
    first.reports.filter(kind=s.ReportKind.BUDGET).delete()
    early = SessionFactory(term=term, ordinal=20, opens_at=aware(*opens, 0, 0))
    ReportFactory(session=early, kind=s.ReportKind.BUDGET, fiscal_year=2024, title="2024年预算")
    townships = Township.objects.filter(pk=township.pk)
    for years in ([2024], [2022, 2023, 2024], [2019, 2020, 2021, 2022, 2023, 2024]):
        [cell] = [c for c in compliance(townships=townships, years=years, as_of=CLOSED) if c.year == 2024]
        assert ("budget-not-approved" in [f.rule for f in cell.flags]) is not approved, years


@pytest.mark.parametrize(("candidates", "flagged"), [(0, True), (1, False)])
def test_an_election_with_no_candidate_recorded_is_loaded_and_flagged(candidates, flagged):
    # RULES.md: an election of the township head with no candidate recorded counts as 0.
    township = TownshipFactory()
    term = TermFactory(township=township)
    first, _second = lawful_year(term, 2024)
    election = ElectionFactory(session=first, office=s.ElectionOffice.HEAD, kind=s.ElectionKind.UNCONTESTED)
    for _ in range(candidates):
        CandidateFactory(election=election)
    rules = [f.rule for f in cell_of(township).flags]
    assert ("election-margin-invalid" in rules) is flagged
