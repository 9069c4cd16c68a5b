"""The county standing committee's view of its townships: the dashboard, a township's year, the
exports, the year-end report and the rule profiles.

Every object comes through congress.access: county pages refuse township staff (403), a county
or township outside the user's scope is a 404.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congress import access, downloads
from congress.forms import submit
from congress.models import County, Township
from congress.profiles import PROFILES
from oversight import exports
from oversight.figures import TownshipYearFigures, county_matrix, township_year_figures, year_report
from oversight.filters import (
    EARLIEST_YEAR,
    RULE_TITLES,
    STATUS_ICONS,
    STATUS_LABELS,
    Selection,
    selection_from,
)
from oversight.forms import CountyProfileForm
from oversight.results import Flag, TownshipYear
from oversight.selectors import compliance
from oversight.services import county_profile_change
from sessions.models import Session


def _require_county_level(user) -> None:
    if not access.is_county_level(user):
        raise PermissionDenied


def _check_year(year: int, today: datetime.date) -> None:
    """Years before the record or after this one have no page."""
    if not EARLIEST_YEAR <= year <= today.year:
        raise Http404


def _selected_townships(user, selection: Selection) -> QuerySet[Township]:
    townships = access.townships(user).filter(county=selection.county)
    if selection.kind:
        townships = townships.filter(kind=selection.kind)
    return townships


def _legend() -> list[tuple[str, str, str]]:
    return [(status, str(label), STATUS_ICONS[status]) for status, label in STATUS_LABELS.items()]


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every township × year of a county at a glance, with the chosen year's figures."""
    _require_county_level(request.user)
    selection = selection_from(request.user, request.GET)
    context = {"selection": selection, "form": selection.form, "legend": _legend()}
    if selection.county is not None:
        context["matrix"] = county_matrix(
            townships=_selected_townships(request.user, selection),
            years=selection.years,
            as_of=selection.as_of,
            status=selection.status,
            rule=selection.rule,
            sort=selection.sort,
        )
        context["query"] = selection.query()
    return render(request, "oversight/county_dashboard.html", context)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    _require_county_level(request.user)
    selection = selection_from(request.user, request.GET)
    if selection.county is None:
        raise Http404
    matrix = county_matrix(
        townships=_selected_townships(request.user, selection),
        years=selection.years,
        as_of=selection.as_of,
        status=selection.status,
        rule=selection.rule,
        sort=selection.sort,
    )
    table = exports.matrix_table(matrix) if kind == "matrix" else exports.flags_table(matrix)
    basename = exports.export_basename(kind, selection.county.code, selection.years)
    return exports.download(table, fmt=request.GET.get("format", "xlsx"), basename=basename)


@require_GET
def export_matrix(request: HttpRequest) -> HttpResponse:
    """The dashboard's matrix (with the figures of every year) as XLSX or CSV."""
    return _export(request, "matrix")


@require_GET
def export_flags(request: HttpRequest) -> HttpResponse:
    """Every flag of the dashboard's selection, one row each, as XLSX or CSV."""
    return _export(request, "flags")


# ---------------------------------------------------------------------------------------------
# One township


def _url(name: str, **kwargs) -> str | None:
    """A link to a page another area builds, or None while that page does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def evidence_url(flag: Flag, township: Township) -> str | None:
    """Where the fact behind a flag is recorded: its session's or suggestion's page."""
    obj = flag.object or {}
    kind, pk = obj.get("type"), obj.get("id")
    if kind == "session" and pk:
        return _url("sessions:session_detail", township_pk=township.pk, session_pk=pk)
    if kind in {"resolution", "election", "candidate"} and obj.get("session_id"):
        return _url("sessions:session_detail", township_pk=township.pk, session_pk=obj["session_id"])
    if kind == "suggestion" and pk:
        return _url("sessions:suggestion_detail", township_pk=township.pk, suggestion_pk=pk)
    if kind == "term" and pk:
        return _url("roster:term_detail", township_pk=township.pk, term_pk=pk)
    return None


def _township_result(user, township: Township, year: int, today: datetime.date) -> TownshipYear | None:
    results = compliance(townships=access.townships(user).filter(pk=township.pk), years=[year], as_of=today)
    return results[0] if results else None


def _flags_with_evidence(result: TownshipYear | None, township: Township) -> list[tuple[Flag, str | None]]:
    if result is None:
        return []
    return [(flag, evidence_url(flag, township)) for flag in result.flags]


@require_GET
@access.township_view()
def township_year(request: HttpRequest, year: int) -> HttpResponse:
    """A township's year: every flag with its legal basis and evidence, what is still owed,
    and the facts of that year. Township staff may read their own township's."""
    township = request.township
    today = timezone.localdate()
    _check_year(year, today)
    result = _township_result(request.user, township, year, today)
    townships = access.townships(request.user).filter(pk=township.pk)
    figures = township_year_figures(townships=townships, years=[year], as_of=today).get(
        (township.pk, year), TownshipYearFigures()
    )
    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    sessions = list(
        Session.objects.filter(
            township=township, opens_at__gte=start, opens_at__lt=start.replace(year=year + 1)
        )
        .select_related("term__township")
        .order_by("opens_at")
    )
    rows = [(s, _url("sessions:session_detail", township_pk=township.pk, session_pk=s.pk)) for s in sessions]
    context = {
        "township": township,
        "county": township.county,
        "year": year,
        "in_progress": year >= today.year,
        "result": result,
        "flags": _flags_with_evidence(result, township),
        "figures": figures,
        "sessions": rows,
        "previous_year": year - 1 if year > EARLIEST_YEAR else None,
        "next_year": year + 1 if year < today.year else None,
        "is_county_level": access.is_county_level(request.user),
        "section": "compliance",
    }
    return render(request, "oversight/township_year.html", context)


@require_GET
@access.township_view()
def township_status(request: HttpRequest) -> HttpResponse:
    """This year's status of a township, its flags and what it still owes: a fragment the
    township home page loads with htmx."""
    township = request.township
    today = timezone.localdate()
    result = _township_result(request.user, township, today.year, today)
    context = {
        "township": township,
        "year": today.year,
        "result": result,
        "flags": _flags_with_evidence(result, township),
    }
    return render(request, "oversight/_township_status.html", context)


# ---------------------------------------------------------------------------------------------
# The year-end report


@require_GET
def year_report_view(request: HttpRequest, county_code: str, year: int) -> HttpResponse:
    """年度工作统计报告: a printable page, or a PDF with ?format=pdf."""
    _require_county_level(request.user)
    county = access.counties(request.user).filter(code=county_code).first()
    if county is None:
        raise Http404
    today = timezone.localdate()
    _check_year(year, today)
    report = year_report(county=county, year=year, as_of=today)
    context = {
        "report": report,
        "county": county,
        "year": year,
        "reports_chart": report.reports_chart(),
        "activities_chart": report.activities_chart(),
        "rules_chart": report.rules_chart(RULE_TITLES),
        "pdf": request.GET.get("format") == "pdf",
        "previous_year": year - 1 if year > EARLIEST_YEAR else None,
        "next_year": year + 1 if year < today.year else None,
    }
    if context["pdf"]:
        return _pdf(request, "oversight/year_report.html", context, f"year-report-{county.code}-{year}.pdf")
    return render(request, "oversight/year_report.html", context)


def _pdf(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    # Imported here: WeasyPrint loads its fonts and libraries, which only the PDF needs.
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = downloads.attachment(filename)
    return response


# ---------------------------------------------------------------------------------------------
# Rule profiles


@require_http_methods(["GET", "POST"])
def profiles(request: HttpRequest) -> HttpResponse:
    """Every profile's numbers and where they come from; the county administrator picks the
    county's."""
    _require_county_level(request.user)
    counties = list(access.counties(request.user))
    code = request.GET.get("county")
    if code:
        county = next((c for c in counties if c.code == code), None)
        if county is None:
            raise Http404
    else:
        own = access.membership(request.user)
        county = next(
            (c for c in counties if own and c.pk == own.county_id), counties[0] if counties else None
        )
    if county is None:
        raise Http404
    can_manage = access.can_manage_county(request.user, county)
    form = CountyProfileForm(initial={"profile": county.rule_profile})
    if request.method == "POST":
        county = access.get_county(request.user, county.pk, manage=True)
        form = CountyProfileForm(request.POST)
        changed = submit(
            request,
            form,
            lambda data: county_profile_change(
                county=county, profile=data["profile"], acting_user=request.user
            ),
        )
        if changed is not None:
            messages.success(
                request,
                _("Rule profile: %(county)s now applies “%(profile)s”.")
                % {"county": county.name, "profile": PROFILES[county.rule_profile].label},
            )
            return redirect(f"{reverse('oversight:profiles')}?county={county.code}")
    context = {
        "county": county,
        "counties": counties,
        "profiles": _profile_rows(county),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "oversight/profile_list.html", context)


def _profile_values(profile) -> list[tuple[str, str, str]]:
    """A profile's numbers as (setting, value, source) for the page."""
    severity = {"violation": _("violation"), "warning": _("warning")}
    gap = profile.presidium_meeting_max_gap_days
    src = profile.sources.get
    return [
        (
            _("Sessions expected a year"),
            str(profile.sessions_expected),
            src("sessions_expected", ""),
        ),
        (
            _("Fewer sessions than expected is a"),
            severity[profile.second_session_severity],
            src("sessions_expected", ""),
        ),
        (
            _("Minimum sitting time of a regular session"),
            _("%(hours)s hours") % {"hours": f"{profile.min_session_hours:g}"},
            src("min_session_hours", ""),
        ),
        (
            _("Inter-session deputy activities a year, at least"),
            str(profile.recess_activities_min),
            src("recess_activities_min", ""),
        ),
        (
            _("Longest gap between presidium meetings"),
            _("%(days)s days") % {"days": gap} if gap else _("no limit"),
            src("presidium_meeting_max_gap_days", ""),
        ),
        (
            _("Reply to a deputy's suggestion within"),
            _("%(months)s months") % {"months": profile.suggestion_reply_months},
            src("suggestion_reply_months", ""),
        ),
        (
            _("Reply to a complex suggestion within"),
            _("%(months)s months") % {"months": profile.suggestion_reply_months_complex},
            src("suggestion_reply_months_complex", ""),
        ),
        (
            _("Government work report not deliberated is a"),
            severity[profile.government_report_severity],
            "",
        ),
    ]


def _profile_rows(county: County) -> list[dict]:
    """Each profile with its values, and whether the county applies it."""
    return [
        {
            "code": str(code),
            "label": profile.label,
            "values": _profile_values(profile),
            "current": county.rule_profile == code,
        }
        for code, profile in PROFILES.items()
    ]
