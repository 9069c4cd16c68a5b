"""A session's impossibilities are refused by the database itself — more present than deputies
in office, more votes than deputies present, a session that closes before it opens, a session
number used twice in a term, a negative count — so they hold for every writer (admin, import,
shell); model validation says so first, at the field, naming it.

Each case: the database refuses the bad row (an UPDATE, which skips clean()); full_clean()
files the message under the field; the boundary value is accepted by both.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from sessions.models import Attendance, Document, Session, SuggestionRound
from tests.constraint_cases import (
    Case,
    check_boundary_is_allowed,
    check_database_refuses_a_negative_count,
    check_database_refuses_the_row,
    check_model_validation_names_the_field,
    check_model_validation_refuses_a_negative_count,
    count_fields,
)
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    DeputyActivityFactory,
    DeputyFactory,
    ElectionFactory,
    ReportFactory,
    ResolutionFactory,
    SessionFactory,
    SuggestionFactory,
    aware,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)


def second_session_of_a_term() -> Session:
    first = SessionFactory(ordinal=1)
    return SessionFactory(term=first.term, ordinal=2, opens_at=aware(2024, 9, 5, 8, 30))


def make_document() -> Document:
    return Document.objects.create(
        session=SessionFactory(),
        title="政府工作报告",
        file="documents/report.pdf",
        content_type="application/pdf",
    )


def make_round(number: int = 1, suggestion=None) -> SuggestionRound:
    suggestion = suggestion or SuggestionFactory()
    return SuggestionRound.objects.create(
        suggestion=suggestion,
        number=number,
        handling_unit="镇农业农村办",
        assigned_on=datetime.date(2024, 3, 20),
        due_on=datetime.date(2024, 6, 20),
        replied_on=datetime.date(2024, 6, 1),
        outcome="solved",
        satisfaction="dissatisfied",
    )


def second_round_of_a_suggestion() -> SuggestionRound:
    first = make_round(1)
    return make_round(2, suggestion=first.suggestion)


def second_line_of_a_roll_call() -> Attendance:
    session = SessionFactory()
    first, second, _third = DeputyFactory.create_batch(3, term=session.term)
    Attendance.objects.create(session=session, deputy=first, status="present")
    return Attendance.objects.create(session=session, deputy=second, status="present")


def another_deputy_on_the_roll_call(attendance: Attendance, *, already_on_it: bool):
    on_it = set(attendance.session.attendances.values_list("deputy", flat=True))
    deputies = attendance.session.term.deputies.exclude(pk=attendance.deputy_id)
    return (deputies.filter(pk__in=on_it) if already_on_it else deputies.exclude(pk__in=on_it)).first()


def second_item_of_an_agenda():
    first = AgendaItemFactory(position=1)
    return AgendaItemFactory(session=first.session, position=2)


CASES = [
    Case(
        "agenda_item_position_unique",
        second_item_of_an_agenda,
        bad=lambda item: {"position": 1},
        good=lambda item: {"position": 3},
        field="position",
        message="Position: another item of the agenda has this place.",
    ),
    Case(
        "session_ordinal_unique_in_term",
        second_session_of_a_term,
        bad=lambda s: {"ordinal": 1},
        good=lambda s: {"ordinal": 3},
        field="ordinal",
        message="Session number: this term already has a session with this number.",
        refused_by=(),
    ),
    Case(
        "session_ordinal_positive",
        SessionFactory,
        bad=lambda s: {"ordinal": 0},
        good=lambda s: {"ordinal": 1},
        field="ordinal",
        message="Session number: must be 1 or more.",
    ),
    Case(
        "session_present_within_deputies",
        SessionFactory,
        bad=lambda s: {"present": s.deputies_in_office + 1, "excused": 0},
        good=lambda s: {"present": s.deputies_in_office, "excused": 0},
        field="present",
        message="Present: more deputies present than deputies in office.",
        # More present than deputies leaves fewer than no one absent: the excused check fails too.
        refused_by=("session_present_within_deputies", "session_excused_within_absent"),
    ),
    Case(
        "session_excused_within_absent",
        lambda: SessionFactory(deputies_in_office=45, present=40),
        bad=lambda s: {"excused": 6},
        good=lambda s: {"excused": 5},
        field="excused",
        message="Excused: more excused absences than deputies absent.",
    ),
    Case(
        "session_closes_after_opening",
        SessionFactory,
        bad=lambda s: {"closes_at": s.opens_at - MINUTE},
        good=lambda s: {"closes_at": s.opens_at},
        field="closes_at",
        message="Closes at: the session closes before it opens.",
    ),
    Case(
        "report_fiscal_year_plausible",
        lambda: ReportFactory(kind="budget"),
        bad=lambda r: {"fiscal_year": 1948},
        good=lambda r: {"fiscal_year": 1949},
        field="fiscal_year",
        message="Fiscal year: not a plausible year.",
        variant="too-early",
    ),
    Case(
        "report_fiscal_year_plausible",
        lambda: ReportFactory(kind="budget"),
        bad=lambda r: {"fiscal_year": 2201},
        good=lambda r: {"fiscal_year": 2200},
        field="fiscal_year",
        message="Fiscal year: not a plausible year.",
        variant="too-late",
    ),
    Case(
        "resolution_votes_within_present",
        lambda: ResolutionFactory(present_at_vote=40, votes_for=40),
        bad=lambda r: {"votes_for": 38, "votes_against": 2, "votes_abstain": 1},
        good=lambda r: {"votes_for": 37, "votes_against": 2, "votes_abstain": 1},
        field="votes_for",
        message="For: more votes cast than deputies present at the vote.",
    ),
    Case(
        "election_seats_positive",
        ElectionFactory,
        bad=lambda e: {"seats": 0},
        good=lambda e: {"seats": 1},
        field="seats",
        message="Seats: must be 1 or more.",
    ),
    Case(
        "activity_feedback_after_activity",
        DeputyActivityFactory,
        bad=lambda a: {"feedback_on": a.held_on - DAY},
        good=lambda a: {"feedback_on": a.held_on},
        field="feedback_on",
        message="Feedback on: the date is before the activity.",
    ),
    Case(
        "suggestion_assigned_after_submission",
        SuggestionFactory,
        bad=lambda s: {"assigned_on": s.submitted_on - DAY},
        good=lambda s: {"assigned_on": s.submitted_on},
        field="assigned_on",
        message="Assigned on: the date is before the suggestion was submitted.",
    ),
    Case(
        "suggestion_due_after_assignment",
        SuggestionFactory,
        bad=lambda s: {"due_on": s.assigned_on - DAY},
        good=lambda s: {"due_on": s.assigned_on},
        field="due_on",
        message="Reply due on: the due date is before the assignment.",
    ),
    Case(
        "suggestion_due_after_assignment",
        SuggestionFactory,
        bad=lambda s: {"assigned_on": None},
        good=lambda s: {"assigned_on": None, "due_on": None},
        field="due_on",
        message="Reply due on: the due date is before the assignment.",
        variant="not-assigned",
    ),
    Case(
        "suggestion_replied_after_assignment",
        SuggestionFactory,
        bad=lambda s: {"replied_on": s.assigned_on - DAY, "outcome": "solved"},
        good=lambda s: {"replied_on": s.assigned_on, "outcome": "solved"},
        field="replied_on",
        message="Replied on: the reply is dated before the assignment.",
    ),
    Case(
        "suggestion_replied_after_assignment",
        lambda: SuggestionFactory(assigned_on=None, due_on=None),
        bad=lambda s: {"replied_on": s.submitted_on, "outcome": "solved"},
        good=lambda s: {"replied_on": None, "outcome": ""},
        field="replied_on",
        message="Replied on: the reply is dated before the assignment.",
        variant="not-assigned",
    ),
    Case(
        "suggestion_round_unique_number",
        second_round_of_a_suggestion,
        bad=lambda r: {"number": 1},
        good=lambda r: {"number": 3},
        field="number",
        message="Round: this suggestion already has a round with this number.",
        refused_by=(),
    ),
    Case(
        "suggestion_round_due_after_assignment",
        make_round,
        bad=lambda r: {"due_on": r.assigned_on - DAY},
        good=lambda r: {"due_on": r.assigned_on},
        field="due_on",
        message="Reply due on: the due date is before the assignment.",
    ),
    Case(
        "suggestion_round_replied_after_assignment",
        make_round,
        bad=lambda r: {"replied_on": r.assigned_on - DAY},
        good=lambda r: {"replied_on": r.assigned_on},
        field="replied_on",
        message="Replied on: the reply is dated before the assignment.",
    ),
    Case(
        "attendance_unique_per_session",
        second_line_of_a_roll_call,
        bad=lambda a: {"deputy": another_deputy_on_the_roll_call(a, already_on_it=True)},
        good=lambda a: {"deputy": another_deputy_on_the_roll_call(a, already_on_it=False)},
        field="deputy",
        message="Deputy: already on this session's roll call.",
        refused_by=(),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_database_refuses_the_row(case):
    check_database_refuses_the_row(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_model_validation_names_the_field(case):
    check_model_validation_names_the_field(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_boundary_is_allowed(case):
    check_boundary_is_allowed(case)


def test_the_same_session_number_in_another_term_is_allowed():
    session = SessionFactory(ordinal=1)
    other = SessionFactory(ordinal=2)
    other.ordinal = session.ordinal
    other.full_clean()
    other.save()


def test_every_constraint_of_the_record_is_tested_and_filed_under_a_field():
    tested = {case.constraint for case in CASES}
    for model in apps.get_app_config("congress_sessions").get_models():
        for constraint in model._meta.constraints:
            assert constraint.name in tested, f"{model.__name__}.{constraint.name} has no case here"
            field = getattr(model, "constraint_fields", {}).get(constraint.name)
            assert field, f"{model.__name__}.{constraint.name}: no field in constraint_fields"
            model._meta.get_field(field)


MAKERS = {
    # A planned session has no attendance yet, so N alone is in question.
    "Session": lambda: SessionFactory(status="planned", present=None),
    "AgendaItem": AgendaItemFactory,
    "Report": lambda: ReportFactory(kind="budget", fiscal_year=2024),
    "Document": make_document,
    "Resolution": ResolutionFactory,
    "Election": ElectionFactory,
    "Candidate": CandidateFactory,
    "SuggestionRound": make_round,
}
NON_NEGATIVE = count_fields("congress_sessions")


def test_the_counts_of_the_record_are_the_expected_ones():
    """A new count joins the checks below by itself; this pins the list so none goes missing."""
    assert {name for name, _field in NON_NEGATIVE} == set(MAKERS)
    assert ("Session", "present") in NON_NEGATIVE
    assert ("Resolution", "votes_abstain") in NON_NEGATIVE


@pytest.mark.parametrize(("model", "field"), NON_NEGATIVE, ids="-".join)
def test_database_refuses_a_negative_count(model, field):
    # A negative number present at a vote is also fewer than the votes cast: a named
    # constraint on the row may be the one the database reports.
    check_database_refuses_a_negative_count(MAKERS[model](), field, or_by_a_constraint=True)


@pytest.mark.parametrize(("model", "field"), NON_NEGATIVE, ids="-".join)
def test_model_validation_refuses_a_negative_count(model, field):
    check_model_validation_refuses_a_negative_count(MAKERS[model](), field)


# Validation across rows: the database cannot check these, model validation does.


def validation_errors(obj: models.Model) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        obj.full_clean()
    with translation.override("en"):
        return invalid.value.message_dict


def test_a_session_opens_within_its_terms_dates():
    session = SessionFactory()
    session.opens_at = aware(2021, 12, 27, 9)  # the day before the term starts
    session.closes_at = session.opens_at + datetime.timedelta(hours=6)
    session.announced_on = None
    assert validation_errors(session) == {
        "opens_at": ["Opens at: the opening day is outside the term's dates."]
    }


def test_a_held_session_needs_the_number_present():
    session = SessionFactory()
    session.present = None
    assert validation_errors(session) == {
        "present": ["Present: a held session needs the number of deputies present."]
    }


def test_a_session_is_announced_before_it_opens():
    session = SessionFactory()
    session.announced_on = session.opening_day + DAY
    assert validation_errors(session) == {
        "announced_on": ["Announced on: the announcement comes after the opening day."]
    }


def test_no_more_present_at_a_vote_than_deputies_in_office():
    resolution = ResolutionFactory(session__deputies_in_office=45, session__present=40)
    resolution.present_at_vote = 46
    assert validation_errors(resolution) == {
        "present_at_vote": ["Present at the vote: more than the deputies in office."]
    }


def test_no_more_ballots_than_deputies_in_office():
    election = ElectionFactory(session__deputies_in_office=45, session__present=40)
    election.ballots_cast = 46
    assert validation_errors(election) == {
        "ballots_cast": ["Ballots cast: more than the deputies in office."]
    }


def test_no_candidate_has_more_votes_than_ballots_cast():
    candidate = CandidateFactory(election__ballots_cast=40)
    candidate.votes = 41
    assert validation_errors(candidate) == {"votes": ["Votes: more votes than ballots cast."]}
    candidate.votes = 40
    candidate.full_clean()
