"""Writes between sessions: presidium meetings, inter-session deputy activities, deputies'
suggestions (assignment, reply, the deputy's satisfaction), and each session's roll call.

Every function is keyword-only, runs in one transaction, validates with
`congress.services_common.validate` (so the admin, imports and the pages refuse the same things)
and leaves a history entry naming the required `acting_user`. Errors are ValidationErrors keyed
by field, each message naming its field first (docs/contributing.md, "Services").
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from congress.history import audited
from congress.models import Deputy, Township
from congress.profiles import profile_for, reply_due_on
from congress.services_common import validate
from sessions.concurrency import check_version, once
from sessions.models import (
    ActivityKind,
    Attendance,
    AttendanceStatus,
    DeputyActivity,
    PresidiumMeeting,
    Satisfaction,
    Session,
    SessionStatus,
    Suggestion,
    SuggestionRound,
    deputy_in_office_on,
)


def _not_in_future(errors: dict, field: str, day: datetime.date | None, message: str) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, message)


def _check_deputies(
    errors: dict,
    field: str,
    *,
    township: Township,
    day: datetime.date | None,
    deputies: Iterable[Deputy],
    not_of_township: str,
    not_in_office: str,
) -> None:
    """Add to `errors[field]` a message for each deputy who was not a deputy of `township` in office
    on `day` (no day: nothing to check against, the day's own error says so)."""
    if not day:
        return
    for deputy in deputies:
        if deputy.term.township_id != township.pk:
            errors.setdefault(field, []).append(not_of_township % {"name": deputy.name})
        elif not deputy_in_office_on(deputy, day):
            errors.setdefault(field, []).append(
                not_in_office % {"name": deputy.name, "date": day.isoformat()}
            )


def _with_terms(deputies: Iterable[Deputy]) -> list[Deputy]:
    ids = [d.pk for d in deputies]
    return list(Deputy.objects.select_related("term").filter(pk__in=ids).order_by("name", "pk"))


def _set_deputies(obj, field: str, deputies: list[Deputy], acting_user) -> None:
    """Set a list of deputies, leaving a readable history entry for who was added or removed
    (django-simple-history keeps the list but does not diff it)."""
    manager = getattr(obj, field)
    label = capfirst(obj._meta.get_field(field).verbose_name)
    current = set(manager.values_list("pk", flat=True))
    wanted = {d.pk: d for d in deputies}
    gone = sorted(current - wanted.keys())
    new = [d for pk, d in wanted.items() if pk not in current]
    audited(obj, acting_user)
    if gone:
        names = "、".join(Deputy.objects.filter(pk__in=gone).order_by("name").values_list("name", flat=True))
        obj._change_reason = Truncator(
            _("%(field)s: removed %(names)s") % {"field": label, "names": names}
        ).chars(100)
        manager.remove(*gone)
    if new:
        names = "、".join(d.name for d in new)
        obj._change_reason = Truncator(
            _("%(field)s: added %(names)s") % {"field": label, "names": names}
        ).chars(100)
        manager.add(*new)
    obj.__dict__.pop("_change_reason", None)


# Presidium meetings ------------------------------------------------------------------------


@transaction.atomic
def presidium_meeting_create(
    *, acting_user, form_token: uuid.UUID | None = None, **fields
) -> PresidiumMeeting:
    """Record a presidium meeting, once per form token. The keywords are `_presidium_meeting_save`'s."""
    return once(
        form_token,
        PresidiumMeeting,
        acting_user,
        lambda: _presidium_meeting_save(PresidiumMeeting(), acting_user=acting_user, **fields),
    )


@transaction.atomic
def presidium_meeting_update(
    *, meeting: PresidiumMeeting, version: int, acting_user, **fields
) -> PresidiumMeeting:
    """Correct a presidium meeting's record, opened at `version`. The keywords are `_presidium_meeting_save`'s."""
    check_version(meeting, version)
    return _presidium_meeting_save(meeting, acting_user=acting_user, **fields)


def _presidium_meeting_save(
    meeting: PresidiumMeeting,
    *,
    township: Township,
    held_on: datetime.date,
    topics: str,
    decisions: str = "",
    members_present: Iterable[Deputy] = (),
    acting_user,
) -> PresidiumMeeting:
    """Record (or correct) a presidium meeting (组织法 Art. 19). Members present are deputies of
    the township in office on the day of the meeting."""
    if meeting._state.adding:  # a record stays with its township
        meeting.township = township
    meeting.held_on, meeting.topics, meeting.decisions = held_on, topics, decisions
    members = _with_terms(members_present)
    errors: dict = {}
    _not_in_future(errors, "held_on", held_on, _("Held on: the date is in the future."))
    _check_deputies(
        errors,
        "members_present",
        township=township,
        day=held_on,
        deputies=members,
        not_of_township=_("Members present: %(name)s is not a deputy of this township."),
        not_in_office=_("Members present: %(name)s was not a deputy in office on %(date)s."),
    )
    validate(meeting, errors=errors)
    audited(meeting, acting_user)
    meeting.save()
    _set_deputies(meeting, "members_present", members, acting_user)
    return meeting


@transaction.atomic
def presidium_meeting_delete(*, meeting: PresidiumMeeting, acting_user) -> None:
    audited(meeting, acting_user)
    meeting.delete()


# Inter-session deputy activities -----------------------------------------------------------


@transaction.atomic
def deputy_activity_create(*, acting_user, form_token: uuid.UUID | None = None, **fields) -> DeputyActivity:
    """Record an inter-session deputy activity, once per form token. The keywords are `_deputy_activity_save`'s."""
    return once(
        form_token,
        DeputyActivity,
        acting_user,
        lambda: _deputy_activity_save(DeputyActivity(), acting_user=acting_user, **fields),
    )


@transaction.atomic
def deputy_activity_update(
    *, activity: DeputyActivity, version: int, acting_user, **fields
) -> DeputyActivity:
    """Correct an activity's record, opened at `version`. The keywords are `_deputy_activity_save`'s."""
    check_version(activity, version)
    return _deputy_activity_save(activity, acting_user=acting_user, **fields)


def _deputy_activity_save(
    activity: DeputyActivity,
    *,
    township: Township,
    held_on: datetime.date,
    kind: str,
    topic: str,
    participants: Iterable[Deputy] = (),
    findings: str = "",
    government_feedback: str = "",
    feedback_on: datetime.date | None = None,
    acting_user,
) -> DeputyActivity:
    """Record (or correct) an inter-session deputy activity (代表法 Art. 25–33; 组织法 Art. 19(2)).
    Participants are deputies of the township in office on the day of the activity."""
    if activity._state.adding:  # a record stays with its township
        activity.township = township
    activity.held_on, activity.kind, activity.topic = held_on, kind, topic
    activity.findings, activity.government_feedback, activity.feedback_on = (
        findings,
        government_feedback,
        feedback_on,
    )
    people = _with_terms(participants)
    errors: dict = {}
    _not_in_future(errors, "held_on", held_on, _("Held on: the date is in the future."))
    _not_in_future(errors, "feedback_on", feedback_on, _("Feedback on: the date is in the future."))
    if feedback_on and not government_feedback.strip():
        errors["government_feedback"] = _("Government's feedback: a feedback date needs the feedback.")
    _check_deputies(
        errors,
        "participants",
        township=township,
        day=held_on,
        deputies=people,
        not_of_township=_("Participating deputies: %(name)s is not a deputy of this township."),
        not_in_office=_("Participating deputies: %(name)s was not a deputy in office on %(date)s."),
    )
    if kind not in ActivityKind.values:
        errors["kind"] = _("Kind: not a kind of activity.")
    validate(activity, errors=errors)
    audited(activity, acting_user)
    activity.save()
    _set_deputies(activity, "participants", people, acting_user)
    return activity


@transaction.atomic
def deputy_activity_delete(*, activity: DeputyActivity, acting_user) -> None:
    audited(activity, acting_user)
    activity.delete()


# Deputies' suggestions ---------------------------------------------------------------------


def suggestion_due_on(*, township: Township, assigned_on: datetime.date, is_complex: bool) -> datetime.date:
    """The reply deadline from the county's profile: the ONE computation (congress.profiles)."""
    return reply_due_on(assigned_on, is_complex=is_complex, profile=profile_for(township.county.rule_profile))


@transaction.atomic
def suggestion_create(*, acting_user, form_token: uuid.UUID | None = None, **fields) -> Suggestion:
    """Record a deputy's suggestion, once per form token. The keywords are `_suggestion_save`'s."""
    return once(
        form_token,
        Suggestion,
        acting_user,
        lambda: _suggestion_save(Suggestion(), acting_user=acting_user, **fields),
    )


@transaction.atomic
def suggestion_update(*, suggestion: Suggestion, version: int, acting_user, **fields) -> Suggestion:
    """Correct a suggestion's record, opened at `version`. The keywords are `_suggestion_save`'s."""
    check_version(suggestion, version)
    return _suggestion_save(suggestion, acting_user=acting_user, **fields)


def _suggestion_save(
    suggestion: Suggestion,
    *,
    township: Township,
    submitted_on: datetime.date,
    lead_deputy: Deputy,
    title: str,
    content: str = "",
    category: str = "",
    session: Session | None = None,
    co_signers: Iterable[Deputy] = (),
    handling_unit: str = "",
    assigned_on: datetime.date | None = None,
    is_complex: bool = False,
    handling_report_session: Session | None = None,
    acting_user,
) -> Suggestion:
    """Record (or correct) a deputy's suggestion and its assignment (交办). The reply deadline is
    computed here from the county's profile whenever there is an assignment, never typed."""
    if suggestion._state.adding:  # a record stays with its township
        suggestion.township = township
    suggestion.session = session
    suggestion.submitted_on, suggestion.lead_deputy, suggestion.title = submitted_on, lead_deputy, title
    suggestion.content, suggestion.category = content, category
    suggestion.handling_unit, suggestion.assigned_on, suggestion.is_complex = (
        handling_unit,
        assigned_on,
        is_complex,
    )
    suggestion.handling_report_session = handling_report_session
    suggestion.due_on = (
        suggestion_due_on(township=township, assigned_on=assigned_on, is_complex=is_complex)
        if assigned_on
        else None
    )
    signers = _with_terms(co_signers)
    errors: dict = {}
    _not_in_future(errors, "submitted_on", submitted_on, _("Submitted on: the date is in the future."))
    _not_in_future(errors, "assigned_on", assigned_on, _("Assigned on: the date is in the future."))
    if assigned_on and not handling_unit.strip():
        errors["handling_unit"] = _("Handling unit: an assigned suggestion needs its handling unit.")
    if suggestion.replied_on and not assigned_on:
        errors["assigned_on"] = _(
            "Assigned on: the suggestion has a reply, so it was assigned; give the date."
        )
    if lead_deputy is not None and any(d.pk == lead_deputy.pk for d in signers):
        errors["co_signers"] = [_("Co-signers: the lead deputy is not also a co-signer.")]
    _check_deputies(
        errors,
        "co_signers",
        township=township,
        day=submitted_on,
        deputies=signers,
        not_of_township=_("Co-signers: %(name)s is not a deputy of this township."),
        not_in_office=_("Co-signers: %(name)s was not a deputy in office on %(date)s."),
    )
    validate(suggestion, errors=errors)
    audited(suggestion, acting_user)
    suggestion.save()
    _set_deputies(suggestion, "co_signers", signers, acting_user)
    return suggestion


@transaction.atomic
def suggestion_reply_record(
    *, suggestion: Suggestion, replied_on: datetime.date, outcome: str, acting_user
) -> Suggestion:
    """Record (or correct) the handling unit's reply (答复) and its outcome. A reply after the
    due day is kept as it happened: the suggestion shows as replied late."""
    errors: dict = {}
    if suggestion.assigned_on is None:
        errors["replied_on"] = _("Replied on: the suggestion has not been assigned yet.")
    _not_in_future(errors, "replied_on", replied_on, _("Replied on: the date is in the future."))
    suggestion.replied_on, suggestion.outcome = replied_on, outcome
    validate(suggestion, errors=errors)
    audited(suggestion, acting_user)
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_satisfaction_record(
    *,
    suggestion: Suggestion,
    satisfaction: str,
    reassigned_on: datetime.date | None = None,
    acting_user,
) -> Suggestion:
    """The deputy's judgement of the reply. 满意 / 基本满意 close the suggestion; 不满意 reopens
    it: the round is kept as a SuggestionRound and the suggestion is assigned again on
    `reassigned_on`, with a new deadline from the county's profile and no reply yet."""
    errors: dict = {}
    if suggestion.replied_on is None:
        errors["satisfaction"] = _("Satisfaction: the deputy judges a reply; there is no reply yet.")
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = _("Satisfaction: not a recorded judgement.")
    if satisfaction == Satisfaction.DISSATISFIED:
        if reassigned_on is None:
            errors["reassigned_on"] = _(
                "Assigned again on: a suggestion the deputy is dissatisfied with is assigned again; give the date."
            )
        elif suggestion.replied_on and reassigned_on < suggestion.replied_on:
            errors["reassigned_on"] = _("Assigned again on: the date is before the reply.")
        _not_in_future(
            errors, "reassigned_on", reassigned_on, _("Assigned again on: the date is in the future.")
        )
    if errors:
        raise ValidationError(errors)
    audited(suggestion, acting_user)
    if satisfaction != Satisfaction.DISSATISFIED:
        suggestion.satisfaction = satisfaction
        validate(suggestion)
        suggestion.save()
        return suggestion

    number = suggestion.rounds.count() + 1
    closed = SuggestionRound(
        suggestion=suggestion,
        number=number,
        handling_unit=suggestion.handling_unit,
        assigned_on=suggestion.assigned_on,
        is_complex=suggestion.is_complex,
        due_on=suggestion.due_on,
        replied_on=suggestion.replied_on,
        outcome=suggestion.outcome,
        satisfaction=Satisfaction.DISSATISFIED,
    )
    validate(closed)
    audited(closed, acting_user)
    closed.save()
    suggestion.assigned_on = reassigned_on
    suggestion.due_on = suggestion_due_on(
        township=suggestion.township, assigned_on=reassigned_on, is_complex=suggestion.is_complex
    )
    suggestion.replied_on, suggestion.outcome, suggestion.satisfaction = None, "", ""
    validate(suggestion)
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_delete(*, suggestion: Suggestion, acting_user) -> None:
    audited(suggestion, acting_user)
    suggestion.delete()


# A session's roll call ---------------------------------------------------------------------


def session_roster(session: Session):
    """The deputies called at a session: its term's deputies in office on the opening day."""
    return (
        Deputy.objects.filter(term_id=session.term_id)
        .in_office_on(session.opening_day)
        .order_by("name", "pk")
    )


@transaction.atomic
def session_attendance_record(
    *, session: Session, statuses: Mapping[int, str], acting_user
) -> dict[str, int]:
    """Record a session's roll call: `statuses` maps each deputy's id to present, excused or
    absent. Every deputy in office on the opening day is called, and no one else. The
    session's present and excused counts become the roll call's; its N (deputies in office)
    stays as recorded. Returns the counts."""
    roster = {d.pk: d for d in session_roster(session)}
    _roll_call_check(session, roster, statuses)
    _attendance_write(session, roster, statuses, acting_user)
    counts = dict.fromkeys(AttendanceStatus.values, 0)
    for status in statuses.values():
        counts[status] += 1
    session.present = counts[AttendanceStatus.PRESENT]
    session.excused = counts[AttendanceStatus.EXCUSED]
    try:
        session.full_clean()
    except ValidationError as error:
        # Present and excused are not on the roll-call form: say it about the roll call.
        raise ValidationError({"attendance": [m for ms in error.message_dict.values() for m in ms]}) from None
    audited(session, acting_user)
    session.save()
    return counts


def _roll_call_check(session: Session, roster: dict[int, Deputy], statuses: Mapping[int, str]) -> None:
    """Refuse a roll call of a session not held, or that does not mark exactly the roster."""
    errors: dict = {}
    if session.status != SessionStatus.HELD:
        errors["status"] = _("Status: a roll call is recorded for a session that was held.")
    strangers = [pk for pk in statuses if pk not in roster]
    if strangers:
        names = ", ".join(
            Deputy.objects.filter(pk__in=strangers).order_by("name").values_list("name", flat=True)
        )
        errors["attendance"] = _("Roll call: not deputies in office on the opening day: %(names)s.") % {
            "names": names or ", ".join(str(pk) for pk in strangers)
        }
    missing = [d.name for pk, d in roster.items() if pk not in statuses]
    if missing:
        errors.setdefault(
            "attendance", _("Roll call: no mark for %(names)s.") % {"names": ", ".join(missing)}
        )
    if any(value not in AttendanceStatus.values for value in statuses.values()):
        errors.setdefault("attendance", _("Roll call: a mark is not present, excused or absent."))
    if errors:
        raise ValidationError(errors)


def _attendance_write(
    session: Session, roster: dict[int, Deputy], statuses: Mapping[int, str], acting_user
) -> None:
    """The attendance rows as marked, in bulk (with their history); a row of a deputy no longer
    on the roster is deleted."""
    existing = {a.deputy_id: a for a in Attendance.objects.filter(session=session)}
    to_create, to_update = [], []
    for pk, status in statuses.items():
        row = existing.pop(pk, None)
        if row is None:
            to_create.append(Attendance(session=session, deputy=roster[pk], status=status))
        elif row.status != status:
            row.status = status
            to_update.append(row)
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    if to_create:
        bulk_create_with_history(to_create, Attendance, default_user=user)
    if to_update:
        bulk_update_with_history(to_update, Attendance, ["status"], default_user=user)
    for row in existing.values():  # called earlier, no longer on the roster
        audited(row, acting_user)
        row.delete()
