"""Access cases between sessions: presidium meetings, deputy activities, suggestions, a
deputy's record, roll calls (sessions:meeting_*, activity_*, suggestion_*, deputy_record,
session_attendance). The format is in tests/access_cases/__init__.py; point every case at T1's
objects (w.presidium_meeting, w.activity, w.suggestion, w.deputy, w.session…).
"""

from tests.access_cases import OWN_WRITE, OWN_WRITE_POST, TOWNSHIP_READ, Case


def _t(w):
    return {"township_pk": w.t1.pk}


def _meeting(w):
    return {"township_pk": w.t1.pk, "meeting_pk": w.presidium_meeting.pk}


def _activity(w):
    return {"township_pk": w.t1.pk, "activity_pk": w.activity.pk}


def _suggestion(w):
    return {"township_pk": w.t1.pk, "suggestion_pk": w.suggestion.pk}


CASES = [
    # Presidium meetings.
    Case("sessions:meeting_list", _t, "get", TOWNSHIP_READ),
    Case("sessions:meeting_create", _t, "get", OWN_WRITE),
    Case("sessions:meeting_create", _t, "get", OWN_WRITE, query="?held_on=2024-03-01", htmx=True),
    Case("sessions:meeting_create", _t, "post", OWN_WRITE),
    Case("sessions:meeting_detail", _meeting, "get", TOWNSHIP_READ),
    Case("sessions:meeting_edit", _meeting, "get", OWN_WRITE),
    Case("sessions:meeting_edit", _meeting, "post", OWN_WRITE),
    Case("sessions:meeting_delete", _meeting, "get", OWN_WRITE),
    Case("sessions:meeting_delete", _meeting, "post", OWN_WRITE_POST),
    # Inter-session deputy activities.
    Case("sessions:activity_list", _t, "get", TOWNSHIP_READ),
    Case("sessions:activity_create", _t, "get", OWN_WRITE),
    Case("sessions:activity_create", _t, "post", OWN_WRITE),
    Case("sessions:activity_detail", _activity, "get", TOWNSHIP_READ),
    Case("sessions:activity_edit", _activity, "get", OWN_WRITE),
    Case("sessions:activity_edit", _activity, "get", OWN_WRITE, query="?held_on=2024-06-12", htmx=True),
    Case("sessions:activity_edit", _activity, "post", OWN_WRITE),
    Case("sessions:activity_delete", _activity, "get", OWN_WRITE),
    Case("sessions:activity_delete", _activity, "post", OWN_WRITE_POST),
    # Deputies' suggestions.
    Case("sessions:suggestion_list", _t, "get", TOWNSHIP_READ),
    Case("sessions:suggestion_create", _t, "get", OWN_WRITE),
    Case("sessions:suggestion_create", _t, "post", OWN_WRITE),
    Case("sessions:suggestion_detail", _suggestion, "get", TOWNSHIP_READ),
    Case("sessions:suggestion_edit", _suggestion, "get", OWN_WRITE),
    Case("sessions:suggestion_edit", _suggestion, "post", OWN_WRITE),
    Case("sessions:suggestion_reply", _suggestion, "get", OWN_WRITE),
    Case("sessions:suggestion_reply", _suggestion, "post", OWN_WRITE),
    Case(
        "sessions:suggestion_reply",
        _suggestion,
        "post",
        OWN_WRITE_POST,
        data=lambda w: {"replied_on": "2024-06-01", "outcome": "solved"},
        id="sessions:suggestion_reply:post:valid",
    ),
    Case("sessions:suggestion_satisfaction", _suggestion, "get", OWN_WRITE),
    Case("sessions:suggestion_satisfaction", _suggestion, "post", OWN_WRITE),
    Case("sessions:suggestion_delete", _suggestion, "get", OWN_WRITE),
    Case("sessions:suggestion_delete", _suggestion, "post", OWN_WRITE_POST),
    # A deputy's record and a session's roll call.
    Case(
        "sessions:deputy_record",
        lambda w: {"township_pk": w.t1.pk, "deputy_pk": w.deputy.pk},
        "get",
        TOWNSHIP_READ,
    ),
    Case(
        "sessions:session_attendance",
        lambda w: {"township_pk": w.t1.pk, "session_pk": w.session.pk},
        "get",
        TOWNSHIP_READ,
    ),
    Case(
        "sessions:session_attendance",
        lambda w: {"township_pk": w.t1.pk, "session_pk": w.session.pk},
        "post",
        OWN_WRITE,
    ),
]
