"""Recording a session: the list, the session's page and form, its agenda (htmx, in place),
reports, resolutions and elections (formset pages), documents, the dossier and the history.

Every object is fetched through congress.access: another township's session, agenda item or
document is a 404; a user who may only read (county staff) gets a 403 on every write. Views
parse the form and call a service (sessions.services); the service's errors go back next to
the fields they name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress import access, downloads
from congress.forms import add_service_errors, submit
from congress.models import Deputy, Township
from sessions import selectors, services
from sessions.access import access_agenda_item, access_document, access_election, access_session
from sessions.filters import SessionFilter
from sessions.forms import (
    AgendaItemForm,
    CandidateFormSet,
    DocumentForm,
    ElectionForm,
    ReportForm,
    ReportFormSet,
    ResolutionForm,
    ResolutionFormSet,
    SessionForm,
)
from sessions.models import Election, Session, SessionKind, SessionStatus

PAGE_SIZE = 20
SECTION = "sessions"


def _detail_url(session: Session, anchor: str = "") -> str:
    url = reverse("sessions:session_detail", args=[session.township_id, session.pk])
    return f"{url}#{anchor}" if anchor else url


# The list -------------------------------------------------------------------------------


@require_GET
@access.township_view()
def session_list(request: HttpRequest) -> HttpResponse:
    township = request.township
    filters = SessionFilter(
        request.GET or None,
        queryset=selectors.session_list(township=township),
        terms=selectors.township_terms(township=township),
        years=selectors.session_years(township=township),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for session in page:
        session.short_name = selectors.short_name(session)
    return render(
        request,
        "sessions/session_list.html",
        {
            "township": township,
            "section": SECTION,
            "filter": filters,
            "page_obj": page,
            "can_write": request.can_write,
        },
    )


# The session itself ------------------------------------------------------------------------


def _session_form_page(
    request: HttpRequest, township: Township, session: Session | None, initial: dict
) -> HttpResponse:
    form = SessionForm(
        request.POST or None,
        initial=initial,
        township=township,
        roster_url=reverse("sessions:session_roster_count", args=[township.pk]),
    )
    save = partial(services.session_update, session=session) if session else services.session_create
    saved = submit(
        request,
        form,
        lambda data: save(
            township=township, acting_user=request.user, **form.guard_kwargs(), **form.service_kwargs()
        ),
    )
    if saved is not None:
        messages.success(request, _("Saved: %(name)s.") % {"name": saved.full_name})
        return redirect(_detail_url(saved))
    return render(
        request,
        "sessions/session_form.html",
        {
            "township": township,
            "section": SECTION,
            "form": form,
            "session": session,
            "has_terms": form.fields["term"].queryset.exists(),
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def session_create(request: HttpRequest) -> HttpResponse:
    township = request.township
    term = selectors.township_terms(township=township).first()
    # A new session is planned (安排会议); one already held is recorded as held by choice.
    initial = {"kind": SessionKind.REGULAR, "status": SessionStatus.PLANNED, "excused": 0}
    if term is not None:
        last = Session.objects.filter(term=term).aggregate(last=Max("ordinal"))["last"] or 0
        initial |= {"term": term.pk, "ordinal": last + 1}
    return _session_form_page(request, township, None, initial)


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def session_edit(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    return _session_form_page(request, township, session, SessionForm.initial_for(session))


@require_GET
@access.township_view()
def session_roster_count(request: HttpRequest) -> HttpResponse:
    """htmx: what the roster says N is for the chosen term and opening day."""
    township = request.township
    term = day = count = None
    term_pk = request.GET.get("term", "")
    # ASCII digits only: str.isdigit() also takes "²", which the id lookup cannot convert (a 500).
    if term_pk.isascii() and term_pk.isdigit():
        term = selectors.township_terms(township=township).filter(pk=term_pk).first()
    try:
        day = SessionForm.base_fields["opens_on"].clean(request.GET.get("opens_on", ""))
    except ValidationError:
        day = None
    if term is not None and day is not None:
        count = selectors.deputies_in_office_on(term=term, day=day)
    return render(request, "sessions/_session_roster_hint.html", {"term": term, "day": day, "count": count})


@require_GET
@access.township_view()
def session_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    can_write = request.can_write
    page = selectors.session_page(session=session)
    return render(
        request,
        "sessions/session_detail.html",
        {
            "township": township,
            "section": SECTION,
            "session": session,
            "page": page,
            "can_write": can_write,
            "agenda_form": AgendaItemForm(prefix="agenda") if can_write else None,
            "document_form": DocumentForm(session=session) if can_write else None,
            "history": selectors.session_history(session=session, limit=5),
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def session_delete(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    if request.method == "POST":
        name = session.full_name
        services.session_delete(session=session, acting_user=request.user)
        messages.success(request, _("Deleted: %(name)s.") % {"name": name})
        return redirect("sessions:session_list", township_pk=township.pk)
    return render(
        request,
        "sessions/session_confirm_delete.html",
        {
            "township": township,
            "section": SECTION,
            "session": session,
            "page": selectors.session_page(session=session),
        },
    )


@require_GET
@access.township_view()
def session_dossier(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The session as a county files it: one printable A4 document, no navigation."""
    township = request.township
    session = access_session(request, session_pk)
    return render(
        request,
        "sessions/session_dossier.html",
        {
            "township": township,
            "session": session,
            "page": selectors.session_page(session=session),
            "printed_at": timezone.now(),
        },
    )


@require_GET
@access.township_view()
def session_history(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    return render(
        request,
        "sessions/session_history.html",
        {
            "township": township,
            "section": SECTION,
            "session": session,
            "history": selectors.session_history(session=session),
        },
    )


# The agenda, edited in place with htmx (a plain POST and redirect without it) ---------------


def _agenda_response(
    request: HttpRequest, session: Session, form: AgendaItemForm | None = None
) -> HttpResponse:
    if not request.htmx:
        return redirect(_detail_url(session, "agenda"))
    return render(
        request,
        "sessions/session_detail.html#agenda",
        {
            "session": session,
            "agenda": list(session.agenda_items.order_by("position", "pk")),
            "agenda_form": form or AgendaItemForm(prefix="agenda"),
            "can_write": True,
        },
    )


@require_POST
@access.township_view(write=True)
def agenda_item_add(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = access_session(request, session_pk)
    form = AgendaItemForm(request.POST, prefix="agenda")
    created = submit(
        request,
        form,
        lambda data: services.agenda_item_create(
            session=session,
            title=data["title"],
            kind=data["kind"],
            acting_user=request.user,
            **form.guard_kwargs(),
        ),
    )
    if created is not None:
        form = None
    if form is not None and not request.htmx:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return _agenda_response(request, session, form)


@require_POST
@access.township_view(write=True)
def agenda_item_move(request: HttpRequest, session_pk: int, item_pk: int) -> HttpResponse:
    session = access_session(request, session_pk)
    item = access_agenda_item(request, session, item_pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.agenda_item_move(item=item, offset=offset, acting_user=request.user)
    return _agenda_response(request, session)


@require_POST
@access.township_view(write=True)
def agenda_item_delete(request: HttpRequest, session_pk: int, item_pk: int) -> HttpResponse:
    session = access_session(request, session_pk)
    item = access_agenda_item(request, session, item_pk)
    services.agenda_item_delete(item=item, acting_user=request.user)
    return _agenda_response(request, session)


# Reports and resolutions: one formset page each ---------------------------------------------


class _Rollback(Exception):
    pass


def _save_rows(formset, rows: dict, *, save: Callable, delete: Callable) -> bool:
    """Save a formset's rows through the services, all or nothing: new rows, changed rows,
    rows marked for deletion. A row's id must be one of `rows` (the session's own)."""
    try:
        with transaction.atomic():
            failed = False
            for form in formset.forms:
                data = form.cleaned_data
                pk = data.get("id")
                row = rows.get(pk) if pk else None
                if pk and row is None:
                    form.add_error(None, _("This row no longer exists: reload the page."))
                    failed = True
                elif data.get("DELETE"):
                    if row is not None:
                        delete(row)
                elif form.has_changed():
                    try:
                        save(form, row)
                    except ValidationError as e:
                        add_service_errors(form, e)
                        failed = True
            if failed:
                raise _Rollback
    except _Rollback:
        return False
    return True


def _rows_initial(rows: dict, fields: tuple[str, ...]) -> list[dict]:
    return [
        {"id": row.pk, "version": row.version, **{name: getattr(row, name) for name in fields}}
        for row in rows.values()
    ]


def _row_values(form, fields: tuple[str, ...]) -> dict:
    return {name: form.cleaned_data.get(name) for name in fields}


def _rows_page(
    request: HttpRequest,
    *,
    template: str,
    township: Township,
    session: Session,
    formset,
    rows: dict,
    save: Callable,
    delete: Callable,
    heading: str,
    saved_message: str,
    anchor: str,
    extra: dict | None = None,
) -> HttpResponse:
    """A session's reports or resolutions, edited as one formset: saved all or nothing, then back
    to their part of the session's page."""
    if (
        request.method == "POST"
        and formset.is_valid()
        and _save_rows(formset, rows, save=save, delete=delete)
    ):
        messages.success(request, saved_message)
        return redirect(_detail_url(session, anchor))
    context = {
        "township": township,
        "section": SECTION,
        "session": session,
        "formset": formset,
        "heading": heading,
        "cancel_url": _detail_url(session, anchor),
        **(extra or {}),
    }
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def session_reports(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    rows = {report.pk: report for report in session.reports.order_by("pk")}
    formset = ReportFormSet(
        request.POST or None, initial=_rows_initial(rows, ReportForm.FIELDS), prefix="reports"
    )
    return _rows_page(
        request,
        template="sessions/session_reports.html",
        township=township,
        session=session,
        formset=formset,
        rows=rows,
        save=lambda form, row: (
            partial(services.report_update, report=row, version=form.cleaned_data["version"])
            if row
            else services.report_create
        )(session=session, acting_user=request.user, **_row_values(form, ReportForm.FIELDS)),
        delete=lambda row: services.report_delete(report=row, acting_user=request.user),
        heading=_("Reports deliberated"),
        saved_message=_("Reports saved."),
        anchor="reports",
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def session_resolutions(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    rows = {resolution.pk: resolution for resolution in session.resolutions.order_by("pk")}
    formset = ResolutionFormSet(
        request.POST or None,
        initial=_rows_initial(rows, ResolutionForm.FIELDS),
        prefix="resolutions",
        form_kwargs={"session_present": session.present},
    )
    return _rows_page(
        request,
        template="sessions/session_resolutions.html",
        township=township,
        session=session,
        formset=formset,
        rows=rows,
        save=lambda form, row: (
            partial(services.resolution_update, resolution=row, version=form.cleaned_data["version"])
            if row
            else services.resolution_create
        )(session=session, acting_user=request.user, **_row_values(form, ResolutionForm.FIELDS)),
        delete=lambda row: services.resolution_delete(resolution=row, acting_user=request.user),
        heading=_("Resolutions and decisions"),
        saved_message=_("Resolutions and decisions saved."),
        anchor="resolutions",
        extra={"majority": selectors.majority_threshold(session.deputies_in_office)},
    )


# Elections: the election and its candidates on one page -------------------------------------


def _candidate_entries(formset, rows: dict, deputies: dict) -> tuple[list, list, bool]:
    """The candidates' rows as the election service takes them, with the form of each (to put
    its errors back) and whether a row was stale (deleted meanwhile: marked on its form)."""
    entries, entry_forms, stale = [], [], False
    for candidate_form in formset.forms:
        data = candidate_form.cleaned_data
        pk = data.get("id")
        if not pk and not candidate_form.has_changed():
            continue
        row = rows.get(pk) if pk else None
        if pk and row is None:
            candidate_form.add_error(None, _("This row no longer exists: reload the page."))
            stale = True
            continue
        entries.append(
            services.CandidateEntry(
                name=data.get("name") or "",
                votes=data.get("votes"),
                elected=bool(data.get("elected")),
                deputy=deputies.get(data.get("deputy")),
                candidate=row,
                delete=bool(data.get("DELETE")),
            )
        )
        entry_forms.append(candidate_form)
    return entries, entry_forms, stale


def _election_forms(request: HttpRequest, session: Session, election: Election | None, rows: dict, choices):
    """The election's form and its candidates' formset: a new election fills one seat, its
    ballots cast defaulting to the deputies present."""
    initial = (
        {"version": election.version, **{name: getattr(election, name) for name in ElectionForm.FIELDS}}
        if election
        else {"seats": 1, "ballots_cast": session.present}
    )
    form = ElectionForm(request.POST or None, initial=initial, prefix="election")
    formset = CandidateFormSet(
        request.POST or None,
        initial=[
            {"id": c.pk, "name": c.name, "deputy": c.deputy_id, "votes": c.votes, "elected": c.elected}
            for c in rows.values()
        ],
        prefix="candidates",
        form_kwargs={"deputies": choices},
    )
    return form, formset


def _election_page(request: HttpRequest, township: Township, session: Session, election: Election | None):
    deputies = {d.pk: d for d in Deputy.objects.filter(term_id=session.term_id).order_by("name", "pk")}
    choices = [(pk, deputy.name) for pk, deputy in deputies.items()]
    rows = {c.pk: c for c in election.candidates.order_by("-votes", "pk")} if election else {}
    form, formset = _election_forms(request, session, election, rows, choices)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        entries, entry_forms, stale = _candidate_entries(formset, rows, deputies)
        save = partial(services.election_update, election=election) if election else services.election_create
        saved = (
            None
            if stale
            else submit(
                request,
                form,
                lambda data: save(
                    session=session,
                    candidates=entries,
                    acting_user=request.user,
                    **form.guard_kwargs(),
                    **{name: data[name] for name in ElectionForm.FIELDS},
                ),
                rows=entry_forms,
            )
        )
        if saved is not None:
            messages.success(request, _("Election saved: %(election)s.") % {"election": saved})
            return redirect(_detail_url(session, "elections"))
    return render(
        request,
        "sessions/session_election_form.html",
        {
            "township": township,
            "section": SECTION,
            "session": session,
            "election": election,
            "form": form,
            "formset": formset,
            "majority": selectors.majority_threshold(session.deputies_in_office),
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def election_create(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    return _election_page(request, township, session, None)


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def election_edit(request: HttpRequest, session_pk: int, election_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    return _election_page(request, township, session, access_election(request, session, election_pk))


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def election_delete(request: HttpRequest, session_pk: int, election_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    election = access_election(request, session, election_pk)
    if request.method == "POST":
        services.election_delete(election=election, acting_user=request.user)
        messages.success(request, _("Election deleted: %(election)s.") % {"election": election})
        return redirect(_detail_url(session, "elections"))
    return render(
        request,
        "sessions/session_election_confirm_delete.html",
        {"township": township, "section": SECTION, "session": session, "election": election},
    )


# Documents: stored through Django's storage, served only through access ---------------------


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def document_upload(request: HttpRequest, session_pk: int) -> HttpResponse:
    township = request.township
    session = access_session(request, session_pk)
    form = DocumentForm(request.POST or None, request.FILES or None, session=session)
    document = submit(
        request,
        form,
        lambda data: services.document_upload(
            session=session,
            file=data["file"],
            title=data.get("title") or "",
            report=data.get("report"),
            acting_user=request.user,
            **form.guard_kwargs(),
        ),
    )
    if document is not None:
        messages.success(request, _("Document uploaded: %(title)s.") % {"title": document.title})
        return redirect(_detail_url(session, "documents"))
    return render(
        request,
        "sessions/session_document_form.html",
        {"township": township, "section": SECTION, "session": session, "form": form},
    )


@require_GET
@access.township_view()
def document_download(request: HttpRequest, document_pk: int) -> FileResponse:
    """The file, to a user who may see the township; never from a public URL."""
    document = access_document(request, document_pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    extension = PurePath(document.file.name).suffix
    response = FileResponse(handle, content_type=document.content_type or "application/octet-stream")
    response["Content-Disposition"] = downloads.attachment(f"{document.title}{extension}")
    return response


@require_POST
@access.township_view(write=True)
def document_delete(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = access_document(request, document_pk)
    session = document.session
    services.document_delete(document=document, acting_user=request.user)
    messages.success(request, _("Document deleted: %(title)s.") % {"title": document.title})
    return redirect(_detail_url(session, "documents"))
