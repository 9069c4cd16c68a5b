"""The township home page: this year at a glance for the presidium staff who keep the record.

This year's sessions (held and planned), the next planned session, what the township still
owes this year (read from the recorded facts; RULES.md's year-level rules in plain words),
the recent changes to its record, and quick actions. A fixed number of queries, whatever the
size of the record.
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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from congress import access
from congress.models import Deputy, DeputyStatusChange, PresidiumMember, Term, Township
from congress.numerals import chinese_ordinal
from congress.profiles import profile_for
from sessions.models import (
    ActivityKind,
    DeputyActivity,
    Document,
    Election,
    PresidiumMeeting,
    Report,
    ReportKind,
    ReportOutcome,
    Resolution,
    Session,
    SessionStatus,
    Suggestion,
    quorum,
)

RECENT_CHANGES = 10


# What is owed this year ------------------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    """One duty of the year: met or not yet, with the fact that says so."""

    code: str  # the rule it anticipates (RULES.md), for the engine that will replace this list
    label: str
    done: bool
    detail: str
    basis: str


@dataclass(frozen=True)
class SessionRow:
    session: Session
    name: str  # 第十八届第三次会议
    held: bool  # held with a quorum: counts for the year

    @property
    def quorum_failed(self) -> bool:
        return self.session.status == SessionStatus.HELD and not self.held


@dataclass(frozen=True)
class YearFacts:
    year: int
    applicable: bool  # a congress unit (not a 街道)
    sessions: list[SessionRow]
    held: int  # held with a quorum, opening in the year
    planned_ahead: int  # planned, opening from today to Dec 31
    owed: list[Owed]
    activities: int  # inter-session activities that count (training excluded)
    presidium_meetings: int

    @property
    def outstanding(self) -> list[Owed]:
        return [item for item in self.owed if not item.done]

    @property
    def unscheduled(self) -> bool:
        """RULES.md annual-session-unscheduled: nothing held yet and nothing planned before Dec 31."""
        return self.applicable and self.held == 0 and self.planned_ahead == 0


def _held(session: Session) -> bool:
    """RULES.md: status held and quorum met (a session that failed quorum does not count)."""
    return (
        session.status == SessionStatus.HELD
        and session.present is not None
        and session.present >= quorum(session.deputies_in_office)
    )


def year_facts(township: Township, year: int, today: datetime.date) -> YearFacts:
    """The facts of a township's year, in five queries."""
    profile = profile_for(township.county.rule_profile)
    sessions = list(
        Session.objects.filter(township=township)
        .in_year(year)
        .select_related("term")
        .order_by("opens_at", "pk")
    )
    held_sessions = [s for s in sessions if _held(s)]
    planned_ahead = sum(1 for s in sessions if s.status == SessionStatus.PLANNED and s.opening_day >= today)
    # Reports of held sessions: this year's, and last year's for a budget approved in advance.
    approved, heard = set(), set()
    rows = Report.objects.filter(
        session__township=township,
        session__status=SessionStatus.HELD,
        session__opens_at__year__gte=year - 1,
        session__opens_at__year__lte=year,
    ).values_list(
        "kind",
        "fiscal_year",
        "outcome",
        "session__opens_at",
        "session__present",
        "session__deputies_in_office",
    )
    for kind, fiscal_year, outcome, opens_at, present, n in rows:
        if present is None or present < quorum(n):
            continue
        session_year = timezone.localtime(opens_at).year
        if outcome == ReportOutcome.APPROVED:
            fiscal = Report(kind=kind, fiscal_year=fiscal_year).effective_fiscal_year(session_year)
            approved.add((kind, fiscal, session_year))
        if session_year == year:
            heard.add(kind)
    # RULES.md: final accounts for Y − 1 approved at a held session *in Y*.
    final_accounts = (ReportKind.FINAL_ACCOUNTS, year - 1, year) in approved
    # A budget for Y may be approved in Y or, in advance, late in Y − 1.
    budget = any((ReportKind.BUDGET, year, y) in approved for y in (year - 1, year))
    activities = DeputyActivity.objects.filter(township=township, held_on__year=year)
    activity_count = activities.exclude(kind=ActivityKind.TRAINING).count()
    specific_hearings = activities.filter(kind=ActivityKind.SPECIFIC_ISSUE_HEARING).exists()
    presidium_meetings = PresidiumMeeting.objects.filter(township=township, held_on__year=year).count()

    held = len(held_sessions)
    expected = profile.sessions_expected
    owed = [
        Owed(
            "annual-session-missing",
            _("At least one session held"),
            held >= 1,
            _("%(held)s held with a quorum") % {"held": held},
            _("Organic Law Art. 14(1)"),
        ),
        Owed(
            "second-session-missing",
            _("%(expected)s sessions held") % {"expected": expected},
            held >= expected,
            _("%(held)s of %(expected)s") % {"held": held, "expected": expected},
            _("Organic Law Art. 14(1): generally twice a year"),
        ),
        Owed(
            "budget-not-approved",
            _("Budget for %(year)s approved") % {"year": year},
            budget,
            _("approved at a held session") if budget else _("not yet recorded"),
            _("Organic Law Art. 12(4); Budget Law Art. 21"),
        ),
        Owed(
            "final-accounts-not-approved",
            _("Final accounts for %(year)s approved") % {"year": year - 1},
            final_accounts,
            _("approved at a held session") if final_accounts else _("not yet recorded"),
            _("Organic Law Art. 12(4); Budget Law Art. 77"),
        ),
        Owed(
            "government-report-not-reviewed",
            _("Government work report deliberated"),
            ReportKind.GOVERNMENT_WORK in heard,
            _("heard at a held session") if ReportKind.GOVERNMENT_WORK in heard else _("not yet recorded"),
            _("Organic Law Art. 12(8)"),
        ),
        Owed(
            "presidium-report-not-heard",
            _("Presidium work report heard"),
            ReportKind.PRESIDIUM_WORK in heard,
            _("heard at a held session") if ReportKind.PRESIDIUM_WORK in heard else _("not yet recorded"),
            _("Organic Law Art. 12(9), Art. 19(2)"),
        ),
        Owed(
            "few-recess-activities",
            _("At least %(minimum)s inter-session deputy activities")
            % {"minimum": profile.recess_activities_min},
            activity_count >= profile.recess_activities_min,
            _("%(count)s recorded (training not counted)") % {"count": activity_count},
            _("Organic Law Art. 19(2); Deputies Law Art. 25–26"),
        ),
        Owed(
            "no-specific-issue-report",
            _("A specific-issue report heard"),
            ReportKind.SPECIFIC_ISSUE in heard or specific_hearings,
            _("heard") if ReportKind.SPECIFIC_ISSUE in heard or specific_hearings else _("not yet recorded"),
            _("Organic Law Art. 19(2)"),
        ),
    ]
    return YearFacts(
        year=year,
        applicable=township.has_congress,
        sessions=[
            SessionRow(
                session=s,
                name=f"{chinese_ordinal(s.term.ordinal)}届{chinese_ordinal(s.ordinal)}次会议",
                held=_held(s),
            )
            for s in sessions
        ],
        held=held,
        planned_ahead=planned_ahead,
        owed=owed if township.has_congress else [],
        activities=activity_count,
        presidium_meetings=presidium_meetings,
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
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
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
        return _("system")
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
def township_home(request: HttpRequest, township_pk: int) -> HttpResponse:
    township = access.get_township(request.user, township_pk)
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
            "can_write": access.can_write(request.user, township),
            "section": "home",
        },
    )
