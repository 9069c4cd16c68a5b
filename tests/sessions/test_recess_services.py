"""Writes between sessions: what each service records, and the impossible input it refuses
with a message that names the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from congress.models import RuleProfile
from sessions import services_recess as services
from sessions.models import (
    Attendance,
    AttendanceStatus,
    PresidiumMeeting,
    Satisfaction,
    SessionStatus,
    Suggestion,
    SuggestionRound,
    SuggestionState,
)
from tests.factories import (
    AttendanceFactory,
    CountyFactory,
    DeputyFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in their English source form."""
    with translation.override("en"):
        yield


@pytest.fixture
def term():
    return TermFactory(starts_on=D(2021, 12, 28))


@pytest.fixture
def township(term):
    return term.township


@pytest.fixture
def deputies(term):
    return [DeputyFactory(term=term, name=name) for name in ("甲", "乙", "丙")]


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def suggestion(township, deputy, **kwargs):
    values = {
        "township": township,
        "submitted_on": D(2024, 3, 5),
        "lead_deputy": deputy,
        "title": "关于修缮村道的建议",
        "handling_unit": "镇农业农村办",
        "acting_user": None,
    }
    if "suggestion" in kwargs:
        return services.suggestion_update(version=kwargs["suggestion"].version, **{**values, **kwargs})
    return services.suggestion_create(**{**values, **kwargs})


# Presidium meetings ------------------------------------------------------------------------


def test_a_presidium_meeting_is_recorded_with_the_members_present_and_its_history(township, deputies):
    user = UserFactory()
    meeting = services.presidium_meeting_create(
        township=township,
        held_on=D(2024, 2, 20),
        topics="研究会议议程",
        members_present=deputies[:2],
        acting_user=user,
    )
    assert set(meeting.members_present.all()) == set(deputies[:2])
    records = list(PresidiumMeeting.history.filter(id=meeting.pk).order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert all(r.history_user == user for r in records)
    assert "甲" in records[-1].history_change_reason


def test_changing_the_members_present_leaves_who_was_added_and_removed_in_the_history(township, deputies):
    meeting = services.presidium_meeting_create(
        township=township,
        held_on=D(2024, 2, 20),
        topics="议程",
        members_present=deputies[:2],
        acting_user=None,
    )
    services.presidium_meeting_update(
        township=township,
        held_on=D(2024, 2, 20),
        topics="议程",
        members_present=deputies[1:],
        meeting=meeting,
        version=meeting.version,
        acting_user=None,
    )
    reasons = list(
        PresidiumMeeting.history.filter(id=meeting.pk)
        .exclude(history_change_reason=None)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons[-2].endswith("甲") and "removed" in reasons[-2]
    assert reasons[-1].endswith("丙") and "added" in reasons[-1]


def test_a_member_present_who_had_left_office_is_refused_by_name(township, deputies):
    deputies[0].left_on = D(2024, 1, 1)
    deputies[0].save()
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_meeting_create(
            township=township,
            held_on=D(2024, 2, 20),
            topics="议程",
            members_present=deputies,
            acting_user=None,
        )
    assert errors_of(excinfo)["members_present"] == [
        "Members present: 甲 was not a deputy in office on 2024-02-20."
    ]
    assert not PresidiumMeeting.objects.exists()


def test_a_member_present_from_another_township_is_refused(township, deputies):
    stranger = DeputyFactory(name="外镇代表")
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_meeting_create(
            township=township,
            held_on=D(2024, 2, 20),
            topics="议程",
            members_present=[stranger],
            acting_user=None,
        )
    assert "外镇代表" in errors_of(excinfo)["members_present"][0]


def test_a_presidium_meeting_in_the_future_is_refused(township):
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_meeting_create(
            township=township,
            held_on=timezone.localdate() + datetime.timedelta(days=1),
            topics="议程",
            acting_user=None,
        )
    assert "held_on" in errors_of(excinfo)


# Inter-session deputy activities -----------------------------------------------------------


def test_an_activity_is_recorded_with_its_participants(township, deputies):
    activity = services.deputy_activity_create(
        township=township,
        held_on=D(2024, 6, 12),
        kind="inspection",
        topic="视察农村人居环境整治",
        participants=deputies,
        findings="垃圾转运不及时",
        government_feedback="已增加转运车辆",
        feedback_on=D(2024, 7, 1),
        acting_user=None,
    )
    assert activity.participants.count() == 3


def test_a_participant_who_was_not_yet_a_deputy_that_day_is_refused(township, deputies, term):
    newcomer = DeputyFactory(term=term, name="新代表", took_office_on=D(2024, 7, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_activity_create(
            township=township,
            held_on=D(2024, 6, 12),
            kind="research",
            topic="调研",
            participants=[newcomer],
            acting_user=None,
        )
    [message] = errors_of(excinfo)["participants"]
    assert "新代表" in message and "2024-06-12" in message


def test_a_deputy_who_left_on_the_day_of_the_activity_no_longer_takes_part(township, deputies):
    deputies[0].left_on = D(2024, 6, 12)
    deputies[0].save()
    with pytest.raises(ValidationError):
        services.deputy_activity_create(
            township=township,
            held_on=D(2024, 6, 12),
            kind="research",
            topic="调研",
            participants=[deputies[0]],
            acting_user=None,
        )
    activity = services.deputy_activity_create(
        township=township,
        held_on=D(2024, 6, 11),
        kind="research",
        topic="调研",
        participants=[deputies[0]],
        acting_user=None,
    )
    assert list(activity.participants.all()) == [deputies[0]]


def test_feedback_dated_before_the_activity_is_refused_at_the_feedback_date(township):
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_activity_create(
            township=township,
            held_on=D(2024, 6, 12),
            kind="inspection",
            topic="视察",
            government_feedback="已整改",
            feedback_on=D(2024, 6, 1),
            acting_user=None,
        )
    assert "feedback_on" in errors_of(excinfo)


# Deputies' suggestions ---------------------------------------------------------------------


def test_the_due_date_is_computed_from_the_assignment_and_the_county_profile(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    assert s.due_on == D(2024, 6, 20)
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20), is_complex=True)
    assert s.due_on == D(2024, 9, 20)


@pytest.mark.parametrize(
    ("assigned_on", "due_on"), [(D(2023, 11, 30), D(2024, 2, 29)), (D(2022, 11, 30), D(2023, 2, 28))]
)
def test_a_month_end_assignment_is_due_on_the_last_day_of_a_shorter_month(
    township, deputies, assigned_on, due_on
):
    s = suggestion(township, deputies[0], submitted_on=assigned_on, assigned_on=assigned_on)
    assert s.due_on == due_on


def test_a_chongqing_county_replies_within_two_months():
    county = CountyFactory(rule_profile=RuleProfile.CHONGQING)
    term = TermFactory(township=TownshipFactory(county=county))
    s = suggestion(term.township, DeputyFactory(term=term), assigned_on=D(2024, 3, 20))
    assert s.due_on == D(2024, 5, 20)


def test_changing_the_assignment_recomputes_the_due_date(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20), is_complex=True, suggestion=s)
    assert s.due_on == D(2024, 9, 20)
    s = suggestion(township, deputies[0], assigned_on=None, suggestion=s)
    assert s.due_on is None


def test_an_assignment_without_a_handling_unit_is_refused(township, deputies):
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, deputies[0], handling_unit="", assigned_on=D(2024, 3, 20))
    assert "handling_unit" in errors_of(excinfo)


def test_an_assignment_before_the_submission_is_refused(township, deputies):
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, deputies[0], submitted_on=D(2024, 3, 5), assigned_on=D(2024, 3, 1))
    assert "assigned_on" in errors_of(excinfo)


def test_a_lead_deputy_not_in_office_on_the_day_of_submission_is_refused(township, deputies):
    deputies[0].left_on = D(2024, 1, 1)
    deputies[0].save()
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, deputies[0])
    assert "甲" in errors_of(excinfo)["lead_deputy"][0]


def test_a_lead_deputy_of_another_township_is_refused(township):
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, DeputyFactory())
    assert "lead_deputy" in errors_of(excinfo)


def test_the_lead_deputy_is_not_also_a_co_signer_and_co_signers_were_in_office(township, deputies, term):
    late = DeputyFactory(term=term, name="后来者", took_office_on=D(2024, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, deputies[0], co_signers=[deputies[0], late])
    messages = errors_of(excinfo)["co_signers"]
    assert len(messages) == 2 and "后来者" in messages[1]
    s = suggestion(township, deputies[0], co_signers=deputies[1:])
    assert set(s.co_signers.all()) == set(deputies[1:])


def test_a_suggestion_submitted_at_a_session_is_dated_on_one_of_its_days(township, deputies, term):
    session = SessionFactory(term=term)  # 2024-03-05, one day
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, deputies[0], session=session, submitted_on=D(2024, 3, 6))
    assert "submitted_on" in errors_of(excinfo)
    assert suggestion(township, deputies[0], session=session, submitted_on=D(2024, 3, 5)).session == session


def test_a_session_of_another_township_is_refused(township, deputies):
    with pytest.raises(ValidationError) as excinfo:
        suggestion(township, deputies[0], session=SessionFactory())
    assert "session" in errors_of(excinfo)


def test_a_reply_on_the_due_day_is_on_time_and_the_next_day_is_late(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    services.suggestion_reply_record(
        suggestion=s, replied_on=D(2024, 6, 20), outcome="solved", acting_user=None
    )
    assert s.state(D(2024, 12, 31)) == SuggestionState.REPLIED
    services.suggestion_reply_record(
        suggestion=s, replied_on=D(2024, 6, 21), outcome="solved", acting_user=None
    )
    assert s.state(D(2024, 12, 31)) == SuggestionState.REPLIED_LATE
    assert s.days_overdue(D(2024, 12, 31)) == 1


def test_a_reply_before_the_assignment_is_refused(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    with pytest.raises(ValidationError) as excinfo:
        services.suggestion_reply_record(
            suggestion=s, replied_on=D(2024, 3, 19), outcome="solved", acting_user=None
        )
    assert errors_of(excinfo)["replied_on"]
    s.refresh_from_db()
    assert s.replied_on is None


def test_a_reply_to_a_suggestion_never_assigned_is_refused(township, deputies):
    s = suggestion(township, deputies[0])
    with pytest.raises(ValidationError) as excinfo:
        services.suggestion_reply_record(
            suggestion=s, replied_on=D(2024, 4, 1), outcome="solved", acting_user=None
        )
    assert "replied_on" in errors_of(excinfo)


def test_a_reply_needs_its_outcome(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    with pytest.raises(ValidationError) as excinfo:
        services.suggestion_reply_record(suggestion=s, replied_on=D(2024, 4, 1), outcome="", acting_user=None)
    assert "outcome" in errors_of(excinfo)


def test_the_state_before_the_reply_follows_the_calendar(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    assert s.state(D(2024, 6, 5)) == SuggestionState.BEING_HANDLED
    assert s.state(D(2024, 6, 6)) == SuggestionState.DUE_SOON
    assert s.state(D(2024, 6, 20)) == SuggestionState.DUE_SOON
    assert s.state(D(2024, 6, 21)) == SuggestionState.OVERDUE
    assert suggestion(township, deputies[0]).state(D(2024, 6, 21)) == SuggestionState.AWAITING_ASSIGNMENT


def test_a_satisfied_deputy_closes_the_suggestion(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    services.suggestion_reply_record(
        suggestion=s, replied_on=D(2024, 5, 1), outcome="solved", acting_user=None
    )
    services.suggestion_satisfaction_record(
        suggestion=s, satisfaction=Satisfaction.SATISFIED, acting_user=None
    )
    s.refresh_from_db()
    assert s.satisfaction == Satisfaction.SATISFIED
    assert not s.rounds.exists()


def test_satisfaction_before_a_reply_is_refused(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    with pytest.raises(ValidationError) as excinfo:
        services.suggestion_satisfaction_record(
            suggestion=s, satisfaction=Satisfaction.SATISFIED, acting_user=None
        )
    assert "satisfaction" in errors_of(excinfo)


def test_a_dissatisfied_deputy_reopens_the_suggestion_with_a_new_due_date_and_keeps_the_late_round(
    township, deputies
):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    services.suggestion_reply_record(
        suggestion=s, replied_on=D(2024, 7, 1), outcome="explained", acting_user=None
    )  # late
    services.suggestion_satisfaction_record(
        suggestion=s, satisfaction=Satisfaction.DISSATISFIED, reassigned_on=D(2024, 7, 10), acting_user=None
    )
    s.refresh_from_db()
    assert (s.assigned_on, s.due_on, s.replied_on, s.outcome, s.satisfaction) == (
        D(2024, 7, 10),
        D(2024, 10, 10),
        None,
        "",
        "",
    )
    [earlier] = SuggestionRound.objects.filter(suggestion=s)
    assert (earlier.number, earlier.assigned_on, earlier.due_on, earlier.replied_on) == (
        1,
        D(2024, 3, 20),
        D(2024, 6, 20),
        D(2024, 7, 1),
    )
    assert earlier.replied_late and earlier.satisfaction == Satisfaction.DISSATISFIED
    assert s.state(D(2024, 10, 11)) == SuggestionState.OVERDUE


def test_reopening_needs_a_new_assignment_date_not_before_the_reply(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    services.suggestion_reply_record(
        suggestion=s, replied_on=D(2024, 5, 1), outcome="planned", acting_user=None
    )
    for reassigned_on in (None, D(2024, 4, 30)):
        with pytest.raises(ValidationError) as excinfo:
            services.suggestion_satisfaction_record(
                suggestion=s,
                satisfaction=Satisfaction.DISSATISFIED,
                reassigned_on=reassigned_on,
                acting_user=None,
            )
        assert "reassigned_on" in errors_of(excinfo)
    assert not SuggestionRound.objects.exists()


def test_a_due_date_before_the_assignment_is_refused_by_the_model(township, deputies):
    s = suggestion(township, deputies[0], assigned_on=D(2024, 3, 20))
    s.due_on = D(2024, 3, 1)
    with pytest.raises(ValidationError) as excinfo:
        s.full_clean()
    assert errors_of(excinfo)["due_on"] == ["Reply due on: the due date is before the assignment."]


def test_deleting_a_suggestion_keeps_its_history(township, deputies):
    s = suggestion(township, deputies[0])
    pk = s.pk
    services.suggestion_delete(suggestion=s, acting_user=None)
    assert not Suggestion.objects.filter(pk=pk).exists()
    assert Suggestion.history.filter(id=pk, history_type="-").exists()


# A session's roll call ---------------------------------------------------------------------


@pytest.fixture
def session(term, deputies):
    return SessionFactory(term=term, deputies_in_office=3, present=3, excused=0)


def test_the_roll_call_sets_the_sessions_present_and_excused_counts(session, deputies):
    counts = services.session_attendance_record(
        session=session,
        statuses={
            deputies[0].pk: AttendanceStatus.PRESENT,
            deputies[1].pk: AttendanceStatus.EXCUSED,
            deputies[2].pk: AttendanceStatus.ABSENT,
        },
        acting_user=None,
    )
    session.refresh_from_db()
    assert (session.present, session.excused, session.absent_unexcused) == (1, 1, 1)
    assert counts == {"present": 1, "excused": 1, "absent": 1}
    assert Attendance.objects.filter(session=session).count() == 3
    assert Attendance.history.count() == 3


def test_recording_the_roll_call_again_changes_only_the_changed_marks(session, deputies):
    marks = {d.pk: AttendanceStatus.PRESENT for d in deputies}
    services.session_attendance_record(session=session, statuses=marks, acting_user=None)
    services.session_attendance_record(
        session=session, statuses={**marks, deputies[2].pk: AttendanceStatus.ABSENT}, acting_user=None
    )
    assert Attendance.objects.get(deputy=deputies[2]).status == AttendanceStatus.ABSENT
    assert Attendance.history.filter(history_type="~").count() == 1
    session.refresh_from_db()
    assert session.present == 2


def test_the_roll_call_calls_every_deputy_in_office_and_no_one_else(session, deputies, term):
    with pytest.raises(ValidationError) as excinfo:
        services.session_attendance_record(
            session=session, statuses={deputies[0].pk: AttendanceStatus.PRESENT}, acting_user=None
        )
    assert "乙" in errors_of(excinfo)["attendance"][0]
    stranger = DeputyFactory(term=term, name="新人", took_office_on=D(2024, 4, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.session_attendance_record(
            session=session,
            statuses={
                **{d.pk: AttendanceStatus.PRESENT for d in deputies},
                stranger.pk: AttendanceStatus.PRESENT,
            },
            acting_user=None,
        )
    assert "新人" in errors_of(excinfo)["attendance"][0]
    assert not Attendance.objects.exists()


def test_more_present_in_the_roll_call_than_deputies_in_office_is_refused(session, deputies):
    session.deputies_in_office = 2
    session.present = 2
    session.save()
    with pytest.raises(ValidationError) as excinfo:
        services.session_attendance_record(
            session=session, statuses={d.pk: AttendanceStatus.PRESENT for d in deputies}, acting_user=None
        )
    assert errors_of(excinfo)["attendance"]
    assert not Attendance.objects.exists()


def test_a_roll_call_is_recorded_only_for_a_held_session(term, deputies):
    planned = SessionFactory(term=term, status=SessionStatus.PLANNED, present=None, excused=0)
    with pytest.raises(ValidationError) as excinfo:
        services.session_attendance_record(
            session=planned, statuses={d.pk: AttendanceStatus.PRESENT for d in deputies}, acting_user=None
        )
    assert "status" in errors_of(excinfo)


def test_an_attendance_row_for_a_deputy_of_another_term_is_refused_by_the_model(session):
    row = AttendanceFactory.build(session=session, deputy=DeputyFactory())
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "deputy" in errors_of(excinfo)
