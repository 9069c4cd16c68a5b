"""Reading the compliance of townships: facts loaded in a fixed number of queries, then the rules.

`load_facts()` reads the record of a queryset of townships for some years with one query per
kind of row (values_list, no model instances, no per-township query) — twelve queries, however
many townships and years — and `compliance()` evaluates oversight.rules on them.

It has to scale to a province or the whole country (29,600 township congresses) on one
machine, so the database does the filtering a rule would otherwise do row by row: only the
reports the rules read, only the resolutions and elected candidates short of a majority of all
deputies, only the suggestions late on the as-of date, only the presidium meetings of counties
whose profile sets a maximum gap. The facts are therefore "what the rules read", not a copy of
the record.
"""

from __future__ import annotations

import datetime
import gc
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    F,
    FilteredRelation,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import get_language

from congress.models import Term, Township
from congress.profiles import PROFILES, profile_for
from oversight.facts import (
    CandidateFacts,
    ElectionFacts,
    ResolutionFacts,
    SessionFacts,
    SuggestionFacts,
    TermFacts,
    TownshipFacts,
    YearFacts,
    session_full_name,
)
from oversight.results import TownshipYear
from oversight.rules import evaluate, township_ref
from sessions.models import (
    ActivityKind,
    Candidate,
    DeputyActivity,
    Election,
    PresidiumMeeting,
    Report,
    ReportKind,
    ReportOutcome,
    Resolution,
    Session,
    SessionStatus,
    Suggestion,
    SuggestionRound,
)

FINAL_ACCOUNTS = ReportKind.FINAL_ACCOUNTS.value
BUDGET = ReportKind.BUDGET.value
# The reports a rule reads: budgets and final accounts when approved; the others when heard.
APPROVED_KINDS = (ReportKind.BUDGET, ReportKind.FINAL_ACCOUNTS)
HEARD_KINDS = (ReportKind.GOVERNMENT_WORK, ReportKind.PRESIDIUM_WORK, ReportKind.SPECIFIC_ISSUE)
# Profiles under which presidium meetings are read (presidium-meeting-gap).
GAP_PROFILES = tuple(code for code, p in PROFILES.items() if p.presidium_meeting_max_gap_days is not None)
# A suggestion with no stored due day assigned this long before the first year can still fall
# due in it (the longest reply period of any profile is 6 months).
LONGEST_REPLY_PERIOD = datetime.timedelta(days=366)
ONE_DAY = datetime.timedelta(days=1)
# The longest minimum sitting of any profile (session-too-short).
LONGEST_MIN_SESSION_HOURS = max(p.min_session_hours for p in PROFILES.values())
APPROVED = ReportOutcome.APPROVED.value


def as_text(field: str) -> Cast:
    """A date or datetime column read as its ISO text: Python parses it several times faster
    than the database driver and Django's converters do, which matters at 100,000s of rows."""
    return Cast(field, output_field=CharField())


class Parser:
    """ISO text from the database → dates and local datetimes, each distinct day parsed once."""

    def __init__(self, tz: zoneinfo.ZoneInfo):
        self.tz = tz
        self.days: dict[str, datetime.date] = {}

    def day(self, text: str | None) -> datetime.date | None:
        if text is None:
            return None
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = datetime.date.fromisoformat(text[:10])
        return found

    def moment(self, text: str | None) -> datetime.datetime | None:
        """A stored datetime (UTC) as a local one."""
        if text is None:
            return None
        if len(text) in (19, 26):  # no offset (SQLite): stored in UTC
            text += "+00:00"
        return datetime.datetime.fromisoformat(text).astimezone(self.tz)


def compliance(
    *, townships: QuerySet[Township], years: Sequence[int], as_of: datetime.date | None = None
) -> list[TownshipYear]:
    """One TownshipYear per township and year, ordered by township code, then year.

    `as_of` (RULES.md's D) defaults to today in settings.TIME_ZONE. Years after D's year are not
    evaluated: they are left out.
    """
    as_of = as_of or timezone.localdate()
    years = evaluated_years(years, as_of)
    if not years:
        return []
    with gc_paused():
        return evaluate_all(
            load_facts(townships=townships, years=years, as_of=as_of), years=years, as_of=as_of
        )


def evaluated_years(years: Sequence[int], as_of: datetime.date) -> list[int]:
    return sorted({int(y) for y in years if int(y) <= as_of.year})


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while hundreds of thousands of small acyclic objects
    are made: its passes over a growing heap would otherwise cost more than the work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def evaluate_all(
    facts: Sequence[TownshipFacts], *, years: Sequence[int], as_of: datetime.date
) -> list[TownshipYear]:
    result = []
    language = get_language()
    for township in facts:
        profile, ref = profile_for(township.profile), township_ref(township)
        for year in years:
            result.append(evaluate(township, year, as_of, profile, ref=ref, language=language))
    return result


def load_facts(
    *, townships: QuerySet[Township], years: Sequence[int], as_of: datetime.date | None = None
) -> list[TownshipFacts]:
    """The facts the rules read for the townships and years, ordered by township code.

    Sessions are read from Jan 1 of the year before the first year (a budget may be approved in
    advance) to the end of the last; terms and their first sessions whatever their date
    (term-overdue and first-session-late look back); suggestions (and earlier rounds of
    handling) whose due day falls in the years and that are late on `as_of` (default today).
    """
    years = sorted(set(years))
    if not years:
        return []
    as_of = as_of or timezone.localdate()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    parse = Parser(tz)
    day, moment = parse.day, parse.moment
    first, last = years[0], years[-1]
    year_start, year_end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    since = datetime.datetime(first - 1, 1, 1, tzinfo=tz)
    until = datetime.datetime(last + 1, 1, 1, tzinfo=tz)
    # The townships as a subquery (its ordering dropped, unless it is a slice).
    ids = townships.values("pk") if townships.query.is_sliced else townships.order_by().values("pk")
    in_range = {"session__township__in": ids, "session__opens_at__gte": since, "session__opens_at__lt": until}
    held = {**in_range, "session__status": SessionStatus.HELD}

    # The year-level facts are counted by the database (one row per township), so that no
    # Python object is made for a session, report or activity that no rule can flag.
    upto = min(until, datetime.datetime.combine(as_of + ONE_DAY, datetime.time(), tzinfo=tz))
    bounds = {
        year: (
            datetime.datetime(year, 1, 1, tzinfo=tz),
            min(upto, datetime.datetime(year + 1, 1, 1, tzinfo=tz)),
            datetime.date(year, 1, 1),
            min(as_of, datetime.date(year, 12, 31)),
        )
        for year in years
    }
    quorum_met = GreaterThanOrEqual(F("held__present") * 3, F("held__deputies_in_office") * 2)
    held_counts = {
        f"held_{year}": Count("held", filter=Q(quorum_met, held__opens_at__gte=start, held__opens_at__lt=end))
        for year, (start, end, _first, _last) in bounds.items()
    }
    township_rows = list(
        Township.objects.filter(pk__in=ids)
        .annotate(
            held=FilteredRelation(
                "sessions",
                condition=Q(
                    sessions__status=SessionStatus.HELD,
                    sessions__opens_at__gte=bounds[first][0],
                    sessions__opens_at__lt=upto,
                ),
            ),
            **held_counts,
        )
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "name",
            "kind",
            as_text("established_on"),
            as_text("abolished_on"),
            "county__rule_profile",
            *held_counts,
        )
    )
    names = {row[0]: row[2] for row in township_rows}

    # Terms and the opening day of their session numbered 1 recorded as held.
    first_sessions = {
        term_id: (pk, moment(opens_at).date())
        for term_id, pk, opens_at in Session.objects.filter(
            township__in=ids, ordinal=1, status=SessionStatus.HELD
        )
        .order_by()
        .values_list("term_id", "pk", as_text("opens_at"))
    }
    terms = defaultdict(list)
    term_ordinals = {}
    for pk, township_id, ordinal, elected_on, starts_on in (
        Term.objects.filter(township__in=ids)
        .order_by("township_id", "ordinal")
        .values_list("pk", "township_id", "ordinal", as_text("elected_on"), as_text("starts_on"))
    ):
        session_id, first_on = first_sessions.get(pk, (None, None))
        term_ordinals[pk] = ordinal
        terms[township_id].append(
            TermFacts(
                id=pk,
                ordinal=ordinal,
                elected_on=day(elected_on),
                starts_on=day(starts_on),
                first_session_on=first_on,
                first_session_id=session_id,
            )
        )

    # The reports the year-level rules read, counted per township and year at held sessions
    # up to D: heard (any outcome), budgets and final accounts approved for the fiscal year.
    in_session_range = {
        "session__township__in": ids,
        "session__status": SessionStatus.HELD,
        "session__opens_at__gte": since,
        "session__opens_at__lt": upto,
    }
    no_fiscal_year = Q(fiscal_year__isnull=True) | Q(fiscal_year=0)
    report_counts = {}
    for year, (start, end, _first, _last) in bounds.items():
        in_year = Q(session__opens_at__gte=start, session__opens_at__lt=end)
        for kind in HEARD_KINDS:
            report_counts[f"{kind}_{year}"] = Count("pk", filter=in_year & Q(kind=kind))
        report_counts[f"budget_{year}"] = Count(
            "pk",
            filter=Q(kind=BUDGET, outcome=APPROVED, session__opens_at__lt=end)
            & (Q(fiscal_year=year) | no_fiscal_year & in_year),
        )
        report_counts[f"final_accounts_{year}"] = Count(
            "pk",
            filter=in_year
            & Q(kind=FINAL_ACCOUNTS, outcome=APPROVED)
            & (Q(fiscal_year=year - 1) | no_fiscal_year),
        )
    reports = {
        row[0]: dict(zip(report_counts, row[1:], strict=True))
        for row in Report.objects.filter(**in_session_range)
        .filter(GreaterThanOrEqual(F("session__present") * 3, F("session__deputies_in_office") * 2))
        .filter(Q(kind__in=HEARD_KINDS) | Q(kind__in=APPROVED_KINDS, outcome=APPROVED))
        .values("session__township_id")
        .order_by()
        .annotate(**report_counts)
        .values_list("session__township_id", *report_counts)
    }

    # Inter-session deputy activities up to D, counted per township and year.
    activity_counts = {}
    for year, (_start, _end, first_day, last_day) in bounds.items():
        in_year = Q(held_on__gte=first_day, held_on__lte=last_day)
        activity_counts[f"recess_{year}"] = Count("pk", filter=in_year & ~Q(kind=ActivityKind.TRAINING))
        activity_counts[f"hearing_{year}"] = Count(
            "pk", filter=in_year & Q(kind=ActivityKind.SPECIFIC_ISSUE_HEARING)
        )
    activities = {
        row[0]: dict(zip(activity_counts, row[1:], strict=True))
        for row in DeputyActivity.objects.filter(
            township__in=ids, held_on__gte=year_start, held_on__lte=min(year_end, as_of)
        )
        .values("township_id")
        .order_by()
        .annotate(**activity_counts)
        .values_list("township_id", *activity_counts)
    }

    # The sessions a session-level rule may flag (the database picks a superset; the rules
    # decide), and the planned ones (annual-session-unscheduled).
    # (Semi-joins, not correlated EXISTS: each subquery runs once, hashed.)
    flagged_resolutions = (
        Resolution.objects.filter(adopted=True)
        .filter(LessThanOrEqual(F("votes_for") * 2, F("session__deputies_in_office")))
        .values("session_id")
    )
    may_flag = (
        Q(present__isnull=True)
        | LessThan(F("present") * 3, F("deputies_in_office") * 2)
        | Q(announced_on__isnull=True)
        | Q(pk__in=flagged_resolutions)
        | Q(pk__in=Election.objects.values("session_id"))
    )
    may_flag |= short_or_unannounced()
    session_rows = [
        (
            pk,
            township_id,
            term_id,
            ordinal,
            kind,
            status,
            announced_on,
            moment(opens_at),
            closes_at,
            n,
            present,
        )
        for pk, township_id, term_id, ordinal, kind, status, announced_on, opens_at, closes_at, n, present in (
            Session.objects.filter(township__in=ids, opens_at__lt=until)
            .filter(
                Q(status=SessionStatus.PLANNED, opens_at__gte=since)
                | Q(may_flag, status=SessionStatus.HELD, opens_at__gte=bounds[first][0])
            )
            .order_by("township_id", "opens_at")
            .values_list(
                "pk",
                "township_id",
                "term_id",
                "ordinal",
                "kind",
                "status",
                as_text("announced_on"),
                as_text("opens_at"),
                as_text("closes_at"),
                "deputies_in_office",
                "present",
            )
        )
    ]

    # Resolutions recorded as adopted without a majority of all deputies (votes_for * 2 <= N).
    resolutions = defaultdict(list)
    for pk, session_id, title, votes_for, against, abstain in (
        Resolution.objects.filter(**held, adopted=True)
        .alias(twice=F("votes_for") * 2)
        .filter(twice__lte=F("session__deputies_in_office"))
        .order_by("pk")
        .values_list("pk", "session_id", "title", "votes_for", "votes_against", "votes_abstain")
    ):
        resolutions[session_id].append(
            ResolutionFacts(
                id=pk,
                title=title,
                votes_for=votes_for,
                votes_against=against,
                votes_abstain=abstain,
                adopted=True,
            )
        )

    # Elections at held sessions, with their candidates (elections are few).
    candidates = defaultdict(list)
    for pk, election_id, name, votes, elected in (
        Candidate.objects.filter(**{f"election__{k}": v for k, v in held.items()})
        .order_by("-votes", "pk")
        .values_list("pk", "election_id", "name", "votes", "elected")
    ):
        candidates[election_id].append(CandidateFacts(id=pk, name=name, votes=votes, elected=elected))
    elections = defaultdict(list)
    for pk, session_id, office, kind, seats in (
        Election.objects.filter(**held)
        .order_by("pk")
        .values_list("pk", "session_id", "office", "kind", "seats")
    ):
        elections[session_id].append(
            ElectionFacts(
                id=pk, office=office, kind=kind, seats=seats, candidates=tuple(candidates.get(pk, ()))
            )
        )

    sessions = defaultdict(list)
    no_reports = ()
    for (
        pk,
        township_id,
        term_id,
        ordinal,
        kind,
        status,
        announced_on,
        opens_at,
        closes_at,
        n,
        present,
    ) in session_rows:
        term_ordinal = term_ordinals[term_id]
        sessions[township_id].append(
            SessionFacts(
                id=pk,
                label=session_full_name(names[township_id], term_ordinal, ordinal),
                term_ordinal=term_ordinal,
                ordinal=ordinal,
                kind=kind,
                status=status,
                announced_on=day(announced_on),
                opens_at=opens_at,
                closes_at=moment(closes_at),
                deputies_in_office=n,
                present=present,
                resolutions=tuple(resolutions.get(pk, no_reports)),
                elections=tuple(elections.get(pk, no_reports)),
            )
        )

    # Between sessions: presidium meetings (where the profile sets a maximum gap).
    meetings = defaultdict(list)
    for township_id, held_on in (
        PresidiumMeeting.objects.filter(
            township__in=ids,
            township__county__rule_profile__in=GAP_PROFILES,
            held_on__gte=year_start,
            held_on__lte=year_end,
        )
        .order_by("township_id", "held_on")
        .values_list("township_id", as_text("held_on"))
    ):
        meetings[township_id].append(day(held_on))

    # Suggestions late on the as-of date: replied after the due day, or unanswered once it
    # passed (those without a stored due day are all read: the profile gives it).
    late = Q(due_on__lt=as_of) & (Q(replied_on__isnull=True) | Q(replied_on__gt=F("due_on")))
    suggestions = defaultdict(list)
    for pk, township_id, title, assigned_on, is_complex, replied_on, due_on, session_id in (
        Suggestion.objects.filter(township__in=ids)
        .filter(
            Q(due_on__gte=year_start, due_on__lte=year_end) & late
            | Q(
                due_on__isnull=True,
                assigned_on__gte=year_start - LONGEST_REPLY_PERIOD,
                assigned_on__lte=year_end,
            )
        )
        .order_by("pk")
        .values_list(
            "pk", "township_id", "title", "assigned_on", "is_complex", "replied_on", "due_on", "session_id"
        )
    ):
        suggestions[township_id].append(
            SuggestionFacts(
                id=pk,
                title=title,
                assigned_on=assigned_on,
                is_complex=is_complex,
                replied_on=replied_on,
                due_on=due_on,
                session_id=session_id,
            )
        )
    # Earlier rounds of handling (the deputy was dissatisfied and it was assigned again).
    for (
        suggestion_id,
        township_id,
        title,
        session_id,
        number,
        assigned_on,
        is_complex,
        due_on,
        replied_on,
    ) in (
        SuggestionRound.objects.filter(
            suggestion__township__in=ids, due_on__gte=year_start, due_on__lte=year_end
        )
        .filter(late)
        .order_by("suggestion_id", "number")
        .values_list(
            "suggestion_id",
            "suggestion__township_id",
            "suggestion__title",
            "suggestion__session_id",
            "number",
            "assigned_on",
            "is_complex",
            "due_on",
            "replied_on",
        )
    ):
        suggestions[township_id].append(
            SuggestionFacts(
                id=suggestion_id,
                title=title,
                assigned_on=assigned_on,
                is_complex=is_complex,
                replied_on=replied_on,
                due_on=due_on,
                session_id=session_id,
                round=number,
            )
        )

    no_counts = {}
    result = []
    for pk, code, name, kind, established_on, abolished_on, profile, *held_counted in township_rows:
        counted, done = reports.get(pk, no_counts), activities.get(pk, no_counts)
        result.append(
            TownshipFacts(
                id=pk,
                code=code,
                name=name,
                kind=kind,
                established_on=day(established_on),
                abolished_on=day(abolished_on),
                profile=profile,
                terms=tuple(terms.get(pk, no_reports)),
                sessions=tuple(sessions.get(pk, no_reports)),
                presidium_meetings=tuple(meetings.get(pk, no_reports)),
                suggestions=tuple(suggestions.get(pk, no_reports)),
                years=tuple(
                    YearFacts(
                        year=year,
                        held=held_count,
                        budget_approved=bool(counted.get(f"budget_{year}")),
                        final_accounts_approved=bool(counted.get(f"final_accounts_{year}")),
                        heard=heard_kinds(counted, year),
                        recess_activities=done.get(f"recess_{year}", 0),
                        specific_issue_hearing=bool(done.get(f"hearing_{year}")),
                    )
                    for year, held_count in zip(years, held_counted, strict=True)
                ),
            )
        )
    return result


_heard: dict[tuple[str, ...], frozenset[str]] = {}


def heard_kinds(counted: dict, year: int) -> frozenset[str]:
    """The report kinds heard in the year, one frozenset per distinct combination."""
    key = tuple(kind for kind in HEARD_KINDS if counted.get(f"{kind}_{year}"))
    found = _heard.get(key)
    if found is None:
        found = _heard[key] = frozenset(key)
    return found


def short_or_unannounced() -> Q:
    """Supersets, in the portable ORM, of a session sitting less than the longest minimum of
    any profile (session-too-short) and of an announcement after the opening day
    (session-not-announced); the rules decide exactly."""
    return Q(closes_at__lt=F("opens_at") + datetime.timedelta(hours=LONGEST_MIN_SESSION_HOURS)) | Q(
        announced_on__gt=TruncDate("opens_at")
    )
