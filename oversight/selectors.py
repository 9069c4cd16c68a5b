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
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language

from congress.models import Term, Township
from congress.profiles import PROFILES, profile_for
from oversight.facts import (
    ActivityFacts,
    CandidateFacts,
    ElectionFacts,
    ReportFacts,
    ResolutionFacts,
    SessionFacts,
    SuggestionFacts,
    TermFacts,
    TownshipFacts,
    session_full_name,
)
from oversight.results import TownshipYear
from oversight.rules import evaluate, township_ref
from sessions.models import (
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

    township_rows = list(
        Township.objects.filter(pk__in=ids)
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
            Session.objects.filter(township__in=ids, opens_at__gte=since, opens_at__lt=until)
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
    session_years = {row[0]: row[7].year for row in session_rows}

    # Reports a rule reads, at held sessions: the same (kind, fiscal year, outcome) once.
    reports = defaultdict(set)
    report_facts: dict[tuple, ReportFacts] = {}
    for session_id, kind, fiscal_year, outcome in (
        Report.objects.filter(**held)
        .filter(Q(kind__in=HEARD_KINDS) | Q(kind__in=APPROVED_KINDS, outcome=ReportOutcome.APPROVED))
        .order_by()
        .values_list("session_id", "kind", "fiscal_year", "outcome")
    ):
        if not fiscal_year and kind in APPROVED_KINDS:
            year = session_years[session_id]
            fiscal_year = year - 1 if kind == FINAL_ACCOUNTS else year
        key = (kind, fiscal_year or None, outcome)
        fact = report_facts.get(key)
        if fact is None:
            fact = report_facts[key] = ReportFacts(
                kind=kind, fiscal_year=fiscal_year or None, outcome=outcome
            )
        reports[session_id].add(fact)

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
        found = reports.get(pk)
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
                reports=tuple(found) if found else no_reports,
                resolutions=tuple(resolutions.get(pk, no_reports)),
                elections=tuple(elections.get(pk, no_reports)),
            )
        )

    # Between sessions: presidium meetings (where the profile sets a maximum gap), activities.
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
    activities = defaultdict(list)
    activity_facts: dict[tuple, ActivityFacts] = {}
    for township_id, held_on, kind in (
        DeputyActivity.objects.filter(township__in=ids, held_on__gte=year_start, held_on__lte=year_end)
        .order_by("township_id", "held_on")
        .values_list("township_id", as_text("held_on"), "kind")
    ):
        fact = activity_facts.get((held_on, kind))
        if fact is None:
            fact = activity_facts[held_on, kind] = ActivityFacts(held_on=day(held_on), kind=kind)
        activities[township_id].append(fact)

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

    return [
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
            activities=tuple(activities.get(pk, no_reports)),
            suggestions=tuple(suggestions.get(pk, no_reports)),
        )
        for pk, code, name, kind, established_on, abolished_on, profile in township_rows
    ]
