"""The rule engine on plain facts: year-level rules, the year in progress, statuses.

Builders here (town, session, report, …) make a lawful record by default; each test breaks
one thing and puts the threshold on both sides. Session-level and other rules are in
test_rules_session.py and test_rules_other.py.
"""

import dataclasses
import datetime
import itertools
import zoneinfo

import pytest
from django.utils import translation

from congress.profiles import profile_for
from oversight.facts import (
    ActivityFacts,
    CandidateFacts,
    ElectionFacts,
    ReportFacts,
    ResolutionFacts,
    SessionFacts,
    SuggestionFacts,
    TermFacts,
    TownshipFacts,
    YearSummary,
)
from oversight.results import STATUSES, Flag, status_of
from oversight.rules import RULES, day_label, evaluate, evaluate_many, rule_title

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
CLOSED_2024 = datetime.date(2025, 1, 15)  # D for a closed 2024
_ids = itertools.count(1)

YEAR_LEVEL_CODES = {
    "annual-session-missing",
    "second-session-missing",
    "budget-not-approved",
    "final-accounts-not-approved",
    "government-report-not-reviewed",
    "presidium-report-not-heard",
    "few-recess-activities",
    "no-specific-issue-report",
    "presidium-meeting-gap",
}


def d(year, month, day):
    return datetime.date(year, month, day)


def at(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def report(kind, fiscal_year=None, outcome="approved"):
    return ReportFacts(kind=kind, fiscal_year=fiscal_year, outcome=outcome)


def resolution(votes_for, *, adopted=True, title="关于政府工作报告的决议"):
    return ResolutionFacts(
        id=next(_ids), title=title, votes_for=votes_for, votes_against=0, votes_abstain=0, adopted=adopted
    )


def candidate(votes, *, elected=True, name="张三"):
    return CandidateFacts(id=next(_ids), name=name, votes=votes, elected=elected)


def election(office="head", *, kind="uncontested", seats=1, candidates=None):
    return ElectionFacts(
        id=next(_ids),
        office=office,
        kind=kind,
        seats=seats,
        candidates=tuple(candidates if candidates is not None else [candidate(40)]),
    )


def session(
    day=(2024, 3, 5),
    *,
    opens=(8, 30),
    hours=8.0,
    closes_at=None,
    n=45,
    present=40,
    kind="regular",
    status="held",
    announced_on="default",
    ordinal=1,
    term_ordinal=18,
    reports=(),
    resolutions=(),
    elections=(),
):
    opens_at = at(*day, *opens)
    if closes_at is None and hours is not None:
        closes_at = opens_at + datetime.timedelta(hours=hours)
    if announced_on == "default":
        announced_on = opens_at.date() - datetime.timedelta(days=10)
    return SessionFacts(
        id=next(_ids),
        label=f"测试镇第{term_ordinal}届人民代表大会第{ordinal}次会议",
        term_ordinal=term_ordinal,
        ordinal=ordinal,
        kind=kind,
        status=status,
        announced_on=announced_on,
        opens_at=opens_at,
        closes_at=closes_at,
        deputies_in_office=n,
        present=present,
        reports=tuple(reports),
        resolutions=tuple(resolutions),
        elections=tuple(elections),
    )


ELECTED_2021 = datetime.date(2021, 11, 20)
STARTED_2021 = datetime.date(2021, 12, 28)


def term(ordinal=18, *, elected_on=ELECTED_2021, starts_on=STARTED_2021, first_session_on=None):
    return TermFacts(
        id=next(_ids),
        ordinal=ordinal,
        elected_on=elected_on,
        starts_on=starts_on,
        first_session_on=first_session_on,
        first_session_id=None,
    )


def activity(day, kind="inspection"):
    return ActivityFacts(held_on=day, kind=kind)


def suggestion(assigned_on, *, replied_on=None, is_complex=False, due_on=None, title="关于修缮村道的建议"):
    return SuggestionFacts(
        id=next(_ids),
        title=title,
        assigned_on=assigned_on,
        is_complex=is_complex,
        replied_on=replied_on,
        due_on=due_on,
    )


def lawful_sessions(year):
    """Two held sessions that meet every year-level duty of `year`."""
    return [
        session(
            (year, 3, 5),
            ordinal=2 * (year - 2021) + 1,
            reports=[
                report("government_work", outcome="deliberated"),
                report("budget", year),
                report("final_accounts", year - 1),
                report("presidium_work", outcome="deliberated"),
            ],
            resolutions=[resolution(40)],
        ),
        session(
            (year, 8, 20),
            ordinal=2 * (year - 2021) + 2,
            reports=[report("specific_issue", outcome="deliberated"), report("budget_execution", year)],
        ),
    ]


def lawful_recess(year):
    activities = [activity(d(year, 4, 10)), activity(d(year, 6, 12), "research"), activity(d(year, 10, 9))]
    meetings = [d(year, m, 10) for m in (1, 3, 5, 7, 9, 11)] + [d(year, 12, 20)]
    return activities, meetings


def town(*, years=(2024,), sessions=None, activities=None, meetings=None, **fields):
    """A town with a lawful record for `years`, unless given other sessions/activities/meetings."""
    if sessions is None:
        sessions = [s for y in years for s in lawful_sessions(y)]
    if activities is None or meetings is None:
        recess = [lawful_recess(y) for y in years]
        activities = [a for r in recess for a in r[0]] if activities is None else activities
        meetings = [m for r in recess for m in r[1]] if meetings is None else meetings
    defaults = {
        "id": 1,
        "code": "330106001",
        "name": "测试镇",
        "kind": "town",
        "established_on": None,
        "abolished_on": None,
        "profile": "national",
        "terms": (term(),),
        "suggestions": (),
    }
    defaults.update(fields)
    defaults["terms"] = tuple(defaults["terms"])
    defaults["suggestions"] = tuple(defaults["suggestions"])
    return TownshipFacts(
        sessions=tuple(sorted(sessions, key=lambda s: s.opens_at)),
        activities=tuple(activities),
        presidium_meetings=tuple(sorted(meetings)),
        **defaults,
    )


def run(township, year=2024, as_of=CLOSED_2024, profile=None):
    return evaluate(township, year, as_of, profile_for(profile or township.profile))


def codes(cell):
    return [f.rule for f in cell.flags]


def only(cell, code) -> Flag:
    found = [f for f in cell.flags if f.rule == code]
    assert len(found) == 1, codes(cell)
    return found[0]


# --- the lawful record is lawful ------------------------------------------------------------


@pytest.mark.parametrize("profile", ["national", "beijing", "zhejiang", "henan", "chongqing", "shandong"])
def test_a_lawful_year_is_ok_under_every_profile(profile):
    # Chongqing and Shandong want four activities a year.
    activities = [activity(d(2024, m, 10)) for m in (2, 4, 6, 10)]
    cell = run(town(activities=activities, profile=profile))
    assert cell.flags == []
    assert cell.status == "ok"
    assert cell.owed == []


# --- annual-session-missing and second-session-missing --------------------------------------


def test_no_session_in_a_closed_year_is_annual_session_missing_alone():
    cell = run(town(sessions=[]))
    flag = only(cell, "annual-session-missing")
    assert "second-session-missing" not in codes(cell)
    assert flag.severity == "violation"
    assert flag.object is None
    assert cell.status == "violation"
    with translation.override("en"):
        cell = run(town(sessions=[]))
        assert (
            only(cell, "annual-session-missing").message
            == "No session of the people's congress was held in 2024"
        )
        assert only(cell, "annual-session-missing").basis == "Organic Law (2022) Art. 14(1)"


def test_a_session_that_failed_quorum_does_not_count_as_held():
    failed = session(
        (2024, 3, 5),
        present=29,
        reports=[report("government_work"), report("budget", 2024), report("final_accounts", 2023)],
    )
    cell = run(town(sessions=[failed]))
    assert "annual-session-missing" in codes(cell)
    assert "quorum-not-met" in codes(cell)
    assert "budget-not-approved" in codes(cell)
    assert "government-report-not-reviewed" in codes(cell)


def test_planned_postponed_and_cancelled_sessions_are_not_held():
    sessions = [
        session((2024, m, 5), status=s) for m, s in ((3, "planned"), (5, "postponed"), (7, "cancelled"))
    ]
    assert "annual-session-missing" in codes(run(town(sessions=sessions)))


def test_one_held_session_is_second_session_missing_a_warning_nationally():
    cell = run(town(sessions=lawful_sessions(2024)[:1]))
    flag = only(cell, "second-session-missing")
    assert flag.severity == "warning"
    assert "annual-session-missing" not in codes(cell)
    with translation.override("en"):
        assert "Only 1 session" in run(town(sessions=lawful_sessions(2024)[:1])).flags[0].message


def test_second_session_missing_is_a_violation_where_the_profile_requires_two():
    cell = run(town(sessions=lawful_sessions(2024)[:1], profile="beijing"))
    assert only(cell, "second-session-missing").severity == "violation"


def test_two_held_sessions_meet_the_second_session_norm():
    assert "second-session-missing" not in codes(run(town()))


def test_a_session_in_another_year_does_not_count():
    cell = run(town(sessions=lawful_sessions(2023)), year=2024)
    assert "annual-session-missing" in codes(cell)


def test_the_opening_day_is_the_local_day():
    # 2024-01-01 00:30 in Shanghai is still 2023 in UTC: it is a 2024 session.
    early = session((2024, 1, 1), opens=(0, 30), reports=lawful_sessions(2024)[0].reports)
    cell = run(town(sessions=[early, lawful_sessions(2024)[1]]))
    assert "annual-session-missing" not in codes(cell)
    assert "second-session-missing" not in codes(cell)


# --- budget and final accounts ---------------------------------------------------------------


def test_budget_not_approved_when_no_budget_for_the_year():
    sessions = lawful_sessions(2024)
    sessions[0] = session((2024, 3, 5), reports=[r for r in sessions[0].reports if r.kind != "budget"])
    flag = only(run(town(sessions=sessions)), "budget-not-approved")
    assert flag.severity == "violation"
    with translation.override("en"):
        assert "2024" in run(town(sessions=sessions)).flags[0].message


def test_a_budget_heard_but_not_approved_does_not_count():
    sessions = lawful_sessions(2024)
    sessions[0] = session((2024, 3, 5), reports=[report("budget", 2024, outcome="not_approved")])
    assert "budget-not-approved" in codes(run(town(sessions=sessions)))


def test_a_budget_for_another_fiscal_year_does_not_count():
    sessions = lawful_sessions(2024)
    sessions[0] = session((2024, 3, 5), reports=[report("budget", 2025)])
    assert "budget-not-approved" in codes(run(town(sessions=sessions)))


def test_a_budget_approved_in_advance_at_a_december_session_counts():
    sessions = list(lawful_sessions(2024))
    sessions[0] = session((2024, 3, 5), reports=[r for r in sessions[0].reports if r.kind != "budget"])
    december = session((2023, 12, 20), ordinal=9, reports=[report("budget", 2024)])
    assert "budget-not-approved" not in codes(run(town(sessions=[december, *sessions])))


@pytest.mark.parametrize(("opens", "approved"), [((2023, 1, 1), True), ((2022, 12, 31), False)])
def test_the_budget_window_is_a_held_session_opening_in_y_minus_1_or_y(opens, approved):
    # RULES.md budget-not-approved: approval at a session two years ahead does not count.
    sessions = lawful_sessions(2024)
    sessions[0] = session((2024, 3, 5), reports=[r for r in sessions[0].reports if r.kind != "budget"])
    early = session(opens, ordinal=9, reports=[report("budget", 2024)])
    assert ("budget-not-approved" in codes(run(town(sessions=[early, *sessions])))) is not approved


def test_final_accounts_for_the_previous_year_approved_in_the_year():
    sessions = lawful_sessions(2024)
    sessions[0] = session(
        (2024, 3, 5), reports=[r for r in sessions[0].reports if r.kind != "final_accounts"]
    )
    assert only(run(town(sessions=sessions)), "final-accounts-not-approved").severity == "warning"
    # Approved at a session of the year before: not "in Y".
    last_year = session((2023, 8, 1), ordinal=9, reports=[report("final_accounts", 2023)])
    assert "final-accounts-not-approved" in codes(run(town(sessions=[last_year, *sessions])))
    # The final accounts of 2022 approved in 2024 are not those of 2023.
    sessions[1] = session((2024, 8, 20), ordinal=2, reports=[report("final_accounts", 2022)])
    assert "final-accounts-not-approved" in codes(run(town(sessions=sessions)))
    sessions[1] = session((2024, 8, 20), ordinal=2, reports=[report("final_accounts", 2023)])
    assert "final-accounts-not-approved" not in codes(run(town(sessions=sessions)))


# --- reports heard ---------------------------------------------------------------------------


def _without(kind, year=2024):
    return [
        session(
            s.opens_at.timetuple()[:3], ordinal=s.ordinal, reports=[r for r in s.reports if r.kind != kind]
        )
        for s in lawful_sessions(year)
    ]


def test_government_report_not_reviewed():
    cell = run(town(sessions=_without("government_work")))
    assert only(cell, "government-report-not-reviewed").severity == "warning"


def test_government_report_not_reviewed_is_raised_by_the_zhejiang_profile():
    cell = run(town(sessions=_without("government_work"), profile="zhejiang"))
    assert only(cell, "government-report-not-reviewed").severity == "violation"


@pytest.mark.parametrize("outcome", ["approved", "deliberated", "not_approved"])
def test_any_recorded_outcome_means_the_report_was_heard(outcome):
    sessions = _without("government_work")
    sessions[0] = session(
        (2024, 3, 5), reports=[*sessions[0].reports, report("government_work", outcome=outcome)]
    )
    assert "government-report-not-reviewed" not in codes(run(town(sessions=sessions)))


def test_presidium_report_not_heard():
    cell = run(town(sessions=_without("presidium_work")))
    assert only(cell, "presidium-report-not-heard").severity == "warning"


def test_no_specific_issue_report_unless_heard_at_a_session_or_a_hearing():
    cell = run(town(sessions=_without("specific_issue")))
    assert only(cell, "no-specific-issue-report").severity == "warning"
    activities = [*lawful_recess(2024)[0], activity(d(2024, 11, 5), "specific_issue_hearing")]
    cell = run(town(sessions=_without("specific_issue"), activities=activities))
    assert "no-specific-issue-report" not in codes(cell)


def test_a_specific_issue_hearing_of_another_year_does_not_count():
    activities = [*lawful_recess(2024)[0], activity(d(2023, 11, 5), "specific_issue_hearing")]
    assert "no-specific-issue-report" in codes(
        run(town(sessions=_without("specific_issue"), activities=activities))
    )


# --- 2021: the 2015 Organic Law --------------------------------------------------------------


def test_2021_uses_the_2015_rules():
    bare = session((2021, 3, 5), ordinal=1, announced_on=None, reports=[report("budget", 2021)])
    township = town(years=(2021,), sessions=[bare], activities=[activity(d(2021, 5, 1))] * 2, terms=())
    cell = run(township, year=2021, as_of=d(2022, 1, 10))
    # No second session, no presidium work report, no specific-issue report, no announcement due.
    assert set(codes(cell)) == {"final-accounts-not-approved", "government-report-not-reviewed"}
    with translation.override("en"):
        cell = run(township, year=2021, as_of=d(2022, 1, 10))
        assert only(cell, "government-report-not-reviewed").basis == "Organic Law (2015) Art. 9(8)"
        missing = run(town(years=(2021,), sessions=[], terms=()), year=2021, as_of=d(2022, 1, 10))
        assert only(missing, "annual-session-missing").basis == "Organic Law (2015) Art. 11"


def test_2022_uses_the_2022_rules():
    bare = session((2022, 3, 15), ordinal=1, reports=[report("budget", 2022)])
    cell = run(town(years=(2022,), sessions=[bare]), year=2022, as_of=d(2023, 1, 10))
    assert {"second-session-missing", "presidium-report-not-heard", "no-specific-issue-report"} <= set(
        codes(cell)
    )


# --- few-recess-activities -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "minimum"), [("national", 2), ("zhejiang", 3), ("chongqing", 4), ("shandong", 4)]
)
def test_recess_activities_exactly_the_minimum_pass_and_one_fewer_flags(profile, minimum):
    enough = [activity(d(2024, 2 + i, 1)) for i in range(minimum)]
    assert "few-recess-activities" not in codes(run(town(activities=enough, profile=profile)))
    cell = run(town(activities=enough[:-1], profile=profile))
    assert only(cell, "few-recess-activities").severity == "warning"
    with translation.override("en"):
        message = run(town(activities=enough[:-1], profile=profile)).flags[-1].message
        assert f"{minimum - 1} inter-session deputy activities in 2024, fewer than {minimum}" == message


def test_training_does_not_count_as_a_recess_activity_but_every_other_kind_does():
    training = [activity(d(2024, 4, 1), "training"), activity(d(2024, 5, 1), "training")]
    assert "few-recess-activities" in codes(run(town(activities=training)))
    kinds = [
        "inspection",
        "research",
        "law_check",
        "specific_issue_hearing",
        "voter_contact",
        "reception_day",
        "other",
    ]
    for kind in kinds:
        two = [activity(d(2024, 4, 1), kind), activity(d(2024, 5, 1), kind)]
        assert "few-recess-activities" not in codes(run(town(activities=two))), kind


# --- presidium-meeting-gap -------------------------------------------------------------------


def test_presidium_meeting_gap_is_off_under_the_national_profile():
    assert "presidium-meeting-gap" not in codes(run(town(meetings=[])))


@pytest.mark.parametrize("profile", ["zhejiang", "henan", "chongqing"])
def test_presidium_meeting_gap_of_92_days_passes_and_93_flags(profile):
    # 2023 (not a leap year): Jan 1 → Apr 3 is 92 days; the others are closer.
    base = [d(2023, 6, 1), d(2023, 8, 20), d(2023, 11, 1)]
    ok = town(years=(2023,), meetings=[d(2023, 4, 3), *base])
    assert "presidium-meeting-gap" not in codes(run(ok, year=2023, as_of=d(2024, 2, 1), profile=profile))
    late = town(years=(2023,), meetings=[d(2023, 4, 4), *base])
    flag = only(run(late, year=2023, as_of=d(2024, 2, 1), profile=profile), "presidium-meeting-gap")
    assert flag.severity == "warning"
    with translation.override("en"):
        flag = run(late, year=2023, as_of=d(2024, 2, 1), profile=profile).flags[-1]
        assert flag.message == (
            f"No presidium meeting for 93 days, from {day_label(d(2023, 1, 1))} to {day_label(d(2023, 4, 4))};"
            " the maximum is 92"
        )
        assert "presidium meets" in flag.basis


def test_presidium_meeting_gap_counts_to_dec_31():
    base = [d(2023, 3, 1), d(2023, 5, 20), d(2023, 8, 1)]
    # Sep 30 → Dec 31 is 92 days; Sep 29 → Dec 31 is 93.
    ok = town(years=(2023,), meetings=[*base, d(2023, 9, 30)])
    assert "presidium-meeting-gap" not in codes(run(ok, year=2023, as_of=d(2024, 2, 1), profile="zhejiang"))
    late = town(years=(2023,), meetings=[*base, d(2023, 9, 29)])
    assert "presidium-meeting-gap" in codes(run(late, year=2023, as_of=d(2024, 2, 1), profile="zhejiang"))


def test_presidium_meeting_gap_names_the_longest_gap_once():
    meetings = [d(2023, 6, 1), d(2023, 12, 1)]  # two gaps over 92 days: 151 and 183
    with translation.override("en"):
        cell = run(town(years=(2023,), meetings=meetings), year=2023, as_of=d(2024, 2, 1), profile="zhejiang")
        expected = f"183 days, from {day_label(d(2023, 6, 1))} to {day_label(d(2023, 12, 1))}"
        assert expected in only(cell, "presidium-meeting-gap").message


def test_no_presidium_meeting_all_year_is_one_gap_of_the_whole_year():
    cell = run(town(meetings=[]), profile="henan")
    with translation.override("en"):
        cell = run(town(meetings=[]), profile="henan")
        assert "365 days" in only(cell, "presidium-meeting-gap").message


# --- who is evaluated ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["subdistrict", "other"])
def test_subdistricts_and_other_units_are_never_flagged(kind):
    broken = session((2024, 3, 5), present=1, hours=1, announced_on=None, resolutions=[resolution(1)])
    cell = run(town(kind=kind, sessions=[broken], activities=[], meetings=[], name="测试街道"))
    assert cell.flags == []
    assert cell.status == "not-applicable"
    assert cell.owed == []


@pytest.mark.parametrize("kind", ["town", "township", "ethnic_township", "sumu", "ethnic_sumu"])
def test_every_congress_kind_is_evaluated(kind):
    assert "annual-session-missing" in codes(run(town(kind=kind, sessions=[])))


def test_a_township_established_in_june_gets_no_year_level_rules_that_year():
    failed = session((2024, 9, 5), present=20)
    township = town(sessions=[failed], activities=[], meetings=[], established_on=d(2024, 6, 1))
    cell = run(township, profile="zhejiang")
    # Session-level rules still apply.
    assert codes(cell) == ["quorum-not-met"]
    assert cell.status == "violation"
    clean = run(town(sessions=[], activities=[], meetings=[], established_on=d(2024, 6, 1)))
    assert clean.flags == [] and clean.status == "ok"
    # The next year is a whole year.
    assert "annual-session-missing" in codes(run(township, year=2025, as_of=d(2026, 1, 5)))


def test_a_township_established_on_jan_1_is_evaluated_that_year():
    assert "annual-session-missing" in codes(run(town(sessions=[], established_on=d(2024, 1, 1))))
    assert "annual-session-missing" not in codes(run(town(sessions=[], established_on=d(2024, 1, 2))))


def test_a_township_abolished_before_dec_31_gets_no_year_level_rules():
    assert "annual-session-missing" not in codes(run(town(sessions=[], abolished_on=d(2024, 12, 30))))
    assert "annual-session-missing" in codes(run(town(sessions=[], abolished_on=d(2024, 12, 31))))


def test_a_township_that_did_not_exist_at_all_in_the_year_is_not_applicable():
    assert run(town(sessions=[], established_on=d(2025, 2, 1))).status == "not-applicable"
    assert run(town(sessions=[], abolished_on=d(2023, 12, 31))).status == "not-applicable"


def test_years_after_the_as_of_date_are_not_evaluated():
    with pytest.raises(ValueError):
        run(town(), year=2025, as_of=d(2024, 12, 31))


# --- the year in progress --------------------------------------------------------------------


def test_the_current_year_is_pending_until_dec_31():
    incomplete = town(sessions=lawful_sessions(2024)[:1], activities=[], meetings=[])
    cell = run(incomplete, as_of=d(2024, 12, 31))
    assert cell.flags == []
    assert cell.status == "pending"
    with translation.override("en"):
        owed = run(incomplete, as_of=d(2024, 12, 31)).owed
    assert "Sessions of the people's congress: 1 of 2 held" in owed
    assert "Inter-session deputy activities: 0 of at least 2" in owed
    # From Jan 1 the year is closed: the missing items are flags.
    closed = run(incomplete, as_of=d(2025, 1, 1))
    assert {"second-session-missing", "few-recess-activities"} <= set(codes(closed))
    assert closed.owed == []


def test_a_complete_year_in_progress_is_ok():
    cell = run(town(), as_of=d(2024, 12, 1))
    assert cell.status == "ok"
    assert cell.owed == []


def test_what_is_owed_in_the_year_in_progress():
    with translation.override("en"):
        cell = run(town(sessions=[], activities=[], meetings=[]), as_of=d(2024, 2, 1), profile="zhejiang")
        due = day_label(d(2024, 4, 2))
    assert cell.owed == [
        "A session of the people's congress in 2024",
        "Sessions of the people's congress: 0 of 2 held",
        "Approve the budget for 2024 at a session",
        "Approve the final accounts for 2023 at a session",
        "Hear and deliberate the government work report at a session",
        "Hear the presidium work report at a session",
        "Inter-session deputy activities: 0 of at least 3",
        "Hear a specific-issue report, at a session or at a presidium-organised meeting",
        f"A presidium meeting by {due}",
    ]
    # Once the meeting is overdue, the gap is broken for good: a flag, no longer owed.
    late = run(town(sessions=[], activities=[], meetings=[]), as_of=d(2024, 5, 1), profile="zhejiang")
    assert "presidium-meeting-gap" in codes(late)
    assert not any("presidium meeting" in item for item in late.owed)


def test_facts_after_the_as_of_date_are_not_counted_yet():
    with translation.override("en"):
        cell = run(town(), as_of=d(2024, 3, 1))  # both sessions open after D
    assert "A session of the people's congress in 2024" in cell.owed
    # Recorded as held but opening after D: not held yet, planned (RULES.md), so scheduled.
    assert codes(cell) == []
    assert cell.status == "pending"


# --- presidium-meeting-gap in the year in progress (RULES.md 2026-12-02) ---------------------


@pytest.mark.parametrize(("as_of", "flagged"), [(d(2024, 4, 2), False), (d(2024, 4, 3), True)])
def test_in_progress_presidium_gap_from_jan_1_to_d_flags_once_over_the_maximum(as_of, flagged):
    # No meeting since Jan 1: on Apr 2 the gap is 92 days (the maximum), on Apr 3 it is 93.
    cell = run(town(sessions=[], activities=[], meetings=[]), as_of=as_of, profile="zhejiang")
    assert ("presidium-meeting-gap" in codes(cell)) is flagged
    with translation.override("en"):
        owed = run(town(sessions=[], activities=[], meetings=[]), as_of=as_of, profile="zhejiang").owed
        assert (f"A presidium meeting by {day_label(d(2024, 4, 2))}" in owed) is not flagged


@pytest.mark.parametrize(("second", "flagged"), [(d(2024, 5, 2), False), (d(2024, 5, 3), True)])
def test_in_progress_presidium_gap_between_meetings_before_d_flags_at_once(second, flagged):
    # Meetings on Jan 31 and then 92 or 93 days later; D is the day of the second meeting.
    with translation.override("en"):
        cell = run(
            town(sessions=[], activities=[], meetings=[d(2024, 1, 31), second]),
            as_of=second,
            profile="zhejiang",
        )
    assert ("presidium-meeting-gap" in codes(cell)) is flagged
    if flagged:
        assert "93 days" in only(cell, "presidium-meeting-gap").message
    else:
        assert any(item.startswith("A presidium meeting by") for item in cell.owed)


def test_in_progress_presidium_meeting_after_d_is_not_read():
    # A meeting recorded for May 1 does not close, on Apr 20, a gap from Jan 1 already over 92 days.
    cell = run(
        town(sessions=[], activities=[], meetings=[d(2024, 5, 1)]), as_of=d(2024, 4, 20), profile="zhejiang"
    )
    assert "presidium-meeting-gap" in codes(cell)


def test_in_progress_presidium_meeting_not_owed_when_the_year_ends_first():
    # The last meeting on Oct 1 + 92 days falls after Dec 31: nothing owed, nothing flagged.
    meetings = [d(2024, m, 1) for m in (1, 3, 5, 7, 9, 10)]
    with translation.override("en"):
        cell = run(
            town(sessions=[], activities=[], meetings=meetings), as_of=d(2024, 10, 2), profile="zhejiang"
        )
    assert "presidium-meeting-gap" not in codes(cell)
    assert not any(item.startswith("A presidium meeting") for item in cell.owed)


def test_annual_session_unscheduled_when_none_held_and_none_planned():
    cell = run(town(sessions=[]), as_of=d(2024, 6, 30))
    flag = only(cell, "annual-session-unscheduled")
    assert flag.severity == "warning"
    assert cell.status == "warning"
    with translation.override("en"):
        assert run(town(sessions=[]), as_of=d(2024, 6, 30)).flags[0].basis == "Organic Law (2022) Art. 14(1)"


@pytest.mark.parametrize("planned_on", [(2024, 6, 30), (2024, 12, 31)])
def test_a_session_planned_between_d_and_dec_31_schedules_the_year(planned_on):
    planned = session(planned_on, status="planned", hours=None, present=None)
    cell = run(town(sessions=[planned]), as_of=d(2024, 6, 30))
    assert "annual-session-unscheduled" not in codes(cell)
    assert cell.status == "pending"


@pytest.mark.parametrize(
    ("day", "status"), [((2024, 6, 29), "planned"), ((2025, 1, 1), "planned"), ((2024, 9, 1), "postponed")]
)
def test_a_session_planned_before_d_after_the_year_or_postponed_does_not_schedule_it(day, status):
    other = session(day, status=status, hours=None, present=None)
    assert "annual-session-unscheduled" in codes(run(town(sessions=[other]), as_of=d(2024, 6, 30)))


def test_a_held_session_before_d_clears_annual_session_unscheduled():
    cell = run(town(sessions=lawful_sessions(2024)[:1]), as_of=d(2024, 6, 30))
    assert "annual-session-unscheduled" not in codes(cell)
    failed = session((2024, 3, 5), present=10)
    assert "annual-session-unscheduled" in codes(run(town(sessions=[failed]), as_of=d(2024, 6, 30)))


def test_annual_session_unscheduled_is_not_a_closed_year_flag():
    assert "annual-session-unscheduled" not in codes(run(town(sessions=[])))


# --- statuses and output ---------------------------------------------------------------------


def _flag(severity):
    return Flag(rule="x", severity=severity, message="m", basis="b", object=None)


def test_statuses_are_ordered_by_gravity():
    assert STATUSES == ("violation", "warning", "pending", "ok", "not-applicable")
    assert status_of([_flag("warning"), _flag("violation")], owed=["x"]) == "violation"
    assert status_of([_flag("warning")], owed=["x"]) == "warning"
    assert status_of([], owed=["x"]) == "pending"
    assert status_of([]) == "ok"
    assert status_of([_flag("violation")], applicable=False) == "not-applicable"


def test_flags_are_listed_violations_first():
    sessions = [session((2024, 3, 5), hours=2, present=10)]
    cell = run(town(sessions=sessions, activities=[]))
    severities = [f.severity for f in cell.flags]
    assert severities == sorted(severities, key=STATUSES.index)
    assert cell.status == "violation"


def test_one_flag_per_fact_for_the_year():
    cell = run(town(sessions=[session((2024, 3, 5), present=10), session((2024, 5, 5), present=10)]))
    assert codes(cell).count("annual-session-missing") == 1
    assert codes(cell).count("quorum-not-met") == 2


def test_as_dict_is_the_rules_md_object():
    township = town(sessions=[], name="某某镇", code="330106001")
    with translation.override("en"):
        cell = run(township)
    data = cell.as_dict()
    assert data["township"] == {"code": "330106001", "name": "某某镇", "kind": "town"}
    assert data["year"] == 2024
    assert data["status"] == "violation"
    first = data["flags"][0]
    assert first == {
        "rule": "annual-session-missing",
        "severity": "violation",
        "message": "No session of the people's congress was held in 2024",
        "basis": "Organic Law (2022) Art. 14(1)",
        "object": None,
    }
    assert set(data) == {"township", "year", "status", "flags"}


def test_every_rule_has_a_title_a_basis_and_a_severity():
    assert len(RULES) == 19
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.severity in ("violation", "warning")
        assert str(rule.basis_on(d(2024, 1, 1)))
        assert rule_title(code) and rule_title(code) != code
        assert rule.check.__name__ == code.replace("-", "_")
        assert rule.check.__doc__


def test_evaluate_many_gives_each_cell_what_evaluate_gives_when_summaries_are_shared():
    # The loader shares one YearSummary between townships that look alike; evaluate_many runs the
    # summary-only rules once per summary and profile: the cells must not differ from evaluate().
    shared = (YearSummary(year=2024, held=1, heard=frozenset({"government_work"}), recess_activities=1),)
    other = (YearSummary(year=2024, held=2, budget_approved=True, recess_activities=5),)
    towns = [
        dataclasses.replace(town(id=i, code=f"33010600{i}", sessions=[], profile=profile), years=summaries)
        for i, (profile, summaries) in enumerate(
            [("national", shared), ("beijing", shared), ("national", other), ("national", shared)], 1
        )
    ]
    with translation.override("en"):
        many = evaluate_many(towns, [2024], CLOSED_2024)
        single = [run(t) for t in towns]
    assert [c.as_dict() for c in many] == [c.as_dict() for c in single]
    assert [c.status for c in many] == [c.status for c in single]
    assert codes(many[0]) != codes(many[2])  # the summaries decide
    assert [f.severity for f in many[0].flags] != [f.severity for f in many[1].flags]  # and the profile


def test_presidium_meeting_gap_names_the_later_of_two_equally_long_gaps():
    # 2023: Jan 1 → Apr 10 → Jul 18 → Oct 25, three gaps of 99 days; the flag names the last.
    meetings = [d(2023, 4, 10), d(2023, 7, 18), d(2023, 10, 25)]
    gaps = [
        (b - a).days for a, b in zip([d(2023, 1, 1), *meetings], [*meetings, d(2023, 12, 31)], strict=True)
    ]
    assert gaps == [99, 99, 99, 67]
    with translation.override("en"):
        cell = run(town(years=(2023,), meetings=meetings), year=2023, as_of=d(2024, 2, 1), profile="zhejiang")
        expected = f"99 days, from {day_label(d(2023, 7, 18))} to {day_label(d(2023, 10, 25))}"
        assert expected in only(cell, "presidium-meeting-gap").message
