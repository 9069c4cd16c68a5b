"""Terms and deputies in the township workspace: the roster of a term on any day, deputies and
their dated status changes, the presidium.

Every object is fetched through congress.access (another township's: 404; the county, who
reads but does not keep the record: 403 on every form), every write goes through
congress.services.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress import access, services
from congress.forms import (
    DeputyForm,
    DeputyStatusChangeForm,
    PresidiumMemberForm,
    RosterDayForm,
    TermForm,
    submit,
)
from congress.history import history_entries
from congress.models import (
    Deputy,
    DeputyStatusChange,
    Gender,
    OccupationGroup,
    PresidiumMember,
    PresidiumRole,
    Term,
)

HAN = "汉族"


def _in_office_count(day: datetime.date) -> Subquery:
    """Deputies of the outer term in office on `day`, as a subquery (one query for all terms)."""
    counted = (
        Deputy.objects.in_office_on(day)
        .filter(term=OuterRef("pk"))
        .order_by()
        .values("term")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# Terms ------------------------------------------------------------------------------------


@require_GET
@access.township_view()
def term_list(request: HttpRequest) -> HttpResponse:
    township = request.township
    today = timezone.localdate()
    terms = (
        Term.objects.filter(township=township)
        .select_related("township")
        .annotate(deputy_count=Count("deputies"), in_office_today=_in_office_count(today))
        .order_by("-ordinal")
    )
    return render(
        request,
        "congress/term_list.html",
        {
            "township": township,
            "terms": terms,
            "today": today,
            "can_write": request.can_write,
            "section": "roster",
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def term_create(request: HttpRequest) -> HttpResponse:
    township = request.township
    latest = Term.objects.filter(township=township).order_by("-ordinal").first()
    initial = {"ordinal": latest.ordinal + 1, "seat_quota": latest.seat_quota} if latest else {}
    form = TermForm(request.POST or None, instance=Term(township=township), initial=initial)
    term = submit(
        request, form, lambda data: services.term_create(township=township, acting_user=request.user, **data)
    )
    if term is not None:
        messages.success(request, _("Term %(term)s created.") % {"term": term})
        return redirect("roster:term_detail", township_pk=township.pk, term_pk=term.pk)
    return render(
        request,
        "congress/term_form.html",
        {"township": township, "form": form, "term": None, "section": "roster"},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def term_edit(request: HttpRequest, term_pk: int) -> HttpResponse:
    township = request.township
    term = access.access_term(request, term_pk)
    form = TermForm(request.POST or None, instance=term)
    recorded = submit(
        request, form, lambda data: services.term_update(term=term, acting_user=request.user, **data)
    )
    if recorded is not None:
        messages.success(request, _("Term %(term)s saved.") % {"term": term})
        return redirect("roster:term_detail", township_pk=township.pk, term_pk=term.pk)
    return render(
        request,
        "congress/term_form.html",
        {"township": township, "form": form, "term": Term.objects.get(pk=term.pk), "section": "roster"},
    )


# The roster -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    deputy: Deputy
    in_office: bool
    not_yet: bool  # took office after the day
    presidium_role: str  # the role's label on the day, or ""


@dataclass(frozen=True)
class Breakdown:
    label: str
    count: int
    share: int  # percent of the deputies in office


def _breakdown(counter: Counter, labels: dict, total: int) -> list[Breakdown]:
    return [
        Breakdown(label=str(labels.get(key, key)), count=n, share=round(100 * n / total) if total else 0)
        for key, n in sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
    ]


def _roster_day(term: Term, form: RosterDayForm, today: datetime.date) -> tuple[datetime.date, str]:
    """The day asked for, or today; kept within the term's dates (with a note when moved)."""
    asked = form.cleaned_data.get("on") if form.is_valid() else None
    day = asked or today
    last = term.ends_on or datetime.date.max
    note = ""
    if day < term.starts_on or day > last:
        clamped = term.starts_on if day < term.starts_on else last
        if asked:
            note = _("%(asked)s is outside the term's dates: showing %(day)s.") % {
                "asked": date_format(asked, "DATE_FORMAT"),
                "day": date_format(clamped, "DATE_FORMAT"),
            }
        day = clamped
    return day, note


ROLE_ORDER = {PresidiumRole.CHAIR: 0, PresidiumRole.VICE_CHAIR: 1, PresidiumRole.MEMBER: 2}


def _presidium_on(term: Term, day: datetime.date, in_office_ids: set[int]) -> tuple[list, list]:
    """Every presidium membership of the term (those ended by `day` last) and those current on
    `day`: begun, not ended, held by a deputy in office."""
    memberships = sorted(
        term.presidium_members.select_related("deputy"),
        key=lambda m: (m.until is not None and m.until < day, ROLE_ORDER.get(m.role, 9), m.since, m.pk),
    )
    current = [
        m
        for m in memberships
        if m.since <= day and (m.until is None or day <= m.until) and m.deputy_id in in_office_ids
    ]
    return memberships, current


def _roster_rows(term: Term, day: datetime.date, in_office_ids: set[int], current_members) -> list[RosterRow]:
    """The term's deputies on `day`: those in office first, those not yet in office last."""
    role_on_day = {m.deputy_id: m.get_role_display() for m in current_members}
    rows = (
        RosterRow(
            deputy=d,
            in_office=d.pk in in_office_ids,
            not_yet=d.took_office_on > day,
            presidium_role=role_on_day.get(d.pk, ""),
        )
        for d in term.deputies.order_by("name", "pk")
    )
    return sorted(rows, key=lambda row: (not row.in_office, row.not_yet))


def _make_up(serving: list[Deputy]) -> dict:
    """The make-up of the deputies in office: women, minorities, and by gender, ethnicity and
    occupation, each with its share."""
    n = len(serving)
    women = sum(1 for d in serving if d.gender == Gender.FEMALE)
    minorities = sum(1 for d in serving if d.ethnicity != HAN)
    return {
        "women": women,
        "women_share": round(100 * women / n) if n else 0,
        "minorities": minorities,
        "minorities_share": round(100 * minorities / n) if n else 0,
        "by_gender": _breakdown(Counter(d.gender for d in serving), dict(Gender.choices), n),
        "by_ethnicity": _breakdown(Counter(d.ethnicity for d in serving), {}, n),
        "by_occupation": _breakdown(
            Counter(d.occupation_group for d in serving), dict(OccupationGroup.choices), n
        ),
    }


@require_GET
@access.township_view()
def term_detail(request: HttpRequest, term_pk: int) -> HttpResponse:
    """The roster of a term on a day (?on=2024-03-05; default today): who was in office,
    how many (N, derived from the dated status changes), and their make-up."""
    term = access.access_term(request, term_pk)
    form = RosterDayForm(request.GET or None)
    day, day_note = _roster_day(term, form, timezone.localdate())
    in_office_ids = set(term.deputies.in_office_on(day).values_list("pk", flat=True))
    memberships, current_members = _presidium_on(term, day, in_office_ids)
    rows = _roster_rows(term, day, in_office_ids, current_members)
    serving = [row.deputy for row in rows if row.in_office]
    return render(
        request,
        "congress/term_detail.html",
        {
            "township": request.township,
            "term": term,
            "form": form,
            "day": day,
            "day_note": day_note,
            "rows": rows,
            "in_office": len(serving),
            "left_count": sum(1 for row in rows if not row.in_office and not row.not_yet),
            "vacancies": max(term.seat_quota - len(serving), 0),
            **_make_up(serving),
            "current_members": sorted(current_members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.since)),
            "memberships": memberships,
            "can_write": request.can_write,
            "section": "roster",
        },
    )


# Deputies ---------------------------------------------------------------------------------


def _took_office_default(term: Term, today: datetime.date) -> datetime.date:
    """The day a new deputy's form starts from. While the term is being filled (a seat free from
    its first day), the term's start: the deputies of the general election take office at the first
    session. Afterwards the deputy comes from a by-election: today (within the term's dates), or
    the first day after it that a seat is free."""
    if services.first_free_day(term, term.starts_on) == term.starts_on:
        return term.starts_on
    day = min(max(today, term.starts_on), term.ends_on or datetime.date.max)
    return services.first_free_day(term, day) or day


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def deputy_create(request: HttpRequest, term_pk: int) -> HttpResponse:
    township = request.township
    term = access.access_term(request, term_pk)
    form = DeputyForm(
        request.POST or None,
        instance=Deputy(term=term),
        initial={"took_office_on": _took_office_default(term, timezone.localdate())},
    )
    deputy = submit(
        request, form, lambda data: services.deputy_create(term=term, acting_user=request.user, **data)
    )
    if deputy is not None:
        messages.success(request, _("Deputy %(name)s added.") % {"name": deputy.name})
        if "add_another" in request.POST:
            return redirect("roster:deputy_create", township_pk=township.pk, term_pk=term.pk)
        return redirect("roster:term_detail", township_pk=township.pk, term_pk=term.pk)
    return render(
        request,
        "congress/deputy_form.html",
        {"township": township, "term": term, "deputy": None, "form": form, "section": "roster"},
    )


@require_GET
@access.township_view()
def deputy_detail(request: HttpRequest, deputy_pk: int) -> HttpResponse:
    township = request.township
    deputy = access.access_deputy(request, deputy_pk)
    changes = list(deputy.status_changes.order_by("-effective_on", "-pk"))
    memberships = list(deputy.presidium_memberships.order_by("-since", "-pk"))
    history = history_entries(
        Deputy.history.filter(id=deputy.pk),
        DeputyStatusChange.history.filter(deputy_id=deputy.pk),
        PresidiumMember.history.filter(deputy_id=deputy.pk),
        exclude=("term", "deputy"),
        limit=30,
    )
    return render(
        request,
        "congress/deputy_detail.html",
        {
            "township": township,
            "term": deputy.term,
            "deputy": deputy,
            "changes": changes,
            "memberships": memberships,
            "history": history,
            "in_office": deputy.in_office_on(timezone.localdate()),
            "can_write": request.can_write,
            "section": "roster",
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def deputy_edit(request: HttpRequest, deputy_pk: int) -> HttpResponse:
    township = request.township
    deputy = access.access_deputy(request, deputy_pk)
    form = DeputyForm(request.POST or None, instance=deputy)
    recorded = submit(
        request, form, lambda data: services.deputy_update(deputy=deputy, acting_user=request.user, **data)
    )
    if recorded is not None:
        messages.success(request, _("Deputy %(name)s saved.") % {"name": deputy.name})
        return redirect("roster:deputy_detail", township_pk=township.pk, deputy_pk=deputy.pk)
    return render(
        request,
        "congress/deputy_form.html",
        {
            "township": township,
            "term": deputy.term,
            "deputy": Deputy.objects.get(pk=deputy.pk),
            "form": form,
            "section": "roster",
        },
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def deputy_status_change(request: HttpRequest, deputy_pk: int) -> HttpResponse:
    """Record a deputy's resignation, recall, death, move… with its date; the past stays."""
    township = request.township
    deputy = access.access_deputy(request, deputy_pk)
    form = DeputyStatusChangeForm(
        request.POST or None,
        deputy=deputy,
        instance=DeputyStatusChange(deputy=deputy),
        initial={"effective_on": timezone.localdate()},
    )
    change = submit(
        request,
        form,
        lambda data: services.deputy_status_change(deputy=deputy, acting_user=request.user, **data),
    )
    if change is not None:
        messages.success(
            request,
            _("%(name)s: %(status)s from %(date)s.")
            % {
                "name": deputy.name,
                "status": change.get_status_display(),
                "date": date_format(change.effective_on, "DATE_FORMAT"),
            },
        )
        return redirect("roster:deputy_detail", township_pk=township.pk, deputy_pk=deputy.pk)
    return render(
        request,
        "congress/deputy_status_form.html",
        {
            "township": township,
            "term": deputy.term,
            "deputy": deputy,
            "changes": deputy.status_changes.order_by("-effective_on", "-pk"),
            "form": form,
            "section": "roster",
        },
    )


# The presidium ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def presidium_member_add(request: HttpRequest, term_pk: int) -> HttpResponse:
    township = request.township
    term = access.access_term(request, term_pk)
    form = PresidiumMemberForm(
        request.POST or None,
        term=term,
        instance=PresidiumMember(term=term),
        initial={"since": term.starts_on, "deputy": request.GET.get("deputy")},
    )
    member = submit(
        request,
        form,
        lambda data: services.presidium_member_create(term=term, acting_user=request.user, **data),
    )
    if member is not None:
        messages.success(request, _("%(member)s joined the presidium.") % {"member": member})
        return redirect(reverse("roster:term_detail", args=[township.pk, term.pk]) + "#presidium")
    return render(
        request,
        "congress/presidium_member_form.html",
        {"township": township, "term": term, "member": None, "form": form, "section": "roster"},
    )


@require_http_methods(["GET", "POST"])
@access.township_view(write=True)
def presidium_member_edit(request: HttpRequest, member_pk: int) -> HttpResponse:
    township = request.township
    member = access.access_presidium_member(request, member_pk)
    form = PresidiumMemberForm(request.POST or None, term=member.term, instance=member)
    recorded = submit(
        request,
        form,
        lambda data: services.presidium_member_update(member=member, acting_user=request.user, **data),
    )
    if recorded is not None:
        messages.success(request, _("%(member)s saved.") % {"member": member})
        return redirect(reverse("roster:term_detail", args=[township.pk, member.term_id]) + "#presidium")
    return render(
        request,
        "congress/presidium_member_form.html",
        {"township": township, "term": member.term, "member": member, "form": form, "section": "roster"},
    )
