"""The dashboard's query parameters (also read by the exports): county, years, township kind,
status, rule and sort — one plain form, parsed into a Selection.

Unknown or malformed values fall back to their defaults, except a county outside the user's
scope, which is a 404 (its existence is not disclosed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import access
from congress.models import County, TownshipKind
from oversight.results import NOT_APPLICABLE, OK, PENDING, VIOLATION, WARNING
from oversight.rules import RULES

# The statuses of a township-year cell (RULES.md), as the interface names them (GLOSSARY.md).
STATUS_LABELS = {
    VIOLATION: _("violation"),
    WARNING: _("warning"),
    PENDING: _("pending"),
    OK: _("compliant"),
    NOT_APPLICABLE: _("not applicable"),
}
# An icon per status (bootstrap-icons) and a letter, so a cell reads without colour.
STATUS_ICONS = {
    VIOLATION: "bi-x-octagon-fill",
    WARNING: "bi-exclamation-triangle-fill",
    PENDING: "bi-hourglass-split",
    OK: "bi-check-circle-fill",
    NOT_APPLICABLE: "bi-dash-circle",
}
SEVERITY_LABELS = {VIOLATION: _("violation"), WARNING: _("warning")}

# Every rule code with its short name: the rule engine's table is the one source.
RULE_TITLES = {code: rule.title for code, rule in RULES.items()}

SORT_CODE, SORT_NAME, SORT_VIOLATIONS = "code", "name", "violations"
SORT_CHOICES = [
    (SORT_CODE, _("statistical code")),
    (SORT_NAME, _("name")),
    (SORT_VIOLATIONS, _("most violations")),
]
YEARS_SHOWN_BY_DEFAULT = 6  # the current year and the five before it
EARLIEST_YEAR = 2000


def default_years(today: datetime.date) -> list[int]:
    return list(range(today.year - YEARS_SHOWN_BY_DEFAULT + 1, today.year + 1))


def _all(label):
    return [("", label)]


COUNTY_CHOICES_MAX = 100


class DashboardFilterForm(forms.Form):
    county = forms.ChoiceField(label=_("county"), required=False)
    years = forms.TypedMultipleChoiceField(
        label=_("years"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=_all(_("all kinds")) + list(TownshipKind.choices)
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=_all(_("any status")) + list(STATUS_LABELS.items())
    )
    rule = forms.ChoiceField(
        label=_("rule"), required=False, choices=_all(_("any rule")) + list(RULE_TITLES.items())
    )
    sort = forms.ChoiceField(label=_("sort by"), required=False, choices=SORT_CHOICES)
    figures = forms.BooleanField(label=_("show figures in every cell"), required=False)

    def __init__(self, data=None, *, counties: list[County], today: datetime.date, **kwargs):
        super().__init__(data, **kwargs)
        # A county's staff see their county; a province's superuser picks one of a few dozen;
        # at national scale (thousands) a list would outweigh the page: the code is typed.
        if len(counties) > COUNTY_CHOICES_MAX:
            self.county_input = "code"
            self.fields["county"] = forms.CharField(label=_("county code"), required=False, max_length=6)
        else:
            self.county_input = "select" if len(counties) > 1 else "hidden"
            self.fields["county"].choices = [(c.code, f"{c.full_name}（{c.code}）") for c in counties]
        self.fields["years"].choices = [(y, str(y)) for y in range(EARLIEST_YEAR, today.year + 1)]
        self.today = today

    def year_options(self) -> list[tuple[int, bool]]:
        """The years offered as toggles: the last eleven, and any older one selected."""
        selected = {int(y) for y in self.initial.get("years", [])}
        recent = set(range(self.today.year - 10, self.today.year + 1))
        return [(y, y in selected) for y in sorted(recent | selected)]


@dataclass(frozen=True)
class Selection:
    county: County | None
    years: list[int]
    kind: str
    status: str
    rule: str
    sort: str
    figures: bool
    as_of: datetime.date
    form: DashboardFilterForm

    @property
    def year(self) -> int:
        """The chosen year: the latest selected."""
        return self.years[-1]

    def query(self) -> str:
        """The selection as a query string (for the exports' links)."""
        params = QueryDict(mutable=True)
        if self.county is not None:
            params["county"] = self.county.code
        params.setlist("years", [str(y) for y in self.years])
        for name in ("kind", "status", "rule"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        params["sort"] = self.sort
        if self.figures:
            params["figures"] = "on"
        return params.urlencode()


def _normalised(params: QueryDict) -> QueryDict:
    """Accept years both as `years=2023&years=2024` and as `years=2023,2024`."""
    data = params.copy()
    years = [part.strip() for value in params.getlist("years") for part in value.split(",") if part.strip()]
    data.setlist("years", years)
    return data


def chosen_county(user, counties: list[County], code: str | None) -> County | None:
    """The county asked for by code (404 outside the user's counties); else the user's own
    county, or the first they may see."""
    if code:
        county = next((c for c in counties if c.code == code), None)
        if county is None:
            raise Http404
        return county
    if not counties:
        return None
    membership = access.membership(user)
    return next((c for c in counties if membership and c.pk == membership.county_id), counties[0])


def selection_from(user, params: QueryDict) -> Selection:
    """The dashboard's selection for a county-level user: one query for the user's counties."""
    today = timezone.localdate()
    counties = list(access.counties(user))
    form = DashboardFilterForm(_normalised(params), counties=counties, today=today)
    form.is_valid()
    data = form.cleaned_data
    county = chosen_county(user, counties, params.get("county"))
    values = {
        "years": sorted(set(data.get("years") or [])) or default_years(today),
        "kind": data.get("kind") or "",
        "status": data.get("status") or "",
        "rule": data.get("rule") or "",
        "sort": data.get("sort") or SORT_CODE,
        "figures": bool(data.get("figures")),
    }
    # The form shown on the page holds what is in force, defaults included.
    shown = DashboardFilterForm(
        counties=counties, today=today, initial={**values, "county": county.code if county else ""}
    )
    return Selection(county=county, as_of=today, form=shown, **values)
