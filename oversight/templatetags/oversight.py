"""Template filters of the county's pages: status and rule names, icons, rates."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from congress.models import TownshipKind
from oversight.filters import RULE_TITLES, SEVERITY_LABELS, STATUS_ICONS, STATUS_LABELS

register = template.Library()


@register.filter
def status_label(status: str | None) -> str:
    return str(STATUS_LABELS[status]) if status in STATUS_LABELS else gettext("not evaluated")


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


@register.filter
def has_rule(cell, rule: str) -> bool:
    return cell.has_rule(rule)
