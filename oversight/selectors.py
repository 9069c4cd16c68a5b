"""Reading the compliance of townships: facts loaded in a fixed number of queries, then the rules.

`load_facts()` reads the record of a queryset of townships for some years with one query per
kind of row (values_list, no model instances, no per-township query) — twelve queries, however
many townships and years — and `compliance()` evaluates oversight.rules on them.

It has to scale to a province or the whole country (29,600 township congresses) on one
machine, so the database does the counting and filtering a rule would otherwise do row by row:
the reports the rules read, the activities and the held sessions are counted per township and
year; only the resolutions short of a majority of all deputies, the sessions a session-level rule
may flag (each read once, with its resolutions and elections or alone), the suggestions late on
the as-of date and the presidium meetings of counties whose profile sets a maximum gap are read
(with the database's own date functions: Django's run in Python, row by row, on SQLite). The
facts are therefore "what the rules read", not a copy of the record. A queryset of every
township is read with no filter on the townships.
"""

from __future__ import annotations

import datetime
import gc
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter

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
    YearFacts,
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
    # The townships as a subquery (its ordering dropped, unless it is a slice); no filter at all
    # when they are every township (the whole country: no 29,600-row semi-join per query).
    query = townships.query
    ids = townships.values("pk") if query.is_sliced else townships.order_by().values("pk")
    every = not (query.is_sliced or query.where or query.combinator) and townships.model is Township

    def of_townships(path: str) -> dict:
        return {} if every else {path: ids}

    # Facts dated after D are not read (RULES.md): sessions open before the midnight ending D.
    end_of_as_of = datetime.datetime.combine(as_of + ONE_DAY, datetime.time(), tzinfo=tz)
    upto = min(until, end_of_as_of)
    bounds = {
        year: (
            datetime.datetime(year, 1, 1, tzinfo=tz),
            min(upto, datetime.datetime(year + 1, 1, 1, tzinfo=tz)),
            datetime.date(year, 1, 1),
            min(as_of, datetime.date(year, 12, 31)),
        )
        for year in years
    }
    township_rows = list(
        Township.objects.filter(**of_townships("pk__in"))
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
    names = {row[0]: row[2] for row in township_rows}

    # Terms, with the opening day of their session numbered 1 recorded as held (one at most:
    # a session number is unique in its term). Only the terms a rule reads are kept: for each
    # year's reference day R, the latest term whose first session is on or before R
    # (term-overdue), and the terms whose first session falls in the years (first-session-late).
    # Days stay ISO text (which compares as the dates do) until a term is kept.
    term_rows = defaultdict(list)
    term_ordinals = {}
    for pk, township_id, ordinal, elected_on, starts_on, session_id, first_opens_at in (
        Term.objects.filter(**of_townships("township__in"))
        .annotate(
            first=FilteredRelation(
                "sessions",
                condition=Q(
                    sessions__ordinal=1,
                    sessions__status=SessionStatus.HELD,
                    sessions__opens_at__lt=end_of_as_of,
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
        term_ordinals[pk] = ordinal
        first_on = parse.local_day(first_opens_at) if first_opens_at else None
        first_day = first_on.isoformat() if first_on else starts_on
        term_rows[township_id].append((first_day, ordinal, pk, elected_on, starts_on, first_on, session_id))
    references = [(datetime.date(year, 12, 31) if as_of.year > year else as_of).isoformat() for year in years]
    year_set, as_of_text = set(years), as_of.isoformat()
    terms = {}
    for township_id, rows in term_rows.items():
        kept = []
        for r in references:
            latest = None  # by first session day, then number (unique in the township)
            for row in rows:
                if row[0] <= r and (latest is None or row > latest):
                    latest = row
            kept.append(latest)
        facts = []
        for row in rows:
            first_day, ordinal, pk, elected_on, starts_on, first_on, session_id = row
            if row in kept or (
                elected_on is not None and int(first_day[:4]) in year_set and first_day <= as_of_text
            ):
                facts.append(TermFacts(pk, ordinal, day(elected_on), day(starts_on), first_on, session_id))
        if len(facts) > 1:
            facts.sort(key=attrgetter("ordinal"))
        terms[township_id] = tuple(facts)

    # The reports the year-level rules read, counted per township and year at held sessions
    # up to D: heard (any outcome), budgets and final accounts approved for the fiscal year —
    # per year, one count per kind heard, then budget and final accounts.
    # (Rows of budgets and final accounts are approved ones: the query's filter.) The session's
    # opening is an alias: dozens of conditions on it then cost no join path resolution each.
    no_fiscal_year = Q(fiscal_year__isnull=True) | Q(fiscal_year=0)
    report_counts = []
    for year, (start, end, _first, _last) in bounds.items():
        in_year = Q(opens__gte=start, opens__lt=end)
        report_counts += [count(Q(kind=kind) & in_year) for kind in HEARD_KINDS]
        # RULES.md's budget window: a held session opening in Y − 1 or Y (never earlier, however
        # far back the sessions of the other years are read).
        report_counts.append(
            count(
                Q(kind=BUDGET, opens__gte=datetime.datetime(year - 1, 1, 1, tzinfo=tz), opens__lt=end)
                & (Q(fiscal_year=year) | no_fiscal_year & in_year)
            )
        )
        report_counts.append(
            count(Q(kind=FINAL_ACCOUNTS) & in_year & (Q(fiscal_year=year - 1) | no_fiscal_year))
        )
    report_names = [f"count_{i}" for i in range(len(report_counts))]
    reports = {
        row[0]: row[1:]
        for row in Report.objects.filter(
            law.counts_as_held_q("session__"),
            **of_townships("session__township__in"),
            session__opens_at__gte=since,
            session__opens_at__lt=upto,
        )
        .filter(Q(kind__in=HEARD_KINDS) | Q(kind__in=APPROVED_KINDS, outcome=APPROVED))
        .alias(opens=F("session__opens_at"))
        .values("session__township_id")
        .order_by()
        .annotate(**dict(zip(report_names, report_counts, strict=True)))
        .values_list("session__township_id", *report_names)
    }

    # Inter-session deputy activities up to D, counted per township and year: per year, the
    # recess activities (training excluded), then the specific-issue hearings.
    activity_counts = {}
    for i, (_start, _end, first_day, last_day) in enumerate(bounds.values()):
        in_year = Q(held_on__gte=first_day, held_on__lte=last_day)
        activity_counts[f"recess_{i}"] = count(~Q(kind=ActivityKind.TRAINING) & in_year)
        activity_counts[f"hearing_{i}"] = count(Q(kind=ActivityKind.SPECIFIC_ISSUE_HEARING) & in_year)
    activities = {
        row[0]: row[1:]
        for row in DeputyActivity.objects.filter(
            **of_townships("township__in"), held_on__gte=year_start, held_on__lte=min(year_end, as_of)
        )
        .values("township_id")
        .order_by()
        .annotate(**activity_counts)
        .values_list("township_id", *activity_counts)
    }

    # The sessions a session-level rule reads, by id: their rows (session_fields()) as read with
    # their resolutions and elections, and by the query of the sessions below.
    session_rows = {}
    # Resolutions and elections at sessions recorded as held in the years, each with its session.
    held = {
        **of_townships("session__township__in"),
        "session__status": SessionStatus.HELD,
        "session__opens_at__gte": bounds[first][0],
        "session__opens_at__lt": until,
    }
    of_session = session_fields("session__")

    # Resolutions recorded as adopted without a majority of all deputies (votes_for * 2 <= N).
    resolutions = defaultdict(list)
    for pk, title, votes_for, against, abstain, *session in (
        Resolution.objects.filter(MAJORITY_SHORT, **held, adopted=True)
        .order_by("pk")
        .values_list("pk", "title", "votes_for", "votes_against", "votes_abstain", *of_session)
    ):
        session_rows[session[0]] = session
        resolutions[session[0]].append(
            ResolutionFacts(
                id=pk,
                title=title,
                votes_for=votes_for,
                votes_against=against,
                votes_abstain=abstain,
                adopted=True,
            )
        )

    # Elections, with their candidates (elections are few).
    candidates = defaultdict(list)
    for pk, election_id, name, votes, elected in (
        Candidate.objects.filter(**{f"election__{k}": v for k, v in held.items()})
        .order_by("-votes", "pk")
        .values_list("pk", "election_id", "name", "votes", "elected")
    ):
        candidates[election_id].append(CandidateFacts(id=pk, name=name, votes=votes, elected=elected))
    elections = defaultdict(list)
    for pk, office, kind, seats, *session in (
        Election.objects.filter(**held)
        .order_by("pk")
        .values_list("pk", "office", "kind", "seats", *of_session)
    ):
        session_rows[session[0]] = session
        elections[session[0]].append(
            ElectionFacts(
                id=pk, office=office, kind=kind, seats=seats, candidates=tuple(candidates.get(pk, ()))
            )
        )

    # Held sessions (quorum met) counted per township and year, up to D.
    held_names = [f"held_{i}" for i in range(len(years))]
    held_counts = {
        row[0]: row[1:]
        for row in Session.objects.filter(
            law.counts_as_held_q(),
            **of_townships("township__in"),
            opens_at__gte=bounds[first][0],
            opens_at__lt=upto,
        )
        .values("township_id")
        .order_by()
        .annotate(
            **{
                name: count(Q(opens_at__gte=start, opens_at__lt=end))
                for name, (start, end, _first, _last) in zip(held_names, bounds.values(), strict=True)
            }
        )
        .values_list("township_id", *held_names)
    }

    # The other sessions a session-level rule may flag, recorded as held in the years, and the
    # planned ones (annual-session-unscheduled), with those recorded as held opening after D (not
    # held yet: planned). The database keeps a superset, decided by its own functions (Django's
    # date arithmetic runs in Python row by row on SQLite); the rules decide.
    for row in (
        Session.objects.filter(**of_townships("township__in"), opens_at__lt=until)
        .filter(
            Q(status=SessionStatus.PLANNED, opens_at__gte=since)
            | Q(status=SessionStatus.HELD, opens_at__gte=upto)
            | Q(status=SessionStatus.HELD, opens_at__gte=bounds[first][0])
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
    ):
        session_rows[row[0]] = row

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
    ) in sorted(session_rows.values(), key=session_order):
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
                tuple(resolutions.get(pk, no_reports)),
                tuple(elections.get(pk, no_reports)),
            )
        )

    # Between sessions: presidium meetings (where the profile sets a maximum gap).
    meetings = defaultdict(list)
    for township_id, held_on in (
        PresidiumMeeting.objects.filter(
            **of_townships("township__in"),
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
        Suggestion.objects.filter(**of_townships("township__in"))
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
            **of_townships("suggestion__township__in"), due_on__gte=year_start, due_on__lte=year_end
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

    no_counts = (0,) * (5 * len(years))
    no_held = (0,) * len(years)
    year_facts: dict[tuple, tuple[YearFacts, ...]] = {}
    # Equal summaries are one object (counts differing only where the rules read a yes or no give
    # equal ones): the rule engine remembers what it found per summary.
    equal: dict[YearFacts, YearFacts] = {}
    result = []
    append = result.append
    for pk, code, name, kind, established_on, abolished_on, profile in township_rows:
        counted, done = reports.get(pk, no_counts), activities.get(pk, no_counts)
        # Identical summaries are shared: a province's townships mostly look alike.
        key = (held_counts.get(pk, no_held), counted, done)
        summaries = year_facts.get(key)
        if summaries is None:
            summaries = year_facts[key] = tuple(
                equal.setdefault(summary, summary) for summary in year_summaries(years, *key)
            )
        # Positional (in the field order): keyword arguments cost twice as much, by the 10,000.
        append(
            TownshipFacts(
                pk,
                code,
                name,
                kind,
                None if established_on is None else day(established_on),
                None if abolished_on is None else day(abolished_on),
                profile,
                terms.get(pk, no_reports),
                tuple(sessions.get(pk, no_reports)),
                tuple(meetings.get(pk, no_reports)),
                (),  # activities: counted in the summaries
                tuple(suggestions.get(pk, no_reports)),
                summaries,
            )
        )
    return result


def year_summaries(
    years: Sequence[int], held: Sequence[int], counted: Sequence[int], done: Sequence[int]
) -> tuple[YearFacts, ...]:
    """The YearFacts of a township from its counts: per year, held sessions; reports (one count
    per kind heard, then budget and final accounts); activities (recess, then hearings)."""
    return tuple(
        YearFacts(
            year=year,
            held=held[i],
            budget_approved=bool(counted[5 * i + 3]),
            final_accounts_approved=bool(counted[5 * i + 4]),
            heard=frozenset(
                kind for kind, n in zip(HEARD_KINDS, counted[5 * i : 5 * i + 3], strict=True) if n
            ),
            recess_activities=done[2 * i],
            specific_issue_hearing=bool(done[2 * i + 1]),
        )
        for i, year in enumerate(years)
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


def session_order(row: tuple) -> tuple:
    """Session rows by township, then opening moment, then id."""
    return row[1], utc_key(row[7]), row[7], row[0]
