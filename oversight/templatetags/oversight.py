"""Template filters of the county's pages: status and rule names, icons, rates; the rows of the
dashboard's matrix."""

from __future__ import annotations

from collections import Counter

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from congress.models import TownshipKind
from oversight.filters import RULE_TITLES, SEVERITY_LABELS, STATUS_ICONS, STATUS_LABELS
from oversight.results import VIOLATION
from oversight.rules import RULE_ORDER, RULES, SESSION, rule_short_title

register = template.Library()


@register.filter
def status_label(status: str | None) -> str:
    return str(STATUS_LABELS[status]) if status in STATUS_LABELS else _("not evaluated")


@register.filter
def status_icon(status: str | None) -> str:
    return STATUS_ICONS.get(status, "bi-circle")


@register.filter
def severity_label(severity: str) -> str:
    return str(SEVERITY_LABELS.get(severity, severity))


@register.filter
def rule_title(rule: str) -> str:
    return str(RULE_TITLES.get(rule, rule))


@register.filter
def kind_label(kind: str) -> str:
    return str(TownshipKind(kind).label) if kind in TownshipKind.values else kind


@register.filter
def percent(value: float | None) -> str:
    """0.8 → "80%"; no value → "—"."""
    return "—" if value is None else f"{round(value * 100)}%"


@register.filter
def hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def matrix_row(row, *, rule: str = "", figures: bool = False) -> SafeString:
    """A township's row of the dashboard's matrix: its name (a link to its last year), code and
    kind, a cell per year (the newest first, as the header), the figures of the last year.
    Rendered here rather than in the template: a county's matrix has hundreds of cells, and the
    template nodes of each cost more than the rest of the page."""
    township, figures_of_last = row.township, row.last.figures
    return format_html(
        '<tr><th scope="row" class="sticky-col">'
        '<a class="text-decoration-none" href="{}">{}</a>'
        '<div class="small text-muted fw-normal">{} · {}</div></th>{}{}</tr>',
        reverse("oversight:township_year", args=(township.pk, row.last.year)),
        township.name,
        township.code,
        kind_label(township.kind),
        format_html_join(
            "",
            "{}",
            ((matrix_cell(row, cell, rule=rule, figures=figures),) for cell in reversed(row.cells)),
        ),
        format_html_join(
            "",
            '<td class="text-end figure-col">{}</td>',
            (
                (value,)
                for value in (
                    figures_of_last.sessions_held,
                    figures_of_last.activities,
                    figures_of_last.suggestions,
                    percent(figures_of_last.on_time_rate),
                    percent(figures_of_last.satisfaction_rate),
                )
            ),
        ),
    )


# A cell names this many kinds of problem; "+N" stands for the rest (the page lists them all).
CAUSES_SHOWN = 2


@register.filter
def causes(result) -> str:
    """A township-year's kinds of problem in words, without hover: each flagged rule's short
    title, with its number of flags when more than one (“建议逾期×6”). Violations first, and a
    session's own fault before the year's duties it left unmet (a session without a quorum is
    why the budget it approved is not approved)."""
    counts = Counter(flag.rule for flag in result.flags) if result else Counter()
    severity = {flag.rule: flag.severity for flag in result.flags} if result else {}
    order = sorted(
        counts,
        key=lambda code: (severity[code] != VIOLATION, RULES[code].level != SESSION, RULE_ORDER[code]),
    )
    words = [rule_short_title(code) + (f"×{counts[code]}" if counts[code] > 1 else "") for code in order]
    shown = "、".join(words[:CAUSES_SHOWN])
    return f"{shown} +{len(words) - CAUSES_SHOWN}" if len(words) > CAUSES_SHOWN else shown


def matrix_cell(row, cell, *, rule: str = "", figures: bool = False) -> SafeString:
    """One cell of the matrix: its status as a colour, an icon and words (for a screen reader),
    the kinds of problem in words (or “at risk”), the flags' messages as its tooltip, a link to
    the township-year page."""
    if cell.result is None:
        return format_html(
            '<td class="cell cell-empty text-center text-muted" title="{}">—</td>', _("not evaluated")
        )
    status = cell.result.status
    label = status_label(status)
    title = label + "".join(f"\n· {flag.message}" for flag in cell.result.flags)
    words = causes(cell.result) or (_("at risk") if cell.at_risk else "")
    return format_html(
        '<td class="cell status-{}{}"><a href="{}" title="{}">'
        '<i class="bi {}" aria-hidden="true"></i> '
        '<span class="visually-hidden">{} {}: {}</span> {} {}</a></td>',
        status,
        " cell-rule" if rule and cell.has_rule(rule) else "",
        reverse("oversight:township_year", args=(row.township.pk, cell.year)),
        title,
        status_icon(status),
        row.township.name,
        cell.year,
        label,
        format_html('<span class="cell-causes">{}</span>', words) if words else "",
        format_html(
            '<span class="cell-figures">{} · {} · {} · {}</span>',
            cell.figures.sessions_held,
            cell.figures.activities,
            cell.figures.suggestions,
            percent(cell.figures.on_time_rate),
        )
        if figures
        else "",
    )
