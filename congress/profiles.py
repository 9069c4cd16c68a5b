"""Rule profiles: the provincial numbers a county applies (LAW.md §6; RULES.md "Profile").

A county picks one (County.rule_profile, default national). The values live here, in the
congress app, because recording needs them too (a suggestion's reply deadline) and the
dependencies point oversight → sessions → congress.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from congress.models import RuleProfile

VIOLATION = "violation"
WARNING = "warning"


@dataclass(frozen=True)
class Profile:
    code: str
    sessions_expected: int = 2
    # Whether fewer held sessions than expected is a violation (a provincial duty) or a
    # warning (the national 「一般每年举行两次」).
    second_session_severity: str = WARNING
    min_session_hours: float = 6
    recess_activities_min: int = 2
    presidium_meeting_max_gap_days: int | None = None
    suggestion_reply_months: int = 3
    suggestion_reply_months_complex: int = 6
    government_report_severity: str = WARNING
    # Where each value comes from, by field name: shown on the profile page.
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def label(self):
        return RuleProfile(self.code).label


NATIONAL_SOURCES = {
    "sessions_expected": _("Organic Law 2022 Art. 14(1): generally twice a year"),
    "min_session_hours": _("County standard: a regular session sits at least one working day (6 hours)"),
    "recess_activities_min": _("County standard: at least 2 inter-session deputy activities a year"),
    "suggestion_reply_months": _("Deputies Law 2025 Art. 51(2): reply within 3 months of assignment"),
    "suggestion_reply_months_complex": _("Deputies Law 2025 Art. 51(2): 6 months when wide in scope or hard"),
    "presidium_meeting_max_gap_days": _("No national interval for presidium meetings"),
}


def _sources(**overrides) -> dict[str, str]:
    return {**NATIONAL_SOURCES, **overrides}


PROFILES: dict[str, Profile] = {
    RuleProfile.NATIONAL: Profile(code=RuleProfile.NATIONAL, sources=_sources()),
    RuleProfile.BEIJING: Profile(
        code=RuleProfile.BEIJING,
        second_session_severity=VIOLATION,
        sources=_sources(
            sessions_expected=_("Beijing (2016): at least one session each half-year, the first by 31 March"),
        ),
    ),
    RuleProfile.ZHEJIANG: Profile(
        code=RuleProfile.ZHEJIANG,
        second_session_severity=VIOLATION,
        recess_activities_min=3,
        presidium_meeting_max_gap_days=92,
        government_report_severity=VIOLATION,
        sources=_sources(
            sessions_expected=_(
                "Zhejiang (2016, amended 2023) Art. 17: an early-year and a mid-year session"
            ),
            min_session_hours=_(
                "Zhejiang: a session sits at least one day (extraordinary sessions may be shorter)"
            ),
            recess_activities_min=_("Zhejiang: deputy groups hold at least 3 activities a year"),
            presidium_meeting_max_gap_days=_("Zhejiang: the presidium meets at least every three months"),
        ),
    ),
    RuleProfile.HENAN: Profile(
        code=RuleProfile.HENAN,
        presidium_meeting_max_gap_days=92,
        sources=_sources(
            sessions_expected=_("Henan (2016): generally twice a year"),
            min_session_hours=_("Henan: a session without elections sits at least one day"),
            presidium_meeting_max_gap_days=_("Henan: the presidium meets at least every three months"),
        ),
    ),
    RuleProfile.CHONGQING: Profile(
        code=RuleProfile.CHONGQING,
        recess_activities_min=4,
        presidium_meeting_max_gap_days=92,
        suggestion_reply_months=2,
        suggestion_reply_months_complex=4,
        sources=_sources(
            sessions_expected=_("Chongqing (2016): generally twice a year, one with a specific-issue report"),
            min_session_hours=_("Chongqing: a session sits at least one day"),
            recess_activities_min=_("Chongqing: deputy groups are active every quarter (4 a year)"),
            presidium_meeting_max_gap_days=_("Chongqing: the presidium meets at least quarterly"),
            suggestion_reply_months=_("Chongqing township regulation: reply within 2 months"),
            suggestion_reply_months_complex=_("Chongqing township regulation: 4 months when complex"),
        ),
    ),
    RuleProfile.SHANDONG: Profile(
        code=RuleProfile.SHANDONG,
        recess_activities_min=4,
        suggestion_reply_months=2,
        suggestion_reply_months_complex=4,
        sources=_sources(
            recess_activities_min=_("Shandong: deputy groups hold at least 4 activities a year"),
            suggestion_reply_months=_("Shandong (2015): reply within 2 months"),
            suggestion_reply_months_complex=_("Shandong (2015): 4 months when complex"),
        ),
    ),
}


def profile_for(code: str | None) -> Profile:
    return PROFILES.get(code or RuleProfile.NATIONAL, PROFILES[RuleProfile.NATIONAL])


def reply_due_on(assigned_on: datetime.date, *, is_complex: bool, profile: Profile) -> datetime.date:
    """代表法 2025 Art. 51(2): the assignment day plus the period in calendar months, clamped to
    the last day of a shorter month (Nov 30 + 3 months = Feb 28, or 29 in a leap year)."""
    months = profile.suggestion_reply_months_complex if is_complex else profile.suggestion_reply_months
    return assigned_on + relativedelta(months=months)
