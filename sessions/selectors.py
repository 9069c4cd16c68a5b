"""Reads for the session pages, each in a fixed number of queries whatever the number of
sessions, agenda items, reports, resolutions, candidates or deputies."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Prefetch
from django.utils import timezone

from congress import law
from congress.history import HistoryEntry, default_label, history_entries
from congress.models import Deputy, Term, Township
from congress.numerals import chinese_ordinal, session_name
from sessions.models import (
    AgendaItem,
    Candidate,
    Document,
    Election,
    Report,
    Resolution,
    Session,
)


def deputies_in_office_on(*, term: Term, day: datetime.date) -> int:
    """N from the roster: the term's deputies serving on the day (one query)."""
    return Deputy.objects.filter(term=term).in_office_on(day).count()


def majority_threshold(deputies_in_office: int) -> int:
    """The fewest votes that are a majority of all deputies (congress.law, 组织法 Art. 25)."""
    return next(
        v for v in range(deputies_in_office + 2) if law.majority_of_all_deputies(v, deputies_in_office)
    )


def short_name(session: Session) -> str:
    """第十八届第三次会议: the session within its township (the township is on the page)."""
    return session_name(session.term.ordinal, session.ordinal)


def township_terms(*, township: Township) -> models.QuerySet[Term]:
    # The township is selected with the term: a term's name includes it.
    return Term.objects.filter(township=township).select_related("township").order_by("-ordinal")


def session_years(*, township: Township) -> list[int]:
    """Years in which the township has a session, newest first (one query)."""
    tz = timezone.get_current_timezone()
    return [
        d.year for d in Session.objects.filter(township=township).datetimes("opens_at", "year", "DESC", tz)
    ]


def session_list(*, township: Township) -> models.QuerySet[Session]:
    """A township's sessions, newest first, with what the list shows counted in the same query."""
    return (
        Session.objects.filter(township=township)
        .select_related("term")
        .annotate(
            agenda_count=Count("agenda_items", distinct=True),
            report_count=Count("reports", distinct=True),
            resolution_count=Count("resolutions", distinct=True),
            election_count=Count("elections", distinct=True),
        )
        .order_by("-opens_at", "-pk")
    )


def session_queryset(*, township: Township) -> models.QuerySet[Session]:
    """What a session's page fetches it with (the access helper narrows it to one)."""
    return Session.objects.filter(township=township).select_related("term__township", "township__county")


@dataclass
class SessionPage:
    """Everything a session's page shows. What falls short of the law is the rule engine's to
    say: the pages show its flags (oversight's engine_flags template tags)."""

    session: Session
    agenda: list[AgendaItem]
    reports: list[Report]
    resolutions: list[Resolution]
    elections: list[Election]
    documents: list[Document]  # every document of the session, those of reports included
    majority: int = 0  # the fewest votes that are a majority of all deputies


def session_page(*, session: Session) -> SessionPage:
    """A session with its agenda, reports (with documents), resolutions and elections (with
    candidates), each vote marked whether it is a majority of all deputies. Six queries,
    whatever their number."""
    n = session.deputies_in_office
    documents = list(session.documents.order_by("pk"))
    by_report: dict[int, list[Document]] = {}
    for document in documents:
        if document.report_id:
            by_report.setdefault(document.report_id, []).append(document)
    reports = list(session.reports.order_by("pk"))
    for report in reports:
        report.document_list = by_report.get(report.pk, [])
    resolutions = list(session.resolutions.order_by("pk"))
    for resolution in resolutions:
        resolution.majority_of_all = law.majority_of_all_deputies(resolution.votes_for, n)
    elections = list(
        session.elections.order_by("pk").prefetch_related(
            Prefetch(
                "candidates", queryset=Candidate.objects.select_related("deputy").order_by("-votes", "pk")
            )
        )
    )
    for election in elections:
        for candidate in election.candidates.all():
            candidate.majority_of_all = law.majority_of_all_deputies(candidate.votes, n)
    return SessionPage(
        session=session,
        agenda=list(session.agenda_items.order_by("position", "pk")),
        reports=reports,
        resolutions=resolutions,
        elections=elections,
        documents=documents,
        majority=majority_threshold(n),
    )


def session_history(*, session: Session, limit: int | None = None) -> list[HistoryEntry]:
    """Who changed what and when in the session and everything recorded under it
    (deleted rows included): seven queries, whatever the number of changes."""
    pk = session.pk
    return history_entries(
        Session.history.filter(id=pk),
        AgendaItem.history.filter(session_id=pk),
        Report.history.filter(session_id=pk),
        Resolution.history.filter(session_id=pk),
        Election.history.filter(session_id=pk),
        Candidate.history.filter(election_id__in=Election.history.filter(session_id=pk).values("id")),
        Document.history.filter(session_id=pk),
        # The parent links are the page itself; a document's stored name is random.
        exclude=("session", "township", "election", "file", "content_type", "uploaded_at"),
        label=_history_label,
        limit=limit,
    )


def _history_label(record) -> str:
    if isinstance(record, Session.history.model):
        return f"{chinese_ordinal(record.ordinal)}次会议"
    if isinstance(record, Election.history.model):
        return str(record.get_office_display())
    return default_label(record)
