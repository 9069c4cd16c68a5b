"""The JSON API: the same township-year objects as `manage.py compliance` (RULES.md "Output").

GET /api/compliance?year=2024[&county=330106][&as_of=2025-01-15] — or years=2022,2023 — returns
a JSON list of TownshipYear.as_dict(), ordered by township code, then year, for the townships
the user may read (congress.access): a county outside the user's scope is a 404, a bad year a
400 with a JSON error. Login is required (LoginRequiredMiddleware), as for every page.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congress import access
from congress.fields import latest_day
from oversight.selectors import compliance

FIRST_YEAR = 1979  # township congresses were re-established by the 1979 Organic Law
MAX_YEARS = 10


class BadRequest(ValueError):
    pass


def parse_as_of(params: QueryDict) -> datetime.date:
    raw = params.get("as_of", "").strip()
    if not raw:
        return timezone.localdate()
    try:
        as_of = datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(_("As of: give a date such as 2025-01-15.")) from None
    # As far ahead as a form takes a day: a later one (9999-12-31) overflows the year arithmetic.
    if as_of > latest_day():
        raise BadRequest(_("As of: at the latest %(day)s.") % {"day": latest_day().isoformat()})
    return as_of


def parse_years(params: QueryDict, *, as_of: datetime.date) -> list[int]:
    """`year=2024` or `years=2022,2023`: each from 1979 to the as-of date's year, at most ten."""
    raw = params.get("years") or params.get("year") or ""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        raise BadRequest(_("Year: give a year such as 2024."))
    try:
        years = sorted({int(p) for p in parts})
    except ValueError:
        raise BadRequest(_("Year: give a year such as 2024.")) from None
    if years[0] < FIRST_YEAR or years[-1] > as_of.year:
        raise BadRequest(
            _("Year: from %(first)s to %(last)s (later years are not evaluated yet).")
            % {"first": FIRST_YEAR, "last": as_of.year}
        )
    if len(years) > MAX_YEARS:
        raise BadRequest(_("Years: at most %(count)s years at a time.") % {"count": MAX_YEARS})
    return years


def json_response(data, *, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_compliance(request: HttpRequest) -> JsonResponse:
    try:
        as_of = parse_as_of(request.GET)
        years = parse_years(request.GET, as_of=as_of)
    except BadRequest as error:
        return json_response({"error": str(error)}, status=400)
    townships = access.townships(request.user)
    code = request.GET.get("county", "").strip()
    if code:
        county = access.counties(request.user).filter(code=code).first()
        if county is None:
            return json_response({"error": _("County: no county with this code.")}, status=404)
        townships = townships.filter(county=county)
    cells = compliance(townships=townships, years=years, as_of=as_of)
    return json_response([cell.as_dict() for cell in cells])
