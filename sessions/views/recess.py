"""Between sessions: presidium meetings, inter-session deputy activities, deputies' suggestions,
each session's roll call and each deputy's record of the term.

Every object comes through congress.access (another township's is a 404; a write by a user
who may only read is a 403); every write goes through sessions.services_recess.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress import access
from congress.forms import submit
from congress.history import history_entries
from congress.models import Township
from sessions import services_recess as services
from sessions.access import access_activity, access_meeting, access_session, access_suggestion
from sessions.filters import ActivityFilter, SuggestionFilter, state_condition
from sessions.forms_recess import (
    AttendanceForm,
    DeputyActivityForm,
    PresidiumMeetingForm,
    SuggestionForm,
    SuggestionReplyForm,
    SuggestionSatisfactionForm,
)
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
    SuggestionState,
)
from sessions.selectors_recess import activity_year, deputy_record, meeting_year, record_years

PAGE_SIZE = 25
HISTORY_LIMIT = 30


# Helpers -----------------------------------------------------------------------------------


def _year(request: HttpRequest, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1949 <= year <= 2200 else timezone.localdate().year


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _initial_from_query(request: HttpRequest, form_class) -> dict:
    """An htmx refresh of a form's day-dependent part sends the form's values as a query."""
    initial = {}
    for name in (form_class.day_field, *form_class.select_fields):
        if name in request.GET:
            initial[name] = request.GET.get(name)
    for name in form_class.picker_fields:
        if name in request.GET or request.GET.get(form_class.day_field):
            initial[name] = request.GET.getlist(name)
    return initial


def _record_form(request: HttpRequest, form_class, *, township: Township, instance, initial=None):
    """The form of a meeting, an activity or a suggestion. A new one is dated today; an htmx
    refresh carries the values typed so far."""
    initial = dict(initial or {})
    if instance.pk is None:
        initial[form_class.day_field] = timezone.localdate()
    if request.method == "GET":
        initial.update(_initial_from_query(request, form_class))
    return form_class(
        request.POST or None, township=township, refresh_url=request.path, instance=instance, initial=initial
    )


def _form_page(request, *, template, form, township, obj=None, title, cancel_url, extra=None):
    context = {
        "township": township,
        "form": form,
        "object": obj,
        "title": title,
        "cancel_url": cancel_url,
        **(extra or {}),
    }
    return render(request, template, context)


def _back_url(township: Township, obj, *, detail: str, list_: str) -> str:
    """Where Cancel leads: back to the record, or to the list while there is no record yet."""
    if obj is not None:
        return reverse(detail, args=[township.pk, obj.pk])
    return reverse(list_, kwargs={"township_pk": township.pk})


def _confirm_delete(request, *, township, obj, label, cancel_url, section):
    return render(
        request,
        "sessions/recess_confirm_delete.html",
        {"township": township, "object": obj, "label": label, "cancel_url": cancel_url, "section": section},
    )


# Presidium meetings ------------------------------------------------------------------------


@require_GET
@access.township_view()
def meeting_list(request: HttpRequest) -> HttpResponse:
    township = request.township
    meetings = PresidiumMeeting.objects.filter(township=township)
    years = record_years(meetings, "held_on")
    year = _year(request, years)
    page = _page(
        request,
        meetings.filter(held_on__year=year)
        .annotate(members_count=Count("members_present"))
        .order_by("-held_on", "-pk"),
    )
    summary = meeting_year(township, year)
    for meeting in page:
        meeting.gap = summary.gaps.get(meeting.pk)
        meeting.gap_exceeded = summary.max_gap_days is not None and (meeting.gap or 0) > summary.max_gap_days
    return render(
        request,
        "sessions/meeting_list.html",
        {
            "township": township,
            "section": "meetings",
            "page": page,
            "year": year,
            "years": years,
            "summary": summary,
            "can_write": request.can_write,
        },
    )


def _meeting_form(request, township: Township, meeting: PresidiumMeeting | None) -> HttpResponse:
    instance = meeting or PresidiumMeeting(township=township)
    form = _record_form(request, PresidiumMeetingForm, township=township, instance=instance)
    save = (
        partial(services.presidium_meeting_update, meeting=meeting)
        if meeting
        else services.presidium_meeting_create
    )
    saved = submit(
        request,
        form,
        lambda data: save(
            township=township,
            held_on=data["held_on"],
            topics=data["topics"],
            decisions=data["decisions"],
            members_present=data["members_present"],
            acting_user=request.user,
            **form.guard_kwargs(),
        ),
    )
    if saved is not None:
        messages.success(request, _("The presidium meeting is recorded."))
        return redirect("sessions:meeting_detail", township_pk=township.pk, meeting_pk=saved.pk)
    return _form_page(
        request,
        template="sessions/meeting_form.html",
        form=form,
        township=township,
        obj=meeting,
        title=_("Edit the presidium meeting") if meeting else _("Record a presidium meeting"),
        cancel_url=_back_url(
            township, meeting, detail="sessions:meeting_detail", list_="sessions:meeting_list"
        ),
        extra={"section": "meetings"},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def meeting_create(request: HttpRequest) -> HttpResponse:
    township = request.township
    return _meeting_form(request, township, None)


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def meeting_edit(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    township = request.township
    meeting = access_meeting(request, meeting_pk)
    return _meeting_form(request, township, meeting)


@require_GET
@access.township_view()
def meeting_detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    township = request.township
    meeting = access_meeting(request, meeting_pk)
    members = list(meeting.members_present.order_by("name", "pk"))
    history = history_entries(
        PresidiumMeeting.history.filter(id=meeting.pk),
        exclude=("township",),
        label=lambda r: date_format(r.held_on, "DATE_FORMAT"),
        limit=HISTORY_LIMIT,
    )
    return render(
        request,
        "sessions/meeting_detail.html",
        {
            "township": township,
            "section": "meetings",
            "meeting": meeting,
            "members": members,
            "history": history,
            "can_write": request.can_write,
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def meeting_delete(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    township = request.township
    meeting = access_meeting(request, meeting_pk)
    if request.method == "POST":
        services.presidium_meeting_delete(meeting=meeting, acting_user=request.user)
        messages.success(request, _("The presidium meeting is deleted."))
        return redirect("sessions:meeting_list", township_pk=township.pk)
    return _confirm_delete(
        request,
        township=township,
        obj=meeting,
        label=str(meeting),
        cancel_url=redirect("sessions:meeting_detail", township_pk=township.pk, meeting_pk=meeting.pk).url,
        section="meetings",
    )


# Inter-session deputy activities -----------------------------------------------------------


@require_GET
@access.township_view()
def activity_list(request: HttpRequest) -> HttpResponse:
    township = request.township
    activities = DeputyActivity.objects.filter(township=township)
    years = record_years(activities, "held_on")
    year = _year(request, years)
    filters = ActivityFilter(request.GET, queryset=activities.filter(held_on__year=year))
    page = _page(
        request, filters.qs.annotate(participants_count=Count("participants")).order_by("-held_on", "-pk")
    )
    return render(
        request,
        "sessions/activity_list.html",
        {
            "township": township,
            "section": "activities",
            "page": page,
            "year": year,
            "years": years,
            "kind": filters.chosen["kind"],
            "kinds": ActivityKind.choices,
            "summary": activity_year(township, year),
            "can_write": request.can_write,
        },
    )


def _activity_form(request, township: Township, activity: DeputyActivity | None) -> HttpResponse:
    instance = activity or DeputyActivity(township=township)
    initial = {}
    if request.method == "GET" and not activity and request.GET.get("kind") in ActivityKind.values:
        initial["kind"] = request.GET["kind"]
    form = _record_form(request, DeputyActivityForm, township=township, instance=instance, initial=initial)
    save = (
        partial(services.deputy_activity_update, activity=activity)
        if activity
        else services.deputy_activity_create
    )
    saved = submit(
        request,
        form,
        lambda data: save(
            township=township,
            held_on=data["held_on"],
            kind=data["kind"],
            topic=data["topic"],
            participants=data["participants"],
            findings=data["findings"],
            government_feedback=data["government_feedback"],
            feedback_on=data["feedback_on"],
            acting_user=request.user,
            **form.guard_kwargs(),
        ),
    )
    if saved is not None:
        messages.success(request, _("The activity is recorded."))
        return redirect("sessions:activity_detail", township_pk=township.pk, activity_pk=saved.pk)
    return _form_page(
        request,
        template="sessions/activity_form.html",
        form=form,
        township=township,
        obj=activity,
        title=_("Edit the activity") if activity else _("Record an inter-session deputy activity"),
        cancel_url=_back_url(
            township, activity, detail="sessions:activity_detail", list_="sessions:activity_list"
        ),
        extra={"section": "activities"},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def activity_create(request: HttpRequest) -> HttpResponse:
    township = request.township
    return _activity_form(request, township, None)


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def activity_edit(request: HttpRequest, activity_pk: int) -> HttpResponse:
    township = request.township
    activity = access_activity(request, activity_pk)
    return _activity_form(request, township, activity)


@require_GET
@access.township_view()
def activity_detail(request: HttpRequest, activity_pk: int) -> HttpResponse:
    township = request.township
    activity = access_activity(request, activity_pk)
    participants = list(activity.participants.order_by("name", "pk"))
    history = history_entries(
        DeputyActivity.history.filter(id=activity.pk), exclude=("township",), limit=HISTORY_LIMIT
    )
    return render(
        request,
        "sessions/activity_detail.html",
        {
            "township": township,
            "section": "activities",
            "activity": activity,
            "participants": participants,
            "history": history,
            "can_write": request.can_write,
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def activity_delete(request: HttpRequest, activity_pk: int) -> HttpResponse:
    township = request.township
    activity = access_activity(request, activity_pk)
    if request.method == "POST":
        services.deputy_activity_delete(activity=activity, acting_user=request.user)
        messages.success(request, _("The activity is deleted."))
        return redirect("sessions:activity_list", township_pk=township.pk)
    return _confirm_delete(
        request,
        township=township,
        obj=activity,
        label=activity.topic,
        cancel_url=redirect("sessions:activity_detail", township_pk=township.pk, activity_pk=activity.pk).url,
        section="activities",
    )


# Deputies' suggestions ---------------------------------------------------------------------


@require_GET
@access.township_view()
def suggestion_list(request: HttpRequest) -> HttpResponse:
    township = request.township
    today = timezone.localdate()
    suggestions = Suggestion.objects.filter(township=township)
    years = record_years(suggestions, "submitted_on")
    filters = SuggestionFilter(request.GET, queryset=suggestions, today=today)
    chosen = filters.chosen
    tallies = filters.tallied.aggregate(
        all=Count("pk"),
        **{value: Count("pk", filter=state_condition(value, today)) for value in SuggestionState.values},
    )
    page = _page(
        request,
        filters.qs.select_related("lead_deputy")
        .annotate(co_signers_count=Count("co_signers"))
        .order_by("-submitted_on", "-pk"),
    )
    for suggestion in page:
        suggestion.current_state = suggestion.state(today)
        suggestion.overdue_days = suggestion.days_overdue(today)
        suggestion.current_state_label = SuggestionState(suggestion.current_state).label
    states = [(value, label, tallies[value]) for value, label in SuggestionState.choices]
    return render(
        request,
        "sessions/suggestion_list.html",
        {
            "township": township,
            "section": "suggestions",
            "page": page,
            "year": chosen["year"],
            "years": years,
            "state": chosen["state"],
            "states": states,
            "total": tallies["all"],
            "q": chosen["q"],
            "keep": urlencode({name: chosen[name] for name in ("state", "q") if chosen[name]}),
            "today": today,
            "can_write": request.can_write,
        },
    )


def _datalists(township: Township) -> dict:
    rows = Suggestion.objects.filter(township=township).values_list("category", "handling_unit").distinct()
    categories, units = set(), set()
    for category, unit in rows:
        if category:
            categories.add(category)
        if unit:
            units.add(unit)
    return {"categories": sorted(categories), "handling_units": sorted(units)}


def _suggestion_form(request, township: Township, suggestion: Suggestion | None) -> HttpResponse:
    instance = suggestion or Suggestion(township=township)
    form = _record_form(request, SuggestionForm, township=township, instance=instance)
    save = (
        partial(services.suggestion_update, suggestion=suggestion)
        if suggestion
        else services.suggestion_create
    )
    saved = submit(
        request,
        form,
        lambda data: save(
            township=township,
            session=data["session"],
            submitted_on=data["submitted_on"],
            lead_deputy=data["lead_deputy"],
            co_signers=data["co_signers"],
            title=data["title"],
            content=data["content"],
            category=data["category"],
            handling_unit=data["handling_unit"],
            assigned_on=data["assigned_on"],
            is_complex=data["is_complex"],
            handling_report_session=data["handling_report_session"],
            acting_user=request.user,
            **form.guard_kwargs(),
        ),
    )
    if saved is not None:
        messages.success(request, _("The suggestion is recorded."))
        return redirect("sessions:suggestion_detail", township_pk=township.pk, suggestion_pk=saved.pk)
    return _form_page(
        request,
        template="sessions/suggestion_form.html",
        form=form,
        township=township,
        obj=suggestion,
        title=_("Edit the suggestion") if suggestion else _("Record a deputy's suggestion"),
        cancel_url=_back_url(
            township, suggestion, detail="sessions:suggestion_detail", list_="sessions:suggestion_list"
        ),
        extra={"section": "suggestions", **_datalists(township)},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def suggestion_create(request: HttpRequest) -> HttpResponse:
    township = request.township
    return _suggestion_form(request, township, None)


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def suggestion_edit(request: HttpRequest, suggestion_pk: int) -> HttpResponse:
    township = request.township
    suggestion = access_suggestion(request, suggestion_pk)
    return _suggestion_form(request, township, suggestion)


@require_GET
@access.township_view()
def suggestion_detail(request: HttpRequest, suggestion_pk: int) -> HttpResponse:
    township = request.township
    suggestion = access_suggestion(request, suggestion_pk)
    today = timezone.localdate()
    state = suggestion.state(today)
    rounds = list(suggestion.rounds.all())
    history = history_entries(
        Suggestion.history.filter(id=suggestion.pk),
        SuggestionRound.history.filter(suggestion_id=suggestion.pk),
        exclude=("township", "suggestion"),
        limit=HISTORY_LIMIT,
    )
    return render(
        request,
        "sessions/suggestion_detail.html",
        {
            "township": township,
            "section": "suggestions",
            "suggestion": suggestion,
            "state": state,
            "state_label": SuggestionState(state).label,
            "overdue_days": suggestion.days_overdue(today),
            "days_left": (suggestion.due_on - today).days if suggestion.due_on else None,
            "co_signers": list(suggestion.co_signers.order_by("name", "pk")),
            "rounds": rounds,
            "history": history,
            "today": today,
            "can_write": request.can_write,
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def suggestion_reply(request: HttpRequest, suggestion_pk: int) -> HttpResponse:
    township = request.township
    suggestion = access_suggestion(request, suggestion_pk)
    initial = {} if suggestion.replied_on else {"replied_on": timezone.localdate()}
    form = SuggestionReplyForm(request.POST or None, instance=suggestion, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.suggestion_reply_record(
            suggestion=suggestion,
            replied_on=data["replied_on"],
            outcome=data["outcome"],
            acting_user=request.user,
        ),
    )
    if saved is not None:
        if suggestion.replied_on > suggestion.due_on:
            messages.warning(
                request,
                _("The reply is recorded. It came after the due day (%(due)s): it is marked as late.")
                % {"due": date_format(suggestion.due_on, "DATE_FORMAT")},
            )
        else:
            messages.success(request, _("The reply is recorded."))
        return redirect("sessions:suggestion_detail", township_pk=township.pk, suggestion_pk=suggestion.pk)
    return render(
        request,
        "sessions/suggestion_reply.html",
        {"township": township, "section": "suggestions", "suggestion": suggestion, "form": form},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def suggestion_satisfaction(request: HttpRequest, suggestion_pk: int) -> HttpResponse:
    township = request.township
    suggestion = access_suggestion(request, suggestion_pk)
    form = SuggestionSatisfactionForm(
        request.POST or None, initial={"satisfaction": suggestion.satisfaction or None}
    )
    saved = submit(
        request,
        form,
        lambda data: services.suggestion_satisfaction_record(
            suggestion=suggestion,
            satisfaction=data["satisfaction"],
            reassigned_on=data["reassigned_on"],
            acting_user=request.user,
        ),
    )
    if saved is not None:
        if form.cleaned_data["satisfaction"] == Satisfaction.DISSATISFIED:
            messages.warning(
                request,
                _("The deputy is dissatisfied: the suggestion is handled again, the reply due on %(due)s.")
                % {"due": date_format(suggestion.due_on, "DATE_FORMAT")},
            )
        else:
            messages.success(request, _("The deputy's satisfaction is recorded."))
        return redirect("sessions:suggestion_detail", township_pk=township.pk, suggestion_pk=suggestion.pk)
    return render(
        request,
        "sessions/suggestion_satisfaction.html",
        {"township": township, "section": "suggestions", "suggestion": suggestion, "form": form},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def suggestion_delete(request: HttpRequest, suggestion_pk: int) -> HttpResponse:
    township = request.township
    suggestion = access_suggestion(request, suggestion_pk)
    if request.method == "POST":
        services.suggestion_delete(suggestion=suggestion, acting_user=request.user)
        messages.success(request, _("The suggestion is deleted."))
        return redirect("sessions:suggestion_list", township_pk=township.pk)
    return _confirm_delete(
        request,
        township=township,
        obj=suggestion,
        label=suggestion.title,
        cancel_url=redirect(
            "sessions:suggestion_detail", township_pk=township.pk, suggestion_pk=suggestion.pk
        ).url,
        section="suggestions",
    )


# Deputies' records and the roll call -------------------------------------------------------


@require_GET
@access.township_view()
def deputy_record_view(request: HttpRequest, deputy_pk: int) -> HttpResponse:
    township = request.township
    deputy = access.access_deputy(request, deputy_pk)
    return render(
        request,
        "sessions/deputy_record.html",
        {
            "township": township,
            "section": "deputies",
            "deputy": deputy,
            "record": deputy_record(deputy),
            "today": timezone.localdate(),
        },
    )


def _roll_call_counts(session: Session, marks: dict[int, str]) -> dict[str, int | None]:
    """Present, excused and absent: the roll call's once recorded, else the session's own
    (absent: N − present − excused). Never below zero, whatever was recorded."""
    if marks:
        counts = dict.fromkeys(AttendanceStatus.values, 0)
        for status in marks.values():
            counts[status] += 1
        return counts
    if session.present is None:
        return {"present": None, "excused": session.excused, "absent": None}
    absent = session.deputies_in_office - session.present - session.excused
    return {"present": session.present, "excused": session.excused, "absent": max(absent, 0)}


def _roll_call_disagreement(
    session: Session, marks: dict[int, str], counts: dict, *, called: int
) -> str | None:
    """One message when the roll call (or the roster, before a roll call) and the session's
    recorded present count of N disagree; None when they agree."""
    n, present = session.deputies_in_office, session.present
    if marks:
        if called == n and counts[AttendanceStatus.PRESENT] == present:
            return None
        return _(
            "The roll call and the session's record disagree: the roll call calls %(called)d deputies, "
            "%(roll_present)d present; the session records %(present)s present of %(n)d. Correct the roll "
            "call, or the session's number of deputies (N)."
        ) % {
            "called": called,
            "roll_present": counts[AttendanceStatus.PRESENT],
            "present": "—" if present is None else present,
            "n": n,
        }
    if called == n:
        return None
    return _(
        "The roster and the session's record disagree: %(called)d deputies were in office on the "
        "opening day, the session records %(present)s present of %(n)d. Mark each deputy called; saving "
        "the roll call replaces the session's present and excused counts."
    ) % {"called": called, "present": "—" if present is None else present, "n": n}


@require_http_methods(["GET", "POST"])
@access.township_view()
def session_attendance(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    if request.method == "POST":
        access.require_write(request)  # the roll call reads on GET and writes on POST
    deputies = list(services.session_roster(session))
    rows = Attendance.objects.filter(session=session).select_related("deputy")
    marks = {a.deputy_id: a.status for a in rows}
    form = AttendanceForm(request.POST or None, deputies=deputies, marks=marks)
    counts = submit(
        request,
        form,
        lambda data: services.session_attendance_record(
            session=session, statuses=form.statuses(), acting_user=request.user
        ),
    )
    if counts is not None:
        messages.success(
            request,
            _("The roll call is recorded: %(present)s present, %(excused)s excused, %(absent)s absent.")
            % counts,
        )
        return redirect("sessions:session_attendance", township_pk=township.pk, session_pk=session.pk)
    names = {d.pk: d.name for d in deputies}
    history = history_entries(
        Attendance.history.filter(session_id=session.pk),
        exclude=("session", "deputy"),
        label=lambda r: names.get(r.deputy_id, f"#{r.deputy_id}"),
        limit=HISTORY_LIMIT,
    )
    counts = _roll_call_counts(session, marks)
    return render(
        request,
        "sessions/session_attendance.html",
        {
            "township": township,
            "section": "sessions",
            "session": session,
            "form": form,
            "has_roll_call": bool(marks),
            "counts": counts,
            "disagreement": _roll_call_disagreement(session, marks, counts, called=len(deputies)),
            "roster_size": len(deputies),
            "is_held": session.status == SessionStatus.HELD,
            "can_write": request.can_write,
            "statuses": AttendanceStatus.choices,
            "history": history,
        },
    )
