"""Writes to a session's record: the session itself, its agenda, reports, resolutions,
elections and documents.

Every writer — the pages, an import, the shell — goes through these functions, so every writer
gets the same validation: each function is keyword-only, runs `validate()` (the model's
`full_clean()`, each database constraint's message on its field) plus the checks that
span records, and writes in one transaction. Impossible data raises a ValidationError keyed by
field; what is possible but unlawful (quorum short, no majority of all deputies) is saved, as
it happened, and flagged by the rule engine (its flags are shown on the session's page).

The audit entry is django-simple-history's record; the required `acting_user` names who made
the change (None, written out, for the system). The dialect: docs/contributing.md, "Services".
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.history import audited
from congress.models import Deputy, Term, Township
from congress.services_common import constraint_message, merge_errors, validate
from sessions import selectors
from sessions.concurrency import check_version, once
from sessions.documents import check_document
from sessions.models import (
    FISCAL_REPORT_KINDS,
    AgendaItem,
    AgendaKind,
    Candidate,
    Document,
    Election,
    ElectionKind,
    Report,
    ReportOutcome,
    Resolution,
    ResolutionKind,
    Session,
    SessionKind,
    SessionStatus,
)


class RowsInvalid(ValidationError):
    """A record with rows (an election with its candidates) that cannot be saved: the
    record's errors by field, and each bad row's errors by its index in the rows given."""

    def __init__(self, errors: dict, rows: dict[int, ValidationError]):
        super().__init__(errors)
        self.rows = rows


# Sessions ---------------------------------------------------------------------------------


@transaction.atomic
def session_create(*, acting_user, form_token: uuid.UUID | None = None, **fields) -> Session:
    """Record a new session, once per form token. The keywords are `_session_save`'s."""
    return once(
        form_token, Session, acting_user, lambda: _session_save(Session(), acting_user=acting_user, **fields)
    )


@transaction.atomic
def session_update(*, session: Session, version: int, acting_user, **fields) -> Session:
    """Change a session's record, opened at `version`. The keywords are `_session_save`'s."""
    check_version(session, version)
    return _session_save(session, acting_user=acting_user, **fields)


def _session_save(
    session: Session,
    *,
    township: Township,
    term: Term,
    ordinal: int,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime | None = None,
    kind: str = SessionKind.REGULAR,
    status: str = SessionStatus.PLANNED,
    announced_on: datetime.date | None = None,
    venue: str = "",
    deputies_in_office: int | None = None,
    deputies_in_office_note: str = "",
    present: int | None = None,
    excused: int = 0,
    notes: str = "",
    acting_user,
) -> Session:
    """Record a new session, or change `session`.

    N, the deputies in office (组织法 Art. 25 「全体代表」), is taken from the roster on the
    opening day when not given; a number that differs from the roster needs a reason
    (`deputies_in_office_note`). Refused: present > N, excused > absent, closing before
    opening, a number already used in the term, a day outside the term, and recorded as held
    before it has opened (RULES.md: a session opening after D is not held yet).
    """
    if term.township_id != township.pk:
        raise ValidationError({"term": _("Term: not a term of this township.")})
    errors = _session_dates_errors(term=term, status=status, opens_at=opens_at, closes_at=closes_at)
    roster = selectors.deputies_in_office_on(term=term, day=timezone.localtime(opens_at).date())
    if deputies_in_office is None:
        if roster:
            deputies_in_office = roster
        else:
            errors["deputies_in_office"] = [
                _(
                    "Deputies in office: the roster has no deputy in office on the opening day; "
                    "enter the number."
                )
            ]
    elif roster and deputies_in_office != roster and not deputies_in_office_note.strip():
        errors["deputies_in_office_note"] = [
            _(
                "Reason for changing the number of deputies: the roster has %(count)d deputies in office "
                "on the opening day; say why the number differs."
            )
            % {"count": roster}
        ]
    if present is not None and deputies_in_office is not None and present > deputies_in_office:
        # Found first, so that the excused absences are not also judged against it.
        errors["present"] = [constraint_message(Session, "session_present_within_deputies")]
    elif present is None and excused and deputies_in_office is not None and excused > deputies_in_office:
        errors["excused"] = [_("Excused: more excused absences than deputies in office.")]

    session.township = township
    session.term = term
    session.ordinal = ordinal
    session.kind = kind
    session.status = status
    session.announced_on = announced_on
    session.opens_at = opens_at
    session.closes_at = closes_at
    session.venue = venue
    session.deputies_in_office = deputies_in_office
    session.deputies_in_office_note = deputies_in_office_note.strip()
    session.present = present
    session.excused = excused if excused is not None else 0
    session.notes = notes
    validate(session, errors=errors)
    audited(session, acting_user).save()
    return session


def _session_dates_errors(
    *, term: Term, status: str, opens_at: datetime.datetime, closes_at: datetime.datetime | None
) -> dict[str, list]:
    """A session is held only once it has opened (09:00 today may be recorded as held from
    09:00 on), and closes within its term (the model checks the opening day)."""
    errors: dict[str, list] = {}
    if status == SessionStatus.HELD and opens_at > timezone.now():
        errors["status"] = [
            _("Status: the session opens at %(opens)s and has not opened yet; record it as planned.")
            % {"opens": date_format(timezone.localtime(opens_at), "DATETIME_FORMAT")}
        ]
    if closes_at is not None and not term.covers(timezone.localtime(closes_at).date()):
        errors["closes_at"] = [
            _("Closes at: the closing day is outside the term (%(starts)s to %(ends)s).")
            % {
                "starts": date_format(term.starts_on, "DATE_FORMAT"),
                "ends": date_format(term.ends_on, "DATE_FORMAT") if term.ends_on else "—",
            }
        ]
    return errors


@transaction.atomic
def session_delete(*, session: Session, acting_user) -> None:
    """Delete a session with everything recorded under it; its documents' files go too,
    once the deletion is committed."""
    names = list(session.documents.values_list("file", flat=True))
    for document in session.documents.all():
        audited(document, acting_user).delete()
    audited(session, acting_user).delete()
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: Sequence[str]) -> None:
    storage = Document._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)


# Agenda -----------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_create(
    *,
    session: Session,
    title: str,
    kind: str = AgendaKind.REPORT,
    form_token: uuid.UUID | None = None,
    acting_user,
) -> AgendaItem:
    """Add an item at the end of the agenda, once per form token. Two adds at once queue on the
    session's row (locked here), so the second finds the first's item; where row locks are not
    (SQLite, whose writes are serialised anyway), validation refuses a place taken meanwhile."""
    return once(
        form_token, AgendaItem, acting_user, lambda: _agenda_item_add(session, title, kind, acting_user)
    )


def _agenda_item_add(session: Session, title: str, kind: str, acting_user) -> AgendaItem:
    Session.objects.select_for_update().filter(pk=session.pk).exists()
    last = session.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(session=session, title=title.strip(), kind=kind, position=last + 1)
    validate(item)
    audited(item, acting_user).save()
    return item


def _renumber(items: list[AgendaItem], acting_user) -> None:
    """Positions 1, 2, 3 … in the given order; only rows whose position changes are saved. Two
    passes, as positions are unique at every statement: the moving rows first step aside past
    every position in use, then take their places (the history records only the second)."""
    moving = [(position, item) for position, item in enumerate(items, start=1) if item.position != position]
    if not moving:
        return
    aside = max(item.position for item in items)
    for position, item in moving:
        AgendaItem.objects.filter(pk=item.pk).update(position=aside + position)
    for position, item in moving:
        item.position = position
        audited(item, acting_user).save(update_fields=["position"])


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, offset: int, acting_user) -> None:
    """Move an item up (offset −1) or down (+1); at either end it stays where it is."""
    items = list(
        AgendaItem.objects.select_for_update().filter(session_id=item.session_id).order_by("position", "pk")
    )
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items, acting_user)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, acting_user) -> None:
    """Remove an item; the items after it move up."""
    session = item.session
    audited(item, acting_user).delete()
    _renumber(list(session.agenda_items.order_by("position", "pk")), acting_user)


# Reports ----------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, acting_user, **fields) -> Report:
    """Record a report deliberated at a session. The keywords are `_report_save`'s."""
    return _report_save(Report(), acting_user=acting_user, **fields)


@transaction.atomic
def report_update(*, report: Report, version: int, acting_user, **fields) -> Report:
    """Change a report's record, opened at `version`. The keywords are `_report_save`'s."""
    check_version(report, version)
    return _report_save(report, acting_user=acting_user, **fields)


def _report_save(
    report: Report,
    *,
    session: Session,
    kind: str,
    title: str,
    presenter: str = "",
    fiscal_year: int | None = None,
    outcome: str = ReportOutcome.APPROVED,
    acting_user,
) -> Report:
    """Record a report deliberated at the session (or change `report`). A fiscal year
    belongs only to budget, budget execution, adjustment and final accounts reports."""
    errors = {}
    if fiscal_year is not None and kind not in FISCAL_REPORT_KINDS:
        errors["fiscal_year"] = [
            _("Fiscal year: only budget, budget execution, adjustment and final accounts reports have one.")
        ]
    report.session = session
    report.kind = kind
    report.title = title.strip()
    report.presenter = presenter.strip()
    report.fiscal_year = fiscal_year
    report.outcome = outcome
    validate(report, errors=errors)
    audited(report, acting_user).save()
    return report


@transaction.atomic
def report_delete(*, report: Report, acting_user) -> None:
    names = list(report.documents.values_list("file", flat=True))
    for document in report.documents.all():
        audited(document, acting_user).delete()
    audited(report, acting_user).delete()
    transaction.on_commit(lambda: _delete_files(names))


# Resolutions ------------------------------------------------------------------------------


@transaction.atomic
def resolution_create(*, acting_user, **fields) -> Resolution:
    """Record a resolution or decision with its vote. The keywords are `_resolution_save`'s."""
    return _resolution_save(Resolution(), acting_user=acting_user, **fields)


@transaction.atomic
def resolution_update(*, resolution: Resolution, version: int, acting_user, **fields) -> Resolution:
    """Change a resolution's record, opened at `version`. The keywords are `_resolution_save`'s."""
    check_version(resolution, version)
    return _resolution_save(resolution, acting_user=acting_user, **fields)


def _resolution_save(
    resolution: Resolution,
    *,
    session: Session,
    title: str,
    votes_for: int,
    votes_against: int = 0,
    votes_abstain: int = 0,
    present_at_vote: int | None = None,
    kind: str = ResolutionKind.RESOLUTION,
    adopted: bool = True,
    follow_up: str = "",
    acting_user,
) -> Resolution:
    """Record a resolution or decision with its vote (or change `resolution`).

    Those present at the vote default to those present at the session. Refused: more present
    at the vote than deputies in office, more votes than present. Adopted without a majority
    of all deputies (组织法 Art. 25) is saved as recorded and flagged on the page.
    """
    if present_at_vote is None:
        present_at_vote = session.present
        if present_at_vote is None:
            raise ValidationError(
                {
                    "present_at_vote": _(
                        "Present at the vote: required while the session's attendance is not recorded."
                    )
                }
            )
    resolution.session = session
    resolution.title = title.strip()
    resolution.kind = kind
    resolution.present_at_vote = present_at_vote
    resolution.votes_for = votes_for
    resolution.votes_against = votes_against or 0
    resolution.votes_abstain = votes_abstain or 0
    resolution.adopted = adopted
    resolution.follow_up = follow_up
    validate(resolution)
    audited(resolution, acting_user).save()
    return resolution


@transaction.atomic
def resolution_delete(*, resolution: Resolution, acting_user) -> None:
    audited(resolution, acting_user).delete()


# Elections --------------------------------------------------------------------------------


@dataclass
class CandidateEntry:
    """One candidate as entered: a new one (candidate=None), a change, or a removal."""

    name: str
    votes: int
    elected: bool = False
    deputy: Deputy | None = None
    candidate: Candidate | None = None
    delete: bool = False


@transaction.atomic
def election_create(*, acting_user, form_token: uuid.UUID | None = None, **fields) -> Election:
    """Record an election with its candidates, once per form token. The keywords are
    `_election_save`'s."""
    return once(
        form_token,
        Election,
        acting_user,
        lambda: _election_save(Election(), acting_user=acting_user, **fields),
    )


@transaction.atomic
def election_update(*, election: Election, version: int, acting_user, **fields) -> Election:
    """Change an election and its candidates, opened at `version`. The keywords are
    `_election_save`'s."""
    check_version(election, version)
    return _election_save(election, acting_user=acting_user, **fields)


def _election_save(
    election: Election,
    *,
    session: Session,
    office: str,
    kind: str,
    seats: int,
    ballots_cast: int,
    candidates: Sequence[CandidateEntry],
    acting_user,
) -> Election:
    """Record an election with its candidates (or change `election`), all or nothing.

    Refused: more ballots than deputies in office, a candidate with more votes than ballots
    cast, more candidates elected than seats, a competitive (差额) election with no more
    candidates than seats, a deputy of another term. Raises RowsInvalid,
    whose `rows` holds each bad candidate's errors by its index in `candidates`.
    """
    election.session = session
    election.office = office
    election.kind = kind
    election.seats = seats
    election.ballots_cast = ballots_cast
    errors: dict[str, list] = {}
    try:
        validate(election)
    except ValidationError as e:
        merge_errors(errors, e)
    rows: dict[int, ValidationError] = {}
    for index, entry in enumerate(candidates):
        if not entry.delete:
            try:
                _candidate_check(entry, election=election, session=session)
            except ValidationError as e:
                rows[index] = e
    _election_count_check(errors, kind=kind, seats=seats, kept=[e for e in candidates if not e.delete])
    if errors or rows:
        raise RowsInvalid(errors, rows)

    audited(election, acting_user).save()
    for entry in candidates:
        if not entry.delete:
            audited(_candidate(entry, election), acting_user).save()
        elif entry.candidate is not None and entry.candidate.pk:
            audited(entry.candidate, acting_user).delete()
    return election


def _candidate(entry: CandidateEntry, election: Election) -> Candidate:
    """The candidate as entered (a new one, or the one the entry changes)."""
    candidate = entry.candidate if entry.candidate is not None else Candidate()
    candidate.election = election
    candidate.name = entry.name.strip()
    candidate.votes = entry.votes
    candidate.elected = entry.elected
    candidate.deputy = entry.deputy
    return candidate


def _candidate_check(entry: CandidateEntry, *, election: Election, session: Session) -> None:
    """Refuse a candidate row: more votes than ballots, a deputy of another term, a candidate of
    another election, or what the model refuses."""
    row_errors: dict[str, list] = {}
    ballots_cast = election.ballots_cast
    if ballots_cast is not None and entry.votes is not None and entry.votes > ballots_cast:
        row_errors["votes"] = [_("Votes: more votes than ballots cast.")]
    if entry.deputy is not None and entry.deputy.term_id != session.term_id:
        row_errors["deputy"] = [_("Deputy: not a deputy of this session's term.")]
    if entry.candidate is not None and entry.candidate.election_id != election.pk:
        row_errors[NON_FIELD_ERRORS] = [_("Candidate: not a candidate in this election.")]
    # The election as entered, so a candidate is checked against the new ballot count.
    validate(_candidate(entry, election), errors=row_errors, exclude=("election",))


def _election_count_check(
    errors: dict[str, list], *, kind: str, seats: int | None, kept: list[CandidateEntry]
) -> None:
    """Add to `errors` what the number of candidates and of those elected says against the seats."""
    if kind == ElectionKind.COMPETITIVE and seats is not None and len(kept) <= seats and "kind" not in errors:
        # 组织法 Art. 27 (2015 Art. 22): a competitive (差额) election has more candidates than seats.
        errors["kind"] = [
            _(
                "Kind: a competitive election needs more candidates than seats "
                "(%(candidates)d candidates for %(seats)d seats)."
            )
            % {"candidates": len(kept), "seats": seats}
        ]
    elected = sum(1 for entry in kept if entry.elected)
    if seats is not None and elected > seats and "seats" not in errors:
        errors["seats"] = [
            _("Seats: %(elected)d candidates marked elected for %(seats)d seats.")
            % {"elected": elected, "seats": seats}
        ]


@transaction.atomic
def election_delete(*, election: Election, acting_user) -> None:
    for candidate in election.candidates.all():
        audited(candidate, acting_user).delete()
    audited(election, acting_user).delete()


# Documents --------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    session: Session,
    file: File,
    title: str = "",
    report: Report | None = None,
    form_token: uuid.UUID | None = None,
    acting_user,
) -> Document:
    """Store a document of the session, once per form token; `_document_store` says how."""
    return once(
        form_token, Document, acting_user, lambda: _document_store(session, file, title, report, acting_user)
    )


def _document_store(session: Session, file: File, title: str, report: Report | None, acting_user) -> Document:
    """Store a document of the session through Django's storage (local media by default).

    Refused: a file that is not PDF, DOCX, XLSX, JPEG or PNG by its content, a name that
    does not match the content, a file over 20 MB, a report of another session. The stored
    name is random: the file is reached only through the download view, which checks access.
    """
    errors: dict[str, list] = {}
    kind = None
    try:
        kind = check_document(file)
    except ValidationError as e:
        merge_errors(errors, e)
    if report is not None and report.session_id != session.pk:
        errors["report"] = [_("Report: not a report of this session.")]
    document = Document(
        session=session,
        report=report,
        title=(title or "").strip() or PurePath(file.name or "").stem[:200],
        content_type=kind.content_type if kind else "",
        size=file.size or 0,
        uploaded_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )
    validate(document, errors=errors, exclude=("file",))
    document.file.save(f"{uuid.uuid4().hex}{kind.extension}", file, save=False)
    try:
        audited(document, acting_user).save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document, acting_user) -> None:
    name = document.file.name
    audited(document, acting_user).delete()
    transaction.on_commit(lambda: _delete_files([name]))
