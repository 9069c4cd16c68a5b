"""The township home page: this year at a glance for the presidium staff who keep the record.

This year's sessions (held and planned), the next planned session, replies to deputies'
suggestions overdue or due soon, the recent changes to its record, and quick actions. What the
township still owes this year and its flags come from the rule engine, never judged here
(sessions does not import oversight): the page loads oversight's township status fragment with
htmx, and its template marks each session with the engine's flags (engine_flags). A fixed
number of queries, whatever the size of the record.
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congress import access
from congress.law import counts_as_held
from congress.models import Deputy, DeputyStatusChange, PresidiumMember, Term, Township
from congress.numerals import chinese_ordinal
from sessions.models import (
    ActivityKind,
    DeputyActivity,
    Document,
    Election,
    PresidiumMeeting,
    Report,
    Resolution,
    Session,
    SessionStatus,
    Suggestion,
)
from sessions.selectors import short_name
from sessions.selectors_recess import suggestions_due

RECENT_CHANGES = 10


# What is owed this year ------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    session: Session
    name: str  # 第十八届第三次会议


@dataclass(frozen=True)
class YearFacts:
    """What the township recorded this year, up to today. Whether that is lawful, and what
    is still owed, is the rule engine's to say: the page shows its flags (engine_flags)."""

    year: int
    applicable: bool  # a congress unit (not a 街道)
    sessions: list[SessionRow]
    held: int  # held sessions (congress.law), opening in the year up to today
    activities: int  # inter-session activities that count (training excluded), up to today
    presidium_meetings: int  # up to today


def year_facts(township: Township, year: int, today: datetime.date) -> YearFacts:
    """The facts of a township's year, in three queries. Nothing dated after today counts as
    done (RULES.md "Facts dated after D are not read")."""
    sessions = list(
        Session.objects.filter(township=township)
        .in_year(year)
        .select_related("term")
        .order_by("opens_at", "pk")
    )
    held = sum(
        1
        for s in sessions
        if s.opening_day <= today and counts_as_held(s.status, s.present, s.deputies_in_office)
    )
    activities = DeputyActivity.objects.filter(township=township, held_on__year=year, held_on__lte=today)
    return YearFacts(
        year=year,
        applicable=township.has_congress,
        sessions=[SessionRow(session=s, name=short_name(s)) for s in sessions],
        held=held,
        activities=activities.exclude(kind=ActivityKind.TRAINING).count(),
        presidium_meetings=PresidiumMeeting.objects.filter(
            township=township, held_on__year=year, held_on__lte=today
        ).count(),
    )


# Recent changes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    user: str
    action: str  # created | changed | deleted
    kind: str  # the kind of record
    label: str

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
ACTION_LABELS = {
    "created": _("created"),
    "changed": _("changed"),
    "deleted": _("deleted"),
}


def _session_label(record) -> str:
    return f"{chinese_ordinal(record.ordinal)}次会议"


def _term_label(record) -> str:
    return f"{chinese_ordinal(record.ordinal)}届"


def _change_sources(township: Township):
    """(model, its history narrowed to the township, a label for a record) for every kind of
    record kept in the township's workspace."""
    t = township.pk
    return [
        (Term, Term.history.filter(township_id=t), _term_label),
        (Deputy, Deputy.history.filter(term__township_id=t), lambda r: r.name),
        (
            DeputyStatusChange,
            DeputyStatusChange.history.filter(deputy__term__township_id=t).select_related("deputy"),
            lambda r: r.deputy.name if r.deputy else f"#{r.id}",
        ),
        (
            PresidiumMember,
            PresidiumMember.history.filter(term__township_id=t).select_related("deputy"),
            lambda r: r.deputy.name if r.deputy else f"#{r.id}",
        ),
        (Session, Session.history.filter(township_id=t), _session_label),
        (Report, Report.history.filter(session__township_id=t), lambda r: r.title),
        (Resolution, Resolution.history.filter(session__township_id=t), lambda r: r.title),
        (Election, Election.history.filter(session__township_id=t), lambda r: str(r.get_office_display())),
        (Document, Document.history.filter(session__township_id=t), lambda r: r.title),
        (
            PresidiumMeeting,
            PresidiumMeeting.history.filter(township_id=t),
            lambda r: date_format(r.held_on, "DATE_FORMAT"),
        ),
        (DeputyActivity, DeputyActivity.history.filter(township_id=t), lambda r: r.topic),
        (Suggestion, Suggestion.history.filter(township_id=t), lambda r: r.title),
    ]


def _user_name(user) -> str:
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


def recent_changes(township: Township, limit: int = RECENT_CHANGES) -> list[Change]:
    """The latest changes to the township's record, newest first: one query per kind of record
    (each takes its own latest `limit`), so the cost does not grow with the record."""
    changes: list[Change] = []
    for model, history, label in _change_sources(township):
        kind = str(model._meta.verbose_name)
        records = history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
        changes.extend(
            Change(
                when=r.history_date,
                user=_user_name(r.history_user),
                action=ACTIONS.get(r.history_type, "changed"),
                kind=kind,
                label=label(r),
            )
            for r in records
        )
    return heapq.nlargest(limit, changes, key=lambda c: c.when)


# The page --------------------------------------------------------------------------------


def _current_term(township: Township, today: datetime.date) -> Term | None:
    return (
        Term.objects.filter(township=township, starts_on__lte=today)
        .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today))
        .order_by("-starts_on")
        .first()
    )


@require_GET
@access.township_view()
def township_home(request: HttpRequest) -> HttpResponse:
    township = request.township
    today = timezone.localdate()
    facts = year_facts(township, today.year, today)
    term = _current_term(township, today)
    next_session = (
        Session.objects.filter(township=township, status=SessionStatus.PLANNED, opens_at__gte=timezone.now())
        .select_related("term")
        .order_by("opens_at")
        .first()
    )
    return render(
        request,
        "sessions/township_home.html",
        {
            "township": township,
            "today": today,
            "facts": facts,
            "term": term,
            "in_office": Deputy.objects.filter(term=term).in_office_on(today).count() if term else None,
            "next_session": next_session,
            "days_to_next": (next_session.opening_day - today).days if next_session else None,
            "changes": recent_changes(township),
            "suggestions_due": suggestions_due(township, today),
            "can_write": request.can_write,
            "section": "home",
        },
    )
