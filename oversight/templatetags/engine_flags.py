"""The rule engine's own verdict on the township's pages: a township-year's cell and a
session's flags, for the sessions app's templates (its Python does not import oversight, and
a printed dossier cannot load an htmx fragment). The pages show what the engine says, so they
cannot contradict the dashboard."""

from __future__ import annotations

from django import template

from congress.models import Township
from oversight.results import Flag, TownshipYear
from oversight.selectors import compliance

register = template.Library()

# Evidence recorded at a session: the flags of these kinds with its id are the session's.
SESSION_EVIDENCE = frozenset({"session", "resolution", "election", "candidate"})
OWN_YEAR = object()  # session_flags without a township-year: evaluate the session's own


@register.simple_tag
def township_year(township: Township, year: int) -> TownshipYear | None:
    """The engine's cell for the township's year, as of today: status, flags, what is owed.
    None for a year after today's (not evaluated)."""
    results = compliance(townships=Township.objects.filter(pk=township.pk), years=[year])
    return results[0] if results else None


@register.simple_tag
def session_flags(session, result=OWN_YEAR) -> list[Flag]:
    """The engine's flags about the session or what was recorded at it (a resolution, an
    election, a candidate). `result` is its township-year when the page has it already (a
    list of sessions: one evaluation for all); otherwise the session's own is evaluated."""
    if result is OWN_YEAR:
        result = township_year(session.township, session.opening_day.year)
    if result is None:
        return []
    return [
        flag
        for flag in result.flags
        if flag.object is not None
        and flag.object.get("type") in SESSION_EVIDENCE
        and flag.object.get("session_id") == session.pk
    ]


@register.filter
def has_flag(result: TownshipYear | None, rule: str) -> bool:
    """Whether the engine flags the township-year under the rule (e.g. annual-session-unscheduled)."""
    return result is not None and any(flag.rule == rule for flag in result.flags)
