"""Reading the compliance of townships: facts loaded in a fixed number of queries, then the rules.

`load_facts()` composes the loaders below, each reading one kind of row for a queryset of
townships and some years with one query (values_list, no model instances, no per-township query)
— twelve queries, however many townships and years — and `compliance()` evaluates oversight.rules
on them. The database does the counting and filtering a rule would otherwise do row by row, so
the facts are "what the rules read", not a copy of the record. It has to scale to the whole
country (29,600 township congresses) on one machine: docs/performance.md has the reasoning, the
targets and the numbers.
"""

from __future__ import annotations

import datetime
import gc
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import NamedTuple

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    DurationField,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Q,
    QuerySet,
)
from django.db.models.functions import Cast, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from congress import law
from congress.models import Term, Township
from congress.profiles import PROFILES
from oversight.facts import (
    CandidateFacts,
    ElectionFacts,
    ResolutionFacts,
    SessionFacts,
    SuggestionFacts,
    TermFacts,
    TownshipFacts,
    YearSummary,
    session_full_name,
)
from oversight.results import TownshipYear
from oversight.rules import evaluate_many
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


class CountField(IntegerField):
    """The output field of the counts read by the hundred thousand: the drivers of SQLite and
    PostgreSQL give a COUNT as an int already, so it is read as is, with none of the per-value
    converters Django applies to an IntegerField (an internal type it has no converter for)."""

    def get_internal_type(self) -> str:
        return "CountField"


COUNT = CountField()


def count(condition: Q) -> Count:
    """COUNT(*) of the rows meeting the condition, read without converters."""
    return Count("pk", filter=condition, output_field=COUNT)


def as_text(field: str) -> Cast:
    """A date or datetime column read as its ISO text: Python parses it several times faster
    than the database driver and Django's converters do, which matters at 100,000s of rows."""
    return Cast(field, output_field=CharField())


class StoredDay(TruncDate):
    """A stored datetime's calendar day in UTC, by the database's own functions (Django's
    TruncDate calls a Python function per row on SQLite)."""

    def __init__(self, expression: str):
        super().__init__(expression, tzinfo=datetime.UTC)

    def as_sqlite(self, compiler, connection):
        sql, params = compiler.compile(self.lhs)
        return f"date({sql})", params


class Elapsed(Func):
    """end − start, two datetimes, as a duration, by the database's own arithmetic (Django's
    subtraction calls a Python function per row on SQLite)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = DurationField()

    def as_sqlite(self, compiler, connection, **extra):
        # julianday() in days, DurationField in microseconds.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND((julianday(%(expressions)s)) * 86400000000) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


QUORUM_MET = law.quorum_met_q()
# A resolution's votes for short of a majority of all deputies.
MAJORITY_SHORT = ~law.majority_of_all_deputies_q("votes_for", "session__deputies_in_office")
# Supersets of session-not-announced and session-too-short: announced on or after the opening
# day in UTC (the local day is that day or the next); a sitting shorter than the longest minimum
# of any profile (a second over, for the rounding of SQLite's julianday()).
ANNOUNCED_LATE = GreaterThanOrEqual(F("announced_on"), StoredDay("opens_at"))
SITTING_SHORT = LessThan(
    Elapsed("closes_at", "opens_at"), datetime.timedelta(hours=LONGEST_MIN_SESSION_HOURS, seconds=1)
)


def session_fields(prefix: str = "") -> tuple:
    """What the loader reads of a session (through a relation when prefixed, e.g. "session__")."""
    return (
        f"{prefix}id",
        f"{prefix}township_id",
        f"{prefix}term_id",
        f"{prefix}ordinal",
        f"{prefix}kind",
        f"{prefix}status",
        as_text(f"{prefix}announced_on"),
        as_text(f"{prefix}opens_at"),
        as_text(f"{prefix}closes_at"),
        f"{prefix}deputies_in_office",
        f"{prefix}present",
    )


class Parser:
    """ISO text from the database → dates and local datetimes, each distinct day parsed once."""

    def __init__(self, tz: zoneinfo.ZoneInfo):
        self.tz = tz
        self.days: dict[str, datetime.date] = {}
        self.local_days: dict[str, datetime.date] = {}
        self.moments: dict[str, datetime.datetime] = {}

    def day(self, text: str | None) -> datetime.date | None:
        if text is None:
            return None
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = datetime.date.fromisoformat(text[:10])
        return found

    def local_day(self, text: str) -> datetime.date:
        """A stored datetime's local calendar day, each distinct text parsed once."""
        found = self.local_days.get(text)
        if found is None:
            found = self.local_days[text] = self.moment(text).date()
        return found

    def moment(self, text: str | None) -> datetime.datetime | None:
        """A stored datetime (UTC) as a local one, each distinct text parsed once."""
        if text is None:
            return None
        found = self.moments.get(text)
        if found is None:
            # No offset (SQLite): stored in UTC.
            aware = text + "+00:00" if len(text) in (19, 26) else text
            found = self.moments[text] = datetime.datetime.fromisoformat(aware).astimezone(self.tz)
        return found


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
    return evaluate_many(facts, years, as_of)


class YearWindow(NamedTuple):
    """One year as the loaders read it, up to D: [starts_at, ends_at) for moments, first_day to
    last_day (inclusive) for days."""

    year: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    first_day: datetime.date
    last_day: datetime.date


class Reading:
    """What every loader reads by: the townships, the years and the as-of date D.

    Sessions are read from Jan 1 of the year before the first year (a budget may be approved in
    advance) to the end of the last; facts dated after D are not read (RULES.md): sessions open
    before the midnight ending D.
    """

    __slots__ = (
        "townships",
        "every",
        "years",
        "as_of",
        "tz",
        "parse",
        "windows",
        "first_day",
        "last_day",
        "since",
        "until",
        "upto",
        "end_of_as_of",
    )

    def __init__(self, townships: QuerySet[Township], years: Sequence[int], as_of: datetime.date):
        query = townships.query
        # The townships as a subquery (its ordering dropped, unless it is a slice); no filter at
        # all when they are every township (the whole country: no 29,600-row semi-join per query).
        self.townships = townships.values("pk") if query.is_sliced else townships.order_by().values("pk")
        self.every = not (query.is_sliced or query.where or query.combinator) and townships.model is Township
        self.years, self.as_of = years, as_of
        self.tz = tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.parse = Parser(tz)
        first, last = years[0], years[-1]
        self.first_day, self.last_day = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
        self.since = datetime.datetime(first - 1, 1, 1, tzinfo=tz)
        self.until = datetime.datetime(last + 1, 1, 1, tzinfo=tz)
        self.end_of_as_of = datetime.datetime.combine(as_of + ONE_DAY, datetime.time(), tzinfo=tz)
        self.upto = min(self.until, self.end_of_as_of)
        self.windows = tuple(
            YearWindow(
                year,
                datetime.datetime(year, 1, 1, tzinfo=tz),
                min(self.upto, datetime.datetime(year + 1, 1, 1, tzinfo=tz)),
                datetime.date(year, 1, 1),
                min(as_of, datetime.date(year, 12, 31)),
            )
            for year in years
        )

    def of_townships(self, path: str) -> dict:
        """The filter to the townships read, through `path` ("township__in", …)."""
        return {} if self.every else {path: self.townships}

    @property
    def first_starts_at(self) -> datetime.datetime:
        return self.windows[0].starts_at


# The rows the loaders unpack by name (values_list() gives plain tuples, in this field order).
# A township as read: (id, code, name, kind, established on, abolished on, profile), days as
# ISO text. A plain tuple, unpacked by name where read: read once, by the 29,600 (see TermRow).
TownshipRow = tuple


# A term as read: (first session day, number, id, elected on, starts on, first session on,
# first session id), compared as a tuple: by first session day, then number (unique in the
# township). Days stay ISO text (which compares as the dates do) until the term is kept. A plain
# tuple, unpacked by name where read: 59,200 NamedTuples for the country cost 20 ms.
TermRow = tuple


class SessionRow(NamedTuple):
    """session_fields(), as read."""

    id: int
    township_id: int
    term_id: int
    ordinal: int
    kind: str
    status: str
    announced_on: str | None  # ISO text
    opens_at: str
    closes_at: str | None
    deputies_in_office: int
    present: int | None


# One year's counts, in the column order of their loaders. A loader's row holds, per year, the
# fields of its type: the rows are named once per distinct row (see load_facts), not per township.
class ReportCounts(NamedTuple):
    government_work: int  # HEARD_KINDS, in order
    presidium_work: int
    specific_issue: int
    budget: int  # approved for the year
    final_accounts: int  # approved for the year before


class ActivityCounts(NamedTuple):
    recess: int  # training excluded
    specific_issue_hearings: int


Counts = dict[int, tuple[int, ...]]  # per township, per year, the fields of a *Counts type


def load_facts(
    *, townships: QuerySet[Township], years: Sequence[int], as_of: datetime.date | None = None
) -> list[TownshipFacts]:
    """The facts the rules read for the townships and years, ordered by township code: twelve
    queries, one per loader below (elections two).

    Sessions are read from Jan 1 of the year before the first year (a budget may be approved in
    advance) to the end of the last; terms and their first sessions whatever their date
    (term-overdue and first-session-late look back); suggestions (and earlier rounds of
    handling) whose due day falls in the years and that are late on `as_of` (default today).
    """
    years = sorted(set(years))
    if not years:
        return []
    reading = Reading(townships, years, as_of or timezone.localdate())
    rows = load_townships(reading)
    terms, term_ordinals = load_terms(reading)
    reports = count_reports(reading)
    activities = count_activities(reading)
    resolutions, resolution_sessions = load_resolutions(reading)
    elections, election_sessions = load_elections(reading)
    held = count_held_sessions(reading)
    sessions = session_facts(
        {**resolution_sessions, **election_sessions, **load_flaggable_sessions(reading)},
        reading,
        names={pk: name for pk, _code, name, _kind, _established, _abolished, _profile in rows},
        term_ordinals=term_ordinals,
        resolutions=resolutions,
        elections=elections,
    )
    meetings = load_presidium_meetings(reading)
    suggestions = load_suggestions(reading)
    for township_id, rounds in load_follow_ups(reading).items():
        suggestions[township_id] += rounds  # after the current rounds
    summaries = Summaries(years)
    no_held, no_reports, no_activities = summaries.no_held, summaries.no_reports, summaries.no_activities
    day = reading.parse.day
    # Positional (in the field order): keyword arguments cost twice as much, by the 10,000.
    return [
        TownshipFacts(
            pk,
            code,
            name,
            kind,
            None if established_on is None else day(established_on),
            None if abolished_on is None else day(abolished_on),
            profile,
            terms.get(pk, ()),
            tuple(sessions.get(pk, ())),
            tuple(meetings.get(pk, ())),
            (),  # activities: counted in the summaries
            tuple(suggestions.get(pk, ())),
            summaries[held.get(pk, no_held), reports.get(pk, no_reports), activities.get(pk, no_activities)],
        )
        for pk, code, name, kind, established_on, abolished_on, profile in rows
    ]


def load_townships(reading: Reading) -> list[TownshipRow]:
    """The townships, ordered by code. One query."""
    return list(
        Township.objects.filter(**reading.of_townships("pk__in"))
        .order_by("code")
        .values_list(
            "pk",
            "code",
            "name",
            "kind",
            as_text("established_on"),
            as_text("abolished_on"),
            "county__rule_profile",
        )
    )


def load_terms(reading: Reading) -> tuple[dict[int, tuple[TermFacts, ...]], dict[int, int]]:
    """The terms a rule reads, by township (in number order), and the number of every term by id.

    Each with the opening day of its session numbered 1 recorded as held (one at most: a session
    number is unique in its term). Only the terms a rule reads are kept: see kept_terms(). One
    query.
    """
    by_township: defaultdict[int, list[TermRow]] = defaultdict(list)
    ordinals = {}
    local_day = reading.parse.local_day
    for pk, township_id, ordinal, elected_on, starts_on, session_id, first_opens_at in (
        Term.objects.filter(**reading.of_townships("township__in"))
        .annotate(
            first=FilteredRelation(
                "sessions",
                condition=Q(
                    sessions__ordinal=1,
                    sessions__status=SessionStatus.HELD,
                    sessions__opens_at__lt=reading.end_of_as_of,
                ),
            )
        )
        .order_by()
        .values_list(
            "pk",
            "township_id",
            "ordinal",
            as_text("elected_on"),
            as_text("starts_on"),
            "first__pk",
            as_text("first__opens_at"),
        )
    ):
        ordinals[pk] = ordinal
        first_on = local_day(first_opens_at) if first_opens_at else None
        first_day = first_on.isoformat() if first_on else starts_on
        by_township[township_id].append((first_day, ordinal, pk, elected_on, starts_on, first_on, session_id))
    return kept_terms(by_township, reading), ordinals


def kept_terms(by_township: dict[int, list[TermRow]], reading: Reading) -> dict[int, tuple[TermFacts, ...]]:
    """Each township's terms a rule reads: for each year's reference day R (ISO text, as is D),
    the latest term whose first session is on or before R (term-overdue), and the terms whose
    first session falls in the years, on or before D (first-session-late)."""
    references = [
        (datetime.date(year, 12, 31) if reading.as_of.year > year else reading.as_of).isoformat()
        for year in reading.years
    ]
    years, as_of, day = set(reading.years), reading.as_of.isoformat(), reading.parse.day
    kept = {}
    # One call for every township, plain loops, a list (`in` finds a row by identity): a call
    # per township cost more than the loops (docs/performance.md).
    for township_id, rows in by_township.items():
        latest = []
        for r in references:
            found = None
            for row in rows:
                if row[0] <= r and (found is None or row > found):  # row[0]: the first session day
                    found = row
            latest.append(found)
        facts = []
        for row in rows:
            first_day, ordinal, pk, elected_on, starts_on, first_on, session_id = row
            if row in latest or (
                elected_on is not None and int(first_day[:4]) in years and first_day <= as_of
            ):
                facts.append(TermFacts(pk, ordinal, day(elected_on), day(starts_on), first_on, session_id))
        if len(facts) > 1:
            facts.sort(key=attrgetter("ordinal"))
        kept[township_id] = tuple(facts)
    return kept


def count_reports(reading: Reading) -> Counts:
    """The reports the year-level rules read, counted per township and year (the fields of
    ReportCounts) at held sessions up to D: heard (any outcome), budgets and final accounts
    approved for the fiscal year. One query.

    The session's opening is an alias: dozens of conditions on it then cost no join path
    resolution each.
    """
    no_fiscal_year = Q(fiscal_year__isnull=True) | Q(fiscal_year=0)
    columns = {}
    for year, starts_at, ends_at, _first, _last in reading.windows:
        in_year = Q(opens__gte=starts_at, opens__lt=ends_at)
        # The first fields of ReportCounts are the kinds heard.
        for kind, field in zip(HEARD_KINDS, ReportCounts._fields, strict=False):
            columns[f"{field}_{year}"] = count(Q(kind=kind) & in_year)
        # RULES.md's budget window: a held session opening in Y − 1 or Y (never earlier, however
        # far back the sessions of the other years are read).
        columns[f"budget_{year}"] = count(
            Q(kind=BUDGET, opens__gte=datetime.datetime(year - 1, 1, 1, tzinfo=reading.tz), opens__lt=ends_at)
            & (Q(fiscal_year=year) | no_fiscal_year & in_year)
        )
        columns[f"final_accounts_{year}"] = count(
            Q(kind=FINAL_ACCOUNTS) & in_year & (Q(fiscal_year=year - 1) | no_fiscal_year)
        )
    # (Rows of budgets and final accounts are approved ones: the query's filter.)
    return counts_by_township(
        Report.objects.filter(
            law.counts_as_held_q("session__"),
            **reading.of_townships("session__township__in"),
            session__opens_at__gte=reading.since,
            session__opens_at__lt=reading.upto,
        )
        .filter(Q(kind__in=HEARD_KINDS) | Q(kind__in=APPROVED_KINDS, outcome=APPROVED))
        .alias(opens=F("session__opens_at")),
        "session__township_id",
        columns,
    )


def count_activities(reading: Reading) -> Counts:
    """Inter-session deputy activities up to D, counted per township and year (the fields of
    ActivityCounts). One query."""
    columns = {}
    for year, _start, _end, first_day, last_day in reading.windows:
        in_year = Q(held_on__gte=first_day, held_on__lte=last_day)
        columns[f"recess_{year}"] = count(~Q(kind=ActivityKind.TRAINING) & in_year)
        columns[f"hearings_{year}"] = count(Q(kind=ActivityKind.SPECIFIC_ISSUE_HEARING) & in_year)
    return counts_by_township(
        DeputyActivity.objects.filter(
            **reading.of_townships("township__in"),
            held_on__gte=reading.first_day,
            held_on__lte=min(reading.last_day, reading.as_of),
        ),
        "township_id",
        columns,
    )


def count_held_sessions(reading: Reading) -> Counts:
    """Held sessions (quorum met) counted per township and year, up to D. One query."""
    return counts_by_township(
        Session.objects.filter(
            law.counts_as_held_q(),
            **reading.of_townships("township__in"),
            opens_at__gte=reading.first_starts_at,
            opens_at__lt=reading.upto,
        ),
        "township_id",
        {
            f"held_{year}": count(Q(opens_at__gte=starts_at, opens_at__lt=ends_at))
            for year, starts_at, ends_at, _first, _last in reading.windows
        },
    )


def counts_by_township(rows: QuerySet, township: str, columns: dict[str, Count]) -> Counts:
    """The columns counted per township (by the `township` path): {township id: the counts}."""
    return {
        row[0]: row[1:]
        for row in rows.values(township).order_by().annotate(**columns).values_list(township, *columns)
    }


def held_in_years(reading: Reading, prefix: str) -> dict:
    """The filter to the rows of sessions recorded as held in the years (through `prefix`)."""
    return {
        **reading.of_townships(f"{prefix}session__township__in"),
        f"{prefix}session__status": SessionStatus.HELD,
        f"{prefix}session__opens_at__gte": reading.first_starts_at,
        f"{prefix}session__opens_at__lt": reading.until,
    }


SessionRows = dict[int, SessionRow]  # by session id


def load_resolutions(reading: Reading) -> tuple[dict[int, list[ResolutionFacts]], SessionRows]:
    """Resolutions recorded as adopted without a majority of all deputies (votes_for * 2 <= N) at
    sessions recorded as held in the years, by session, and those sessions. One query."""
    resolutions = defaultdict(list)
    sessions = {}
    for pk, title, votes_for, against, abstain, *session in (
        Resolution.objects.filter(MAJORITY_SHORT, **held_in_years(reading, ""), adopted=True)
        .order_by("pk")
        .values_list(
            "pk", "title", "votes_for", "votes_against", "votes_abstain", *session_fields("session__")
        )
    ):
        row = sessions[session[0]] = SessionRow._make(session)
        resolutions[row.id].append(ResolutionFacts(pk, title, votes_for, against, abstain, True))
    return resolutions, sessions


def load_elections(reading: Reading) -> tuple[dict[int, list[ElectionFacts]], SessionRows]:
    """The elections at sessions recorded as held in the years, by session, with their candidates
    (elections are few), and those sessions. Two queries."""
    candidates = defaultdict(list)
    for pk, election_id, name, votes, elected in (
        Candidate.objects.filter(**held_in_years(reading, "election__"))
        .order_by("-votes", "pk")
        .values_list("pk", "election_id", "name", "votes", "elected")
    ):
        candidates[election_id].append(CandidateFacts(pk, name, votes, elected))
    elections = defaultdict(list)
    sessions = {}
    for pk, office, kind, seats, *session in (
        Election.objects.filter(**held_in_years(reading, ""))
        .order_by("pk")
        .values_list("pk", "office", "kind", "seats", *session_fields("session__"))
    ):
        row = sessions[session[0]] = SessionRow._make(session)
        elections[row.id].append(ElectionFacts(pk, office, kind, seats, tuple(candidates.get(pk, ()))))
    return elections, sessions


def load_flaggable_sessions(reading: Reading) -> SessionRows:
    """The other sessions a session-level rule may flag, recorded as held in the years, and the
    planned ones (annual-session-unscheduled), with those recorded as held opening after D (not
    held yet: planned). One query.

    The database keeps a superset, decided by its own functions (Django's date arithmetic runs
    in Python row by row on SQLite); the rules decide.
    """
    return {
        row[0]: SessionRow._make(row)
        for row in Session.objects.filter(**reading.of_townships("township__in"), opens_at__lt=reading.until)
        .filter(
            Q(status=SessionStatus.PLANNED, opens_at__gte=reading.since)
            | Q(status=SessionStatus.HELD, opens_at__gte=reading.upto)
            | Q(status=SessionStatus.HELD, opens_at__gte=reading.first_starts_at)
            & (
                Q(present__isnull=True)
                | ~QUORUM_MET
                | Q(announced_on__isnull=True)
                | ANNOUNCED_LATE
                | SITTING_SHORT
            )
        )
        .order_by()
        .values_list(*session_fields())
    }


def session_facts(
    rows: SessionRows,
    reading: Reading,
    *,
    names: dict[int, str],
    term_ordinals: dict[int, int],
    resolutions: dict[int, list[ResolutionFacts]],
    elections: dict[int, list[ElectionFacts]],
) -> dict[int, list[SessionFacts]]:
    """The sessions read, by township in opening order, with their resolutions and elections. No
    query."""
    day, moment = reading.parse.day, reading.parse.moment
    sessions = defaultdict(list)
    # Unpacked in the loop (SessionRow's fields, in order): cheaper than its attributes.
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
    ) in sorted(rows.values(), key=session_order):
        term_ordinal = term_ordinals[term_id]
        sessions[township_id].append(
            SessionFacts(
                pk,
                session_full_name(names[township_id], term_ordinal, ordinal),
                term_ordinal,
                ordinal,
                kind,
                status,
                day(announced_on),
                moment(opens_at),
                moment(closes_at),
                n,
                present,
                (),  # reports: counted in the summaries
                tuple(resolutions.get(pk, ())),
                tuple(elections.get(pk, ())),
            )
        )
    return sessions


def load_presidium_meetings(reading: Reading) -> dict[int, list[datetime.date]]:
    """The days of the presidium meetings in the years, by township in date order, where the
    county's profile sets a maximum gap between them (presidium-meeting-gap). One query."""
    meetings = defaultdict(list)
    day = reading.parse.day
    for township_id, held_on in (
        PresidiumMeeting.objects.filter(
            **reading.of_townships("township__in"),
            township__county__rule_profile__in=GAP_PROFILES,
            held_on__gte=reading.first_day,
            held_on__lte=reading.last_day,
        )
        .order_by("township_id", "held_on")
        .values_list("township_id", as_text("held_on"))
    ):
        meetings[township_id].append(day(held_on))
    return meetings


def late_on(as_of: datetime.date) -> Q:
    """A suggestion (or a round of handling) late on the as-of date: replied after the due day,
    or unanswered once it passed."""
    return Q(due_on__lt=as_of) & (Q(replied_on__isnull=True) | Q(replied_on__gt=F("due_on")))


def load_suggestions(reading: Reading) -> defaultdict[int, list[SuggestionFacts]]:
    """The suggestions due in the years and late on D, by township in id order; those without a
    stored due day are all read (the profile gives it). One query."""
    suggestions = defaultdict(list)
    for pk, township_id, title, assigned_on, is_complex, replied_on, due_on, session_id in (
        Suggestion.objects.filter(**reading.of_townships("township__in"))
        .filter(
            Q(due_on__gte=reading.first_day, due_on__lte=reading.last_day) & late_on(reading.as_of)
            | Q(
                due_on__isnull=True,
                assigned_on__gte=reading.first_day - LONGEST_REPLY_PERIOD,
                assigned_on__lte=reading.last_day,
            )
        )
        .order_by("pk")
        .values_list(
            "pk", "township_id", "title", "assigned_on", "is_complex", "replied_on", "due_on", "session_id"
        )
    ):
        suggestions[township_id].append(
            SuggestionFacts(pk, title, assigned_on, is_complex, replied_on, due_on, session_id)
        )
    return suggestions


def load_follow_ups(reading: Reading) -> dict[int, list[SuggestionFacts]]:
    """The earlier rounds of handling of suggestions (the deputy was dissatisfied and it was
    assigned again) due in the years and late on D, by township, by suggestion and round. One
    query."""
    follow_ups = defaultdict(list)
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
            **reading.of_townships("suggestion__township__in"),
            due_on__gte=reading.first_day,
            due_on__lte=reading.last_day,
        )
        .filter(late_on(reading.as_of))
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
        follow_ups[township_id].append(
            SuggestionFacts(
                suggestion_id, title, assigned_on, is_complex, replied_on, due_on, session_id, number
            )
        )
    return follow_ups


class Summaries(dict):
    """The YearSummary of each township by its rows of counts (held, reports, activities), made
    once per distinct rows and shared: a province's townships mostly look alike, and the rule
    engine remembers what it found per summary. A dict: a summary already made costs a lookup."""

    def __init__(self, years: Sequence[int]):
        super().__init__()
        self.years = years
        # Counts differing only where the rules read a yes or no give equal summaries: one object.
        self.equal: dict[YearSummary, YearSummary] = {}
        self.no_held = (0,) * len(years)
        self.no_reports = (0,) * (len(ReportCounts._fields) * len(years))
        self.no_activities = (0,) * (len(ActivityCounts._fields) * len(years))

    def __missing__(self, counts: tuple) -> tuple[YearSummary, ...]:
        found = self[counts] = tuple(
            self.equal.setdefault(summary, summary) for summary in year_summaries(self.years, *counts)
        )
        return found


def per_year(row: Sequence[int], counts: type[NamedTuple]) -> list:
    """A loader's row of counts, the fields of `counts` per year, as one `counts` per year."""
    width = len(counts._fields)
    return [counts._make(row[i : i + width]) for i in range(0, len(row), width)]


def year_summaries(
    years: Sequence[int], held: Sequence[int], reports: Sequence[int], activities: Sequence[int]
) -> tuple[YearSummary, ...]:
    """The YearSummary of a township per year from the rows of count_held_sessions(),
    count_reports() and count_activities()."""
    return tuple(
        YearSummary(
            year=year,
            held=held_sessions,
            budget_approved=bool(counted.budget),
            final_accounts_approved=bool(counted.final_accounts),
            heard=frozenset(kind for kind, n in zip(HEARD_KINDS, counted, strict=False) if n),
            recess_activities=done.recess,
            specific_issue_hearing=bool(done.specific_issue_hearings),
        )
        for year, held_sessions, counted, done in zip(
            years, held, per_year(reports, ReportCounts), per_year(activities, ActivityCounts), strict=True
        )
    )


def utc_key_of(moment: datetime.datetime) -> str:
    """An aware datetime as the text utc_key() gives a stored one."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def utc_key(text: str) -> str:
    """A stored datetime's text (UTC, with or without an offset, as the database gives it) as
    "YYYY-MM-DD HH:MM:SS" in UTC, which compares as the moments do (to the second)."""
    if len(text) in (19, 26) or text.endswith("+00"):
        return text[:19]
    return utc_key_of(datetime.datetime.fromisoformat(text))


def session_order(row: SessionRow) -> tuple:
    """Session rows by township, then opening moment, then id."""
    return row.township_id, utc_key(row.opens_at), row.opens_at, row.id
