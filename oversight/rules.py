"""The rule engine: RULES.md as code. Pure Python over oversight.facts — no ORM here.

Each rule is one function named after its code (`annual_session_missing` for
`annual-session-missing`), taking the YearContext of one township × year and returning its
flags; the RULES table below (code → severity, legal basis by date, function) is the single
source of severities and bases. `evaluate()` runs the table for one township-year.

Which text of a law applies: the one in force on the fact's date (LAW.md §0) — a session's
opening day, a suggestion's due day, Dec 31 for a year-level rule. The Organic Law was revised
on 2022-03-11 and the Deputies Law on 2025-03-11 (adoption dates).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_noop, pgettext_lazy

from congress.law import majority_of_all_deputies
from congress.profiles import Profile, profile_for, reply_due_on
from oversight.facts import HELD, PLANNED, REGULAR, SessionFacts, TownshipFacts, YearSummary, term_full_name
from oversight.results import (
    NOT_APPLICABLE,
    STATUSES,
    VIOLATION,
    WARNING,
    Flag,
    TownshipRef,
    TownshipYear,
    status_of,
)
from sessions.models import ElectionOffice

ORGANIC_LAW_2022 = datetime.date(2022, 3, 11)
DEPUTIES_LAW_2025 = datetime.date(2025, 3, 11)
EARLIEST = datetime.date(1949, 1, 1)

# Rule levels: when a rule runs (RULES.md's three tables, plus the in-progress year's one flag).
YEAR = "year"  # a closed year, for a township that existed all year
IN_PROGRESS = "in-progress"  # the year in progress, for a township that existed all year
WHOLE_YEAR = "whole-year"  # both: a closed year and the year in progress, if it existed all year
SESSION = "session"  # every session recorded as held in the year
OTHER = "other"  # suggestions, terms

# Report, election and activity kinds (the values of the sessions app's choices).
BUDGET = "budget"
FINAL_ACCOUNTS = "final_accounts"
GOVERNMENT_WORK = "government_work"
PRESIDIUM_WORK = "presidium_work"
SPECIFIC_ISSUE = "specific_issue"
APPROVED = "approved"
SPECIFIC_ISSUE_HEARING = "specific_issue_hearing"
TRAINING = "training"
BY_ELECTION = "by_election"
SINGLE_POSTS = frozenset({"chair", "head"})  # 1 or 2 candidates (Art. 27)
DEPUTY_POSTS = frozenset({"vice_chair", "deputy_head"})  # seats + 1 to seats + 3 candidates

TERM_MONTHS = 5 * 12 + 6  # 5 years, and the customary half-year of grace
FIRST_SESSION_MONTHS = 2


# Translations and dates, remembered per language: a province's flags repeat the same few
# messages and days, and Django's lookups cost more than the rules themselves.
_translated: dict[tuple[str | None, str], str] = {}
_days: dict[tuple[str | None, datetime.date], str] = {}


# The active language, read once per evaluation (Django's lookup of it is not cheap).
_language: ContextVar[str | None] = ContextVar("oversight_rules_language", default=None)


def _(message: str) -> str:
    """gettext, remembered per language."""
    key = (_language.get() or get_language(), message)
    found = _translated.get(key)
    if found is None:
        found = _translated[key] = translation.gettext(message)
    return found


def day_label(day: datetime.date) -> str:
    """A date in the active language: 2024年6月20日 / June 20, 2024."""
    key = (_language.get() or get_language(), day)
    found = _days.get(key)
    if found is None:
        found = _days[key] = formats.date_format(day)
    return found


_sources: dict[tuple[str | None, int], tuple[object, str]] = {}


def source_text(source) -> str:
    """A profile's source (a lazy translation) in the active language, remembered per language."""
    key = (_language.get() or get_language(), id(source))
    found = _sources.get(key)
    if found is None or found[0] is not source:  # the source is kept: its id is not reused
        found = _sources[key] = (source, str(source))
    return found[1]


@lru_cache(maxsize=4096)
def add_months(day: datetime.date, months: int) -> datetime.date:
    """The day plus calendar months, clamped to the last day of a shorter month (as
    dateutil's relativedelta, without its cost: Nov 30 + 3 months = Feb 28, or 29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=256)
def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Jan 1 and Dec 31 of the year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def number_label(value: float) -> str:
    return f"{value:g}"


class YearContext:
    """One township × year as the rules see it: the facts of the year up to the as-of date D."""

    __slots__ = (
        "township",
        "year",
        "as_of",
        "profile",
        "sessions",
        "closed",
        "year_start",
        "year_end",
        "summary",
    )

    def __init__(self, township: TownshipFacts, year: int, as_of: datetime.date, profile: Profile):
        self.township, self.year, self.as_of, self.profile = township, year, as_of, profile
        self.closed = closed = as_of.year > year  # RULES.md: year Y is closed when D is after Dec 31
        self.year_start, self.year_end = year_bounds(year)
        # Sessions recorded as held whose opening day is in the year, up to D (quorum met or not).
        if not township.sessions:
            self.sessions = []
        elif closed:
            self.sessions = [s for s in township.sessions if s.status == HELD and s.opens_at.year == year]
        else:
            self.sessions = [
                s
                for s in township.sessions
                if s.status == HELD and s.opens_at.year == year and s.opens_at.date() <= as_of
            ]
        # What the year-level rules read: as loaded, or counted here from the sessions.
        for summary in township.years:
            if summary.year == year:
                break
        else:
            summary = summarise(township, year, as_of)
        self.summary: YearSummary = summary

    @property
    def reference_day(self) -> datetime.date:
        """R: Dec 31 for a closed year, D in the year in progress."""
        return self.year_end if self.closed else self.as_of

    @property
    def held(self) -> int:
        """How many sessions held (quorum met) in the year, up to D."""
        return self.summary.held


def summarise(township: TownshipFacts, year: int, as_of: datetime.date) -> YearSummary:
    """The year-level facts of a township × year counted from its sessions and activities (when
    the loader did not count them in the database)."""
    held = [s for s in township.sessions if s.held and s.opens_at.year == year and s.opens_at.date() <= as_of]
    reports = frozenset((r.kind, r.fiscal_year, r.outcome) for s in held for r in s.reports)
    activities = [a for a in township.activities if a.held_on.year == year and a.held_on <= as_of]
    return YearSummary(
        year=year,
        held=len(held),
        budget_approved=(BUDGET, year, APPROVED) in reports or budget_approved_in_advance(township, year),
        final_accounts_approved=(FINAL_ACCOUNTS, year - 1, APPROVED) in reports,
        heard=frozenset(kind for kind, _fy, _outcome in reports),
        recess_activities=sum(1 for a in activities if a.kind != TRAINING),
        specific_issue_hearing=any(a.kind == SPECIFIC_ISSUE_HEARING for a in activities),
    )


def budget_approved_in_advance(township: TownshipFacts, year: int) -> bool:
    """A budget for fiscal year Y approved at a held session opening in Y − 1 (RULES.md
    budget-not-approved: never earlier, whatever else is loaded)."""
    return any(
        r.kind == BUDGET and r.fiscal_year == year and r.outcome == APPROVED
        for s in township.sessions
        if s.held and s.opens_at.year == year - 1
        for r in s.reports
    )


# ---------------------------------------------------------------------------------------------
# The facts the year-level rules ask for; shared by the flags (closed year) and by what is
# still owed (year in progress).


def budget_approved(ctx: YearContext) -> bool:
    """A budget for fiscal year Y approved at a held session opening in Y, or in Y − 1 in advance."""
    return ctx.summary.budget_approved


def final_accounts_approved(ctx: YearContext) -> bool:
    """Final accounts for fiscal year Y − 1 approved at a held session in Y."""
    return ctx.summary.final_accounts_approved


def report_heard(ctx: YearContext, kind: str) -> bool:
    """A report of the kind at a held session in Y; every recorded outcome means it was heard."""
    return kind in ctx.summary.heard


def recess_activity_count(ctx: YearContext) -> int:
    """Inter-session deputy activities in Y up to D; every kind counts except training."""
    return ctx.summary.recess_activities


def specific_issue_heard(ctx: YearContext) -> bool:
    """A specific-issue report heard at a held session, or at a presidium-organised hearing, in Y."""
    return SPECIFIC_ISSUE in ctx.summary.heard or ctx.summary.specific_issue_hearing


def presidium_meeting_days(ctx: YearContext) -> list[datetime.date]:
    return sorted(d for d in ctx.township.presidium_meetings if d.year == ctx.year and d <= ctx.as_of)


def longest_presidium_gap(ctx: YearContext) -> tuple[int, datetime.date, datetime.date]:
    """The longest gap, in days, between Jan 1, the presidium meetings in date order, and R —
    Dec 31 of a closed year, D in the year in progress (the last such gap when two are as long)."""
    longest = (-1, ctx.year_start, ctx.year_start)
    previous = ctx.year_start
    for day in (*presidium_meeting_days(ctx), ctx.reference_day):
        days = (day - previous).days
        if days >= longest[0]:
            longest = (days, previous, day)
        previous = day
    return longest


# ---------------------------------------------------------------------------------------------
# Year-level rules (a closed year; the township existed all year).


def annual_session_missing(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 14(1) (2015 Art. 11): a session at least once a year."""
    if ctx.held:
        return []
    # Translators: %(year)s年未举行人民代表大会会议
    message = _("No session of the people's congress was held in %(year)s") % {"year": ctx.year}
    return [make_flag("annual-session-missing", ctx, message)]


def second_session_missing(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 14(1): 「一般每年举行两次」 — fewer held sessions than the profile expects
    (none at all is annual-session-missing alone)."""
    held, expected = ctx.held, ctx.profile.sessions_expected
    if held == 0 or held >= expected:
        return []
    message = _(
        # Translators: %(year)s年仅举行%(held)s次人民代表大会会议，应举行%(expected)s次
        "Only %(held)s session(s) of the people's congress held in %(year)s; %(expected)s expected"
    ) % {
        "year": ctx.year,
        "held": held,
        "expected": expected,
    }
    return [make_flag("second-session-missing", ctx, message)]


def budget_not_approved(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 12(四) (2015 Art. 9(四)); 预算法 Art. 21: the congress approves the budget."""
    if budget_approved(ctx):
        return []
    # Translators: %(year)s年财政预算未经人民代表大会会议审查批准
    message = _("The budget for %(year)s was not approved at a session of the people's congress") % {
        "year": ctx.year
    }
    return [make_flag("budget-not-approved", ctx, message)]


def final_accounts_not_approved(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 12(四); 预算法 Art. 77: the congress approves the final accounts of Y − 1."""
    if final_accounts_approved(ctx):
        return []
    # Translators: %(year)s年人民代表大会会议未审查批准%(fiscal_year)s年财政决算
    message = _("No session in %(year)s approved the final accounts for %(fiscal_year)s") % {
        "year": ctx.year,
        "fiscal_year": ctx.year - 1,
    }
    return [make_flag("final-accounts-not-approved", ctx, message)]


def government_report_not_reviewed(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 12(八) (2015 Art. 9(八)): the congress hears and deliberates the
    government work report."""
    if report_heard(ctx, GOVERNMENT_WORK):
        return []
    # Translators: %(year)s年人民代表大会会议未听取和审议政府工作报告
    message = _("No session in %(year)s heard and deliberated the government work report") % {
        "year": ctx.year
    }
    return [make_flag("government-report-not-reviewed", ctx, message)]


def presidium_report_not_heard(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 12(九), Art. 19(2): the presidium reports its work to the congress (Y ≥ 2022)."""
    if report_heard(ctx, PRESIDIUM_WORK):
        return []
    # Translators: %(year)s年人民代表大会会议未听取和审议主席团工作报告
    message = _("No session in %(year)s heard the presidium work report") % {"year": ctx.year}
    return [make_flag("presidium-report-not-heard", ctx, message)]


def few_recess_activities(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 19(2); 代表法 Art. 25–26: the presidium organises deputies' activities
    between sessions; the county's standard sets the minimum (profile recess_activities_min)."""
    count, minimum = recess_activity_count(ctx), ctx.profile.recess_activities_min
    if count >= minimum:
        return []
    # Translators: %(year)s年闭会期间代表活动%(count)s次，少于%(minimum)s次
    message = _("%(count)s inter-session deputy activities in %(year)s, fewer than %(minimum)s") % {
        "year": ctx.year,
        "count": count,
        "minimum": minimum,
    }
    return [make_flag("few-recess-activities", ctx, message)]


def no_specific_issue_report(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 19(2): each year the presidium arranges for deputies to hear specific-issue
    reports of the government (Y ≥ 2022)."""
    if specific_issue_heard(ctx):
        return []
    message = _(
        # Translators: %(year)s年未在人民代表大会会议或主席团组织的活动中听取专项工作报告
        "No specific-issue report was heard in %(year)s, at a session or at a presidium-organised meeting"
    ) % {"year": ctx.year}
    return [make_flag("no-specific-issue-report", ctx, message)]


def presidium_meeting_gap(ctx: YearContext) -> list[Flag]:
    """Provincial rules (Zhejiang, Henan, Chongqing): the presidium meets at least every three
    months — only where the profile sets presidium_meeting_max_gap_days. In the year in progress,
    a gap already over the maximum up to D is flagged at once: nothing can cure it."""
    maximum = ctx.profile.presidium_meeting_max_gap_days
    if maximum is None:
        return []
    days, start, end = longest_presidium_gap(ctx)
    if days <= maximum:
        return []
    message = _(
        # Translators: %(start)s至%(end)s间隔%(days)s天未召开主席团会议，超过%(maximum)s天
        "No presidium meeting for %(days)s days, from %(start)s to %(end)s; the maximum is %(maximum)s"
    ) % {
        "days": days,
        "start": day_label(start),
        "end": day_label(end),
        "maximum": maximum,
    }
    basis = ctx.profile.sources.get("presidium_meeting_max_gap_days")
    return [
        make_flag(
            "presidium-meeting-gap", ctx, message, basis=source_text(basis) if basis is not None else None
        )
    ]


# The in-progress year's one flag.


def annual_session_unscheduled(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 14(1) (2015 Art. 11): in the year in progress, no session held up to D and
    none planned to open between D and Dec 31 (both included). A session opening after D is not
    held yet, whatever its recorded status: it counts as planned (RULES.md)."""
    if ctx.held:
        return []
    planned = any(
        (s.status == PLANNED or s.status == HELD and s.opening_day > ctx.as_of)
        and ctx.as_of <= s.opening_day <= ctx.year_end
        for s in ctx.township.sessions
    )
    if planned:
        return []
    message = _(
        # Translators: 截至%(date)s，%(year)s年尚未举行人民代表大会会议，年底前也没有计划召开的会议
        "No session of the people's congress held in %(year)s up to %(date)s, and none planned before the end of the year"
    ) % {"year": ctx.year, "date": day_label(ctx.as_of)}
    return [make_flag("annual-session-unscheduled", ctx, message)]


# ---------------------------------------------------------------------------------------------
# Session-level rules (each session recorded as held whose opening day is in the year).


def session_object(session: SessionFacts) -> dict:
    return {"type": "session", "id": session.id, "label": session.label, "session_id": session.id}


def quorum_not_met(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 14(4); before, the provincial rules: 三分之二以上的代表出席 — present ≥ ceil(2N/3)."""
    flags = []
    for s in ctx.sessions:
        if s.quorum_met:
            continue
        message = _(
            # Translators: %(session)s：全体代表%(n)s名，实到%(present)s名，不足法定人数%(quorum)s名（三分之二以上）
            "%(session)s: %(present)s of %(n)s deputies present, fewer than the quorum of %(quorum)s (two thirds)"
        ) % {
            "session": s.label,
            "present": s.present if s.present is not None else 0,
            "n": s.deputies_in_office,
            "quorum": s.quorum,
        }
        flags.append(make_flag("quorum-not-met", ctx, message, session_object(s), day=s.opening_day))
    return flags


def session_too_short(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 16; provincial 「会期不少于一天」: a regular session sitting on a single day
    for less than the profile's min_session_hours. Two or more days pass; extraordinary sessions
    are never too short."""
    minimum = datetime.timedelta(hours=ctx.profile.min_session_hours)
    flags = []
    for s in ctx.sessions:
        if s.kind != REGULAR or s.closes_at is None or s.closes_at.date() != s.opens_at.date():
            continue
        sitting = s.closes_at - s.opens_at
        if sitting >= minimum:
            continue
        minutes = int(sitting.total_seconds() // 60)
        message = _(
            # Translators: %(session)s仅在一天内开会%(hours)s小时%(minutes)s分钟，例会会期不少于%(minimum)s小时
            "%(session)s sat %(hours)s h %(minutes)s min on a single day; a regular session sits at least %(minimum)s hours"
        ) % {
            "session": s.label,
            "hours": minutes // 60,
            "minutes": minutes % 60,
            "minimum": number_label(ctx.profile.min_session_hours),
        }
        flags.append(make_flag("session-too-short", ctx, message, session_object(s), day=s.opening_day))
    return flags


def session_not_announced(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 14(1)–(2): the presidium decides the date and publishes it (sessions from
    2022-03-11): an announcement date on or before the opening day."""
    flags = []
    for s in ctx.sessions:
        if s.opening_day < ORGANIC_LAW_2022:
            continue
        if s.announced_on is not None and s.announced_on <= s.opening_day:
            continue
        message = _(
            # Translators: %(session)s：未记录在开幕日（%(date)s）或之前公布会议日期
            "%(session)s: no announcement of its date recorded on or before the opening day (%(date)s)"
        ) % {
            "session": s.label,
            "date": day_label(s.opening_day),
        }
        flags.append(make_flag("session-not-announced", ctx, message, session_object(s), day=s.opening_day))
    return flags


def resolution_majority_not_reached(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 25 (2015 Art. 20): resolutions are adopted by a majority of ALL deputies —
    votes_for * 2 > N."""
    flags = []
    for s in ctx.sessions:
        n = s.deputies_in_office
        for r in s.resolutions:
            if not r.adopted or majority_of_all_deputies(r.votes_for, n):
                continue
            message = _(
                # Translators: %(session)s：“%(title)s”赞成%(votes)s票，未超过全体代表%(n)s名的半数（至少需%(needed)s票），却记录为通过
                "%(session)s: “%(title)s” recorded as adopted with %(votes)s votes for, not more than half of all %(n)s deputies (%(needed)s needed)"
            ) % {"session": s.label, "title": r.title, "votes": r.votes_for, "n": n, "needed": n // 2 + 1}
            obj = {"type": "resolution", "id": r.id, "label": r.title, "session_id": s.id}
            flags.append(make_flag("resolution-majority-not-reached", ctx, message, obj, day=s.opening_day))
    return flags


def election_majority_not_reached(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 25, Art. 29 (2015 Art. 20, Art. 24): a candidate is elected by more than
    half of all deputies — votes * 2 > N."""
    flags = []
    for s in ctx.sessions:
        n = s.deputies_in_office
        for e in s.elections:
            for c in e.candidates:
                if not c.elected or majority_of_all_deputies(c.votes, n):
                    continue
                message = _(
                    # Translators: %(session)s：%(name)s得%(votes)s票，未超过全体代表%(n)s名的半数（至少需%(needed)s票），却记录为当选（%(office)s）
                    "%(session)s: %(name)s recorded as elected (%(office)s) with %(votes)s votes, not more than half of all %(n)s deputies (%(needed)s needed)"
                ) % {
                    "session": s.label,
                    "name": c.name,
                    "office": office_label(e.office),
                    "votes": c.votes,
                    "n": n,
                    "needed": n // 2 + 1,
                }
                obj = {"type": "candidate", "id": c.id, "label": c.name, "session_id": s.id}
                flags.append(make_flag("election-majority-not-reached", ctx, message, obj, day=s.opening_day))
    return flags


def election_margin_invalid(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 27 (2015 Art. 22): chair and township head 1 or 2 candidates; vice-chairs and
    deputy heads seats + 1 to seats + 3. An election with no candidate recorded counts as 0 (and
    is flagged). By-elections (Art. 30) and other offices are not checked."""
    flags = []
    for s in ctx.sessions:
        for e in s.elections:
            if e.kind == BY_ELECTION:
                continue
            count = len(e.candidates)
            values = {"session": s.label, "office": office_label(e.office), "count": count, "seats": e.seats}
            if e.office in SINGLE_POSTS:
                if count in (1, 2):
                    continue
                # Translators: %(session)s：%(office)s选举候选人%(count)s名，法定应为1名或2名
                message = (
                    _(
                        "%(session)s: election of the %(office)s with %(count)s candidates; the law allows 1 or 2"
                    )
                    % values
                )
            elif e.office in DEPUTY_POSTS:
                low, high = e.seats + 1, e.seats + 3
                if low <= count <= high:
                    continue
                message = _(
                    # Translators: %(session)s：%(office)s应选%(seats)s名，候选人%(count)s名，法定应为%(low)s至%(high)s名
                    "%(session)s: election of %(seats)s %(office)s with %(count)s candidates; the law requires %(low)s to %(high)s"
                ) % {**values, "low": low, "high": high}
            else:
                continue
            obj = {"type": "election", "id": e.id, "label": office_label(e.office), "session_id": s.id}
            flags.append(make_flag("election-margin-invalid", ctx, message, obj, day=s.opening_day))
    return flags


_offices: dict[tuple[str | None, str], str] = {}


def office_label(office: str) -> str:
    """The office's name in the active language, remembered per language."""
    key = (_language.get() or get_language(), office)
    found = _offices.get(key)
    if found is None:
        try:
            found = str(ElectionOffice(office).label)
        except ValueError:
            found = office
        found = _offices[key] = found
    return found


# ---------------------------------------------------------------------------------------------
# Other rules.


def suggestion_due_on(suggestion, profile: Profile) -> datetime.date | None:
    """The stored due day (fixed when assigned), else the assignment day plus the profile's period."""
    if suggestion.due_on is not None:
        return suggestion.due_on
    if suggestion.assigned_on is None:
        return None
    return reply_due_on(suggestion.assigned_on, is_complex=suggestion.is_complex, profile=profile)


def suggestion_reply_overdue(ctx: YearContext) -> list[Flag]:
    """代表法 2025 Art. 51(2) (2015 Art. 42): a reply within 3 months of assignment, 6 if complex
    (the profile's periods). Replied after the due day, or unanswered on D when D is after it; a
    reply on the due day is on time. The flag belongs to the year of the due day. Every round of
    handling is a deadline of its own: a late reply before the suggestion was reopened stays late."""
    flags = []
    for g in ctx.township.suggestions:
        due = suggestion_due_on(g, ctx.profile)
        if due is None or due.year != ctx.year:
            continue
        # A reply dated after D had not been given on D.
        replied = g.replied_on if g.replied_on is not None and g.replied_on <= ctx.as_of else None
        if replied is not None:
            if replied <= due:
                continue
            values = {
                "title": g.title,
                "due": day_label(due),
                "replied": day_label(replied),
                "round": g.round,
            }
            if g.round is None:
                # Translators: 代表建议“%(title)s”：答复期限为%(due)s，%(replied)s才答复
                message = _("Suggestion “%(title)s”: reply due on %(due)s, replied on %(replied)s") % values
            else:
                message = (
                    # Translators: 代表建议“%(title)s”第%(round)s轮办理：答复期限为%(due)s，%(replied)s才答复
                    _("Suggestion “%(title)s”, round %(round)s: reply due on %(due)s, replied on %(replied)s")
                    % values
                )
        else:
            if ctx.as_of <= due:
                continue
            # Translators: 代表建议“%(title)s”：答复期限为%(due)s，截至%(date)s仍未答复
            message = _("Suggestion “%(title)s”: reply due on %(due)s, still unanswered on %(date)s") % {
                "title": g.title,
                "due": day_label(due),
                "date": day_label(ctx.as_of),
            }
        obj = {"type": "suggestion", "id": g.id, "label": g.title, "session_id": g.session_id}
        flags.append(make_flag("suggestion-reply-overdue", ctx, message, obj, day=due))
    return flags


def term_overdue(ctx: YearContext) -> list[Flag]:
    """宪法 Art. 98; 组织法 2022 Art. 9 (2015 Art. 6): a term of five years. On the reference day R,
    the latest term whose first session is on or before R began more than 5 years and 6 months
    before R. It applies to a township abolished during the year too (RULES.md: only the year-level
    rules are skipped), judged on the same R. A first session opening after D is not recorded yet:
    the term's start date stands in."""
    r, as_of = ctx.reference_day, ctx.as_of
    term, first = None, None
    for t in ctx.township.terms:
        day = t.first_session_on
        if day is None or day > as_of:
            day = t.starts_on
        if day <= r and (term is None or day > first or day == first and t.ordinal > term.ordinal):
            term, first = t, day
    if term is None:
        return []
    if add_months(first, TERM_MONTHS) >= r:
        return []
    label = term_full_name(ctx.township.name, term.ordinal)
    message = _(
        # Translators: %(term)s于%(first)s召开第一次会议，至%(date)s已超过五年六个月，未按期换届
        "%(term)s began with its first session on %(first)s, more than 5 years and 6 months before %(date)s"
    ) % {
        "term": label,
        "first": day_label(first),
        "date": day_label(r),
    }
    obj = {"type": "term", "id": term.id, "label": label, "session_id": term.first_session_id}
    return [make_flag("term-overdue", ctx, message, obj, day=r)]


def first_session_late(ctx: YearContext) -> list[Flag]:
    """组织法 2022 Art. 20 (2015 Art. 16): the first session of a term within two months after the
    election of the deputies is completed. The flag belongs to the year of the first session."""
    flags = []
    as_of = ctx.as_of
    for t in ctx.township.terms:
        # Facts dated after D are not read: a first session opening after D is not recorded yet.
        first = t.first_session_on
        if first is None or first > as_of:
            first = t.starts_on
        if t.elected_on is None or first.year != ctx.year or first > as_of:
            continue
        due = add_months(t.elected_on, FIRST_SESSION_MONTHS)
        if first <= due:
            continue
        label = term_full_name(ctx.township.name, t.ordinal)
        message = _(
            # Translators: %(term)s：代表选举于%(elected)s完成，第一次会议%(first)s才召开，超过两个月（应不晚于%(due)s）
            "%(term)s: the first session opened on %(first)s, more than two months after the election was completed on %(elected)s (due by %(due)s)"
        ) % {
            "term": label,
            "first": day_label(first),
            "elected": day_label(t.elected_on),
            "due": day_label(due),
        }
        obj = {"type": "term", "id": t.id, "label": label, "session_id": t.first_session_id}
        flags.append(make_flag("first-session-late", ctx, message, obj, day=first))
    return flags


# ---------------------------------------------------------------------------------------------
# The table: the single source of codes, severities, legal bases and functions.


@dataclass(frozen=True)
class Rule:
    code: str
    level: str
    severity: str
    # The legal basis by date: (in force from, text), the newest first; translated when flagged.
    bases: tuple[tuple[datetime.date, str], ...]
    check: Callable[[YearContext], list[Flag]]
    title: Promise
    # The profile field that sets the severity instead, where the profile may raise it.
    severity_field: str | None = None
    # The first year a year-level rule applies (a duty new in the 2022 Organic Law).
    since_year: int | None = None

    def severity_for(self, profile: Profile) -> str:
        if self.severity_field:
            return getattr(profile, self.severity_field)
        return self.severity

    def basis_on(self, day: datetime.date) -> str:
        for since, text in self.bases:
            if day >= since:
                return _(text)
        return _(self.bases[-1][1])


# Translators: 地方组织法（2022）第十四条第一款
ORG_2022_14_1 = gettext_noop("Organic Law (2022) Art. 14(1)")
# Translators: 地方组织法（2015）第十一条
ORG_2015_11 = gettext_noop("Organic Law (2015) Art. 11")

RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            code="annual-session-missing",
            level=YEAR,
            severity=VIOLATION,
            bases=((ORGANIC_LAW_2022, ORG_2022_14_1), (EARLIEST, ORG_2015_11)),
            check=annual_session_missing,
            # Translators: 全年未举行人代会会议
            title=translation.gettext_lazy("No session in the year"),
        ),
        Rule(
            code="annual-session-unscheduled",
            level=IN_PROGRESS,
            severity=WARNING,
            bases=((ORGANIC_LAW_2022, ORG_2022_14_1), (EARLIEST, ORG_2015_11)),
            check=annual_session_unscheduled,
            # Translators: 年内会议尚未安排
            title=translation.gettext_lazy("No session held or planned this year"),
        ),
        Rule(
            code="second-session-missing",
            level=YEAR,
            severity=WARNING,
            severity_field="second_session_severity",
            since_year=2022,
            # Translators: 地方组织法（2022）第十四条第一款（一般每年举行两次）
            bases=((EARLIEST, gettext_noop("Organic Law (2022) Art. 14(1): generally twice a year")),),
            check=second_session_missing,
            # Translators: 会议次数不足
            title=translation.gettext_lazy("Fewer sessions than expected"),
        ),
        Rule(
            code="budget-not-approved",
            level=YEAR,
            severity=VIOLATION,
            bases=(
                # Translators: 地方组织法（2022）第十二条第（四）项；预算法第二十一条
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 12(4); Budget Law Art. 21")),
                # Translators: 地方组织法（2015）第九条第（四）项；预算法第二十一条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 9(4); Budget Law Art. 21")),
            ),
            check=budget_not_approved,
            # Translators: 预算未经批准
            title=translation.gettext_lazy("Budget not approved"),
        ),
        Rule(
            code="final-accounts-not-approved",
            level=YEAR,
            severity=WARNING,
            bases=(
                # Translators: 地方组织法（2022）第十二条第（四）项；预算法第七十七条
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 12(4); Budget Law Art. 77")),
                # Translators: 地方组织法（2015）第九条第（四）项；预算法第七十七条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 9(4); Budget Law Art. 77")),
            ),
            check=final_accounts_not_approved,
            # Translators: 决算未经批准
            title=translation.gettext_lazy("Final accounts not approved"),
        ),
        Rule(
            code="government-report-not-reviewed",
            level=YEAR,
            severity=WARNING,
            severity_field="government_report_severity",
            bases=(
                # Translators: 地方组织法（2022）第十二条第（八）项
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 12(8)")),
                # Translators: 地方组织法（2015）第九条第（八）项
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 9(8)")),
            ),
            check=government_report_not_reviewed,
            # Translators: 未审议政府工作报告
            title=translation.gettext_lazy("Government work report not deliberated"),
        ),
        Rule(
            code="presidium-report-not-heard",
            level=YEAR,
            severity=WARNING,
            since_year=2022,
            # Translators: 地方组织法（2022）第十二条第（九）项、第十九条第二款
            bases=((EARLIEST, gettext_noop("Organic Law (2022) Art. 12(9) and Art. 19(2)")),),
            check=presidium_report_not_heard,
            # Translators: 未听取主席团工作报告
            title=translation.gettext_lazy("Presidium work report not heard"),
        ),
        Rule(
            code="few-recess-activities",
            level=YEAR,
            severity=WARNING,
            bases=(
                (
                    DEPUTIES_LAW_2025,
                    # Translators: 地方组织法（2022）第十九条第二款；代表法（2025）第二十五条、第二十六条
                    gettext_noop("Organic Law (2022) Art. 19(2); Deputies Law (2025) Art. 25–26"),
                ),
                (
                    ORGANIC_LAW_2022,
                    # Translators: 地方组织法（2022）第十九条第二款；代表法（2015）第十九条
                    gettext_noop("Organic Law (2022) Art. 19(2); Deputies Law (2015) Art. 19"),
                ),
                # Translators: 地方组织法（2015）第十五条；代表法（2015）第十九条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 15; Deputies Law (2015) Art. 19")),
            ),
            check=few_recess_activities,
            # Translators: 闭会期间代表活动偏少
            title=translation.gettext_lazy("Too few inter-session deputy activities"),
        ),
        Rule(
            code="no-specific-issue-report",
            level=YEAR,
            severity=WARNING,
            since_year=2022,
            # Translators: 地方组织法（2022）第十九条第二款
            bases=((EARLIEST, gettext_noop("Organic Law (2022) Art. 19(2)")),),
            check=no_specific_issue_report,
            # Translators: 未听取专项工作报告
            title=translation.gettext_lazy("No specific-issue report"),
        ),
        Rule(
            code="presidium-meeting-gap",
            level=WHOLE_YEAR,
            severity=WARNING,
            bases=(
                # Translators: 省级规定：主席团至少每三个月召开一次会议
                (EARLIEST, gettext_noop("Provincial rules: the presidium meets at least every three months")),
            ),
            check=presidium_meeting_gap,
            # Translators: 主席团会议间隔过长
            title=translation.gettext_lazy("Presidium meetings too far apart"),
        ),
        Rule(
            code="quorum-not-met",
            level=SESSION,
            severity=VIOLATION,
            bases=(
                # Translators: 地方组织法（2022）第十四条第四款
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 14(4)")),
                # Translators: 省级乡镇人大工作条例（如北京第六条、山东第四条、重庆第十条）
                (
                    EARLIEST,
                    gettext_noop(
                        "Provincial rules (e.g. Beijing Art. 6, Shandong Art. 4, Chongqing Art. 10)"
                    ),
                ),
            ),
            check=quorum_not_met,
            # Translators: 出席代表不足法定人数
            title=translation.gettext_lazy("Quorum not met"),
        ),
        Rule(
            code="session-too-short",
            level=SESSION,
            severity=WARNING,
            bases=(
                (
                    ORGANIC_LAW_2022,
                    # Translators: 地方组织法（2022）第十六条；省级规定「会期不少于一天」
                    gettext_noop("Organic Law (2022) Art. 16; provincial rules: at least one day"),
                ),
                # Translators: 省级规定「会期不少于一天」
                (EARLIEST, gettext_noop("Provincial rules: a session sits at least one day")),
            ),
            check=session_too_short,
            # Translators: 会期过短
            title=translation.gettext_lazy("Session too short"),
        ),
        Rule(
            code="session-not-announced",
            level=SESSION,
            severity=WARNING,
            # Translators: 地方组织法（2022）第十四条第一款、第二款
            bases=((EARLIEST, gettext_noop("Organic Law (2022) Art. 14(1)–(2)")),),
            check=session_not_announced,
            # Translators: 会议日期未公布
            title=translation.gettext_lazy("Session date not announced"),
        ),
        Rule(
            code="resolution-majority-not-reached",
            level=SESSION,
            severity=VIOLATION,
            bases=(
                # Translators: 地方组织法（2022）第二十五条
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 25")),
                # Translators: 地方组织法（2015）第二十条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 20")),
            ),
            check=resolution_majority_not_reached,
            # Translators: 决议未获全体代表过半数通过
            title=translation.gettext_lazy("Resolution without a majority of all deputies"),
        ),
        Rule(
            code="election-majority-not-reached",
            level=SESSION,
            severity=VIOLATION,
            bases=(
                # Translators: 地方组织法（2022）第二十五条、第二十九条
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 25 and Art. 29")),
                # Translators: 地方组织法（2015）第二十条、第二十四条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 20 and Art. 24")),
            ),
            check=election_majority_not_reached,
            # Translators: 当选票数未过全体代表半数
            title=translation.gettext_lazy("Elected without a majority of all deputies"),
        ),
        Rule(
            code="election-margin-invalid",
            level=SESSION,
            severity=VIOLATION,
            bases=(
                # Translators: 地方组织法（2022）第二十七条
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 27")),
                # Translators: 地方组织法（2015）第二十二条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 22")),
            ),
            check=election_margin_invalid,
            # Translators: 候选人数不符合法定差额
            title=translation.gettext_lazy("Number of candidates outside the legal margin"),
        ),
        Rule(
            code="suggestion-reply-overdue",
            level=OTHER,
            severity=VIOLATION,
            bases=(
                # Translators: 代表法（2025）第五十一条第二款
                (DEPUTIES_LAW_2025, gettext_noop("Deputies Law (2025) Art. 51(2)")),
                # Translators: 代表法（2015）第四十二条
                (EARLIEST, gettext_noop("Deputies Law (2015) Art. 42")),
            ),
            check=suggestion_reply_overdue,
            # Translators: 代表建议逾期答复
            title=translation.gettext_lazy("Suggestion reply overdue"),
        ),
        Rule(
            code="term-overdue",
            level=OTHER,
            severity=WARNING,
            bases=(
                # Translators: 宪法第九十八条；地方组织法（2022）第九条
                (ORGANIC_LAW_2022, gettext_noop("Constitution Art. 98; Organic Law (2022) Art. 9")),
                # Translators: 宪法第九十八条；地方组织法（2015）第六条
                (EARLIEST, gettext_noop("Constitution Art. 98; Organic Law (2015) Art. 6")),
            ),
            check=term_overdue,
            # Translators: 逾期未换届
            title=translation.gettext_lazy("Term overdue"),
        ),
        Rule(
            code="first-session-late",
            level=OTHER,
            severity=WARNING,
            bases=(
                # Translators: 地方组织法（2022）第二十条
                (ORGANIC_LAW_2022, gettext_noop("Organic Law (2022) Art. 20")),
                # Translators: 地方组织法（2015）第十六条
                (EARLIEST, gettext_noop("Organic Law (2015) Art. 16")),
            ),
            check=first_session_late,
            # Translators: 首次会议召开过迟
            title=translation.gettext_lazy("First session late"),
        ),
    )
}

RULE_ORDER = {code: i for i, code in enumerate(RULES)}
SEVERITY_ORDER = {s: i for i, s in enumerate(STATUSES)}


def make_flag(
    code: str,
    ctx: YearContext,
    message: str,
    obj: dict | None = None,
    *,
    day: datetime.date | None = None,
    basis: str | None = None,
) -> Flag:
    """A flag of the rule `code`, with the severity and legal basis the table gives for the
    profile and the fact's day (Dec 31 of the year for a year-level fact)."""
    rule = RULES[code]
    return Flag(
        rule=code,
        severity=rule.severity_for(ctx.profile),
        message=message,
        basis=basis or rule.basis_on(day or ctx.year_end),
        object=obj,
    )


def rule_title(code: str) -> str:
    """The rule's short name in the active language (for legends, filters and exports)."""
    rule = RULES.get(code)
    return str(rule.title) if rule else code


# Each rule's cause in a word or two (msgctxt "rule short title"), for the dashboard's cells and
# lists, where a phone has room for 未开会 but not for a title and no hover for a tooltip.
# Kept next to the table, and tested to cover every code in it; fold into Rule as `short_title`
# when the table is next edited.
SHORT_TITLES: dict[str, Promise] = {
    "annual-session-missing": pgettext_lazy("rule short title", "No session"),
    "annual-session-unscheduled": pgettext_lazy("rule short title", "No session planned"),
    "second-session-missing": pgettext_lazy("rule short title", "Too few sessions"),
    "budget-not-approved": pgettext_lazy("rule short title", "Budget"),
    "final-accounts-not-approved": pgettext_lazy("rule short title", "Final accounts"),
    "government-report-not-reviewed": pgettext_lazy("rule short title", "Government report"),
    "presidium-report-not-heard": pgettext_lazy("rule short title", "Presidium report"),
    "few-recess-activities": pgettext_lazy("rule short title", "Few activities"),
    "no-specific-issue-report": pgettext_lazy("rule short title", "Specific-issue report"),
    "presidium-meeting-gap": pgettext_lazy("rule short title", "Presidium meetings"),
    "quorum-not-met": pgettext_lazy("rule short title", "Quorum"),
    "session-too-short": pgettext_lazy("rule short title", "Too short"),
    "session-not-announced": pgettext_lazy("rule short title", "Not announced"),
    "resolution-majority-not-reached": pgettext_lazy("rule short title", "Votes"),
    "election-majority-not-reached": pgettext_lazy("rule short title", "Election votes"),
    "election-margin-invalid": pgettext_lazy("rule short title", "Candidates"),
    "suggestion-reply-overdue": pgettext_lazy("rule short title", "Reply overdue"),
    "term-overdue": pgettext_lazy("rule short title", "Term overdue"),
    "first-session-late": pgettext_lazy("rule short title", "First session late"),
}


def rule_short_title(code: str) -> str:
    """The rule's cause in a word or two in the active language; its title where it has none."""
    short = SHORT_TITLES.get(code)
    return str(short) if short else rule_title(code)


# ---------------------------------------------------------------------------------------------
# What the year in progress still owes: the year-level rules' facts not yet there.


def still_owed(ctx: YearContext) -> list[str]:
    """Human messages for each year-level duty not yet met in the year in progress."""
    return [*owed_sessions(ctx), *owed_reports(ctx), *owed_activities(ctx), *owed_presidium_meeting(ctx)]


def owed_sessions(ctx: YearContext) -> list[str]:
    owed = []
    year, held, expected = ctx.year, ctx.held, ctx.profile.sessions_expected
    if held == 0:
        # Translators: %(year)s年人民代表大会会议
        owed.append(_("A session of the people's congress in %(year)s") % {"year": year})
    if year >= 2022 and held < expected:
        owed.append(
            # Translators: 人民代表大会会议：已举行%(held)s次，应举行%(expected)s次
            _("Sessions of the people's congress: %(held)s of %(expected)s held")
            % {"held": held, "expected": expected}
        )
    return owed


def owed_reports(ctx: YearContext) -> list[str]:
    owed = []
    year = ctx.year
    if not budget_approved(ctx):
        # Translators: 审查批准%(year)s年财政预算
        owed.append(_("Approve the budget for %(year)s at a session") % {"year": year})
    if not final_accounts_approved(ctx):
        owed.append(
            # Translators: 审查批准%(fiscal_year)s年财政决算
            _("Approve the final accounts for %(fiscal_year)s at a session") % {"fiscal_year": year - 1}
        )
    if not report_heard(ctx, GOVERNMENT_WORK):
        # Translators: 听取和审议政府工作报告
        owed.append(_("Hear and deliberate the government work report at a session"))
    if year >= 2022 and not report_heard(ctx, PRESIDIUM_WORK):
        # Translators: 听取和审议主席团工作报告
        owed.append(_("Hear the presidium work report at a session"))
    return owed


def owed_activities(ctx: YearContext) -> list[str]:
    owed = []
    count, minimum = recess_activity_count(ctx), ctx.profile.recess_activities_min
    if count < minimum:
        owed.append(
            # Translators: 闭会期间代表活动：已开展%(count)s次，应不少于%(minimum)s次
            _("Inter-session deputy activities: %(count)s of at least %(minimum)s")
            % {"count": count, "minimum": minimum}
        )
    if ctx.year >= 2022 and not specific_issue_heard(ctx):
        # Translators: 听取专项工作报告（人民代表大会会议或主席团组织的活动）
        owed.append(_("Hear a specific-issue report, at a session or at a presidium-organised meeting"))
    return owed


def owed_presidium_meeting(ctx: YearContext) -> list[str]:
    maximum = ctx.profile.presidium_meeting_max_gap_days
    # Owed unless already flagged (presidium-meeting-gap: a gap up to D over the maximum).
    if maximum is None or longest_presidium_gap(ctx)[0] > maximum:
        return []
    meetings = presidium_meeting_days(ctx)
    next_due = (meetings[-1] if meetings else ctx.year_start) + datetime.timedelta(days=maximum)
    if next_due >= ctx.year_end:
        return []
    # Translators: %(date)s前召开主席团会议
    return [_("A presidium meeting by %(date)s") % {"date": day_label(next_due)}]


# ---------------------------------------------------------------------------------------------


def township_ref(township: TownshipFacts) -> TownshipRef:
    return TownshipRef(township.id, township.code, township.name, township.kind)


_rules_for: dict[tuple[bool, bool, bool], tuple[Rule, ...]] = {}


def rules_for(*, whole_year: bool, closed: bool, year_2022: bool) -> tuple[Rule, ...]:
    """The rules that run for a township-year of this shape, in table order."""
    key = (whole_year, closed, year_2022)
    found = _rules_for.get(key)
    if found is None:
        found = _rules_for[key] = tuple(
            rule
            for rule in RULES.values()
            if not (rule.level == YEAR and not (whole_year and closed))
            and not (rule.level == IN_PROGRESS and not (whole_year and not closed))
            and not (rule.level == WHOLE_YEAR and not whole_year)
            and not (rule.since_year and not year_2022)
        )
    return found


SUGGESTION_RULES = frozenset({"suggestion-reply-overdue"})
PRESIDIUM_GAP_RULES = frozenset({"presidium-meeting-gap"})
# The year-level rules that read nothing of a township-year but its summary (YearSummary), the
# year and the profile: their flags are the same for every cell sharing these, and the loader
# shares identical summaries, so evaluate_many() runs them once per summary and profile.
SUMMARY_RULES = frozenset(
    {
        "annual-session-missing",
        "second-session-missing",
        "budget-not-approved",
        "final-accounts-not-approved",
        "government-report-not-reviewed",
        "presidium-report-not-heard",
        "few-recess-activities",
        "no-specific-issue-report",
    }
)
Checks = tuple[Callable[[YearContext], list[Flag]], ...]
_checks_for: dict[tuple[bool, ...], tuple[Checks, Checks]] = {}


def checks_for(
    whole_year: bool,
    closed: bool,
    year_2022: bool,
    sessions: bool = True,
    suggestions: bool = True,
    presidium_gap: bool = True,
) -> tuple[Checks, Checks]:
    """The rules' functions for a township-year of this shape, as (those of SUMMARY_RULES, the
    others), each in table order. The fast path leaves out the rules that could not flag
    anything: the session-level ones when the year has no session recorded as held, the
    suggestion rule when the township has no suggestion, presidium-meeting-gap when the profile
    sets no maximum gap."""
    key = (whole_year, closed, year_2022, sessions, suggestions, presidium_gap)
    found = _checks_for.get(key)
    if found is None:
        rules = [
            r
            for r in rules_for(whole_year=whole_year, closed=closed, year_2022=year_2022)
            if (sessions or r.level != SESSION)
            and (suggestions or r.code not in SUGGESTION_RULES)
            and (presidium_gap or r.code not in PRESIDIUM_GAP_RULES)
        ]
        found = _checks_for[key] = (
            tuple(r.check for r in rules if r.code in SUMMARY_RULES),
            tuple(r.check for r in rules if r.code not in SUMMARY_RULES),
        )
    return found


def flag_order(flag: Flag) -> tuple[int, int]:
    return SEVERITY_ORDER[flag.severity], RULE_ORDER[flag.rule]


def evaluate(
    township: TownshipFacts,
    year: int,
    as_of: datetime.date,
    profile: Profile | None = None,
    *,
    ref: TownshipRef | None = None,
    language: str | None = None,
) -> TownshipYear:
    """The cell of one township × year as of D (RULES.md "Status of a township-year cell").

    Years after D's year are not evaluated (ValueError). Not a congress unit, or not existing at
    all in Y: not-applicable. A township that did not exist all year gets no year-level rules.
    Flags are listed violations first, then in the table's order.
    """
    if year > as_of.year:
        raise ValueError(f"year {year} is after the as-of date {as_of}")
    token = _language.set(language or get_language())
    try:
        return evaluate_cell(township, year, as_of, profile or profile_for(township.profile), ref)
    finally:
        _language.reset(token)


def evaluate_many(
    townships: Iterable[TownshipFacts],
    years: Sequence[int],
    as_of: datetime.date,
    *,
    language: str | None = None,
) -> list[TownshipYear]:
    """evaluate() for every township and year, in that order, the language read once."""
    if any(year > as_of.year for year in years):
        raise ValueError(f"years {list(years)} go beyond the as-of date {as_of}")
    result = []
    memo: dict = {}
    token = _language.set(language or get_language())
    try:
        for township in townships:
            profile, ref = profile_for(township.profile), township_ref(township)
            for year in years:
                result.append(evaluate_cell(township, year, as_of, profile, ref, memo))
    finally:
        _language.reset(token)
    return result


def summary_flags(ctx: YearContext, checks: Checks, memo: dict | None) -> list[Flag]:
    """The flags of SUMMARY_RULES, remembered per summary and profile in the memo if any."""
    if memo is None:
        return [f for check in checks for f in check(ctx)]
    # The summary is kept with its flags: its id cannot be reused while it is remembered.
    summary = ctx.summary
    key = (id(summary), ctx.profile.code, id(checks))
    remembered = memo.get(key)
    if remembered is None or remembered[0] is not summary:
        remembered = memo[key] = (summary, [f for check in checks for f in check(ctx)])
    return remembered[1]


def evaluate_cell(
    township: TownshipFacts,
    year: int,
    as_of: datetime.date,
    profile: Profile,
    ref: TownshipRef | None,
    memo: dict | None = None,
) -> TownshipYear:
    """evaluate() once the language is set. With a memo (one language and as-of date), the flags
    of SUMMARY_RULES are remembered per summary and profile."""
    ref = ref or township_ref(township)
    if not township.has_congress or not township.existed_in(year):
        return TownshipYear(ref, year, NOT_APPLICABLE, [], [])
    # Positional arguments here and below: keywords cost twice as much, by the hundred thousand.
    ctx = YearContext(township, year, as_of, profile)
    whole_year, closed = township.existed_all_year(year), ctx.closed
    flags: list[Flag] = []
    summary_checks, checks = checks_for(
        whole_year,
        closed,
        year >= 2022,
        bool(ctx.sessions),
        bool(township.suggestions),
        profile.presidium_meeting_max_gap_days is not None,
    )
    if summary_checks:
        flags += summary_flags(ctx, summary_checks, memo)
    for check in checks:
        found = check(ctx)
        if found:
            flags.extend(found)
    owed = still_owed(ctx) if whole_year and not closed else []
    if len(flags) > 1:
        flags.sort(key=flag_order)
    return TownshipYear(ref, year, status_of(flags, owed=owed), flags, owed)
