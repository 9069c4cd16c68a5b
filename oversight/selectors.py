"""Reading the compliance of townships: facts loaded in a fixed number of queries, then the rules.

`load_facts()` reads the record of a queryset of townships for some years with one query per
kind of row (values_list, no model instances, no per-township query) — twelve queries, however
many townships and years — and `compliance()` evaluates oversight.rules on them.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from congress.models import Term, Township
from congress.profiles import profile_for
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
    Resolution,
    Session,
    SessionStatus,
    Suggestion,
    SuggestionRound,
)

FINAL_ACCOUNTS = ReportKind.FINAL_ACCOUNTS.value
FISCAL_KINDS = frozenset(
    k.value
    for k in (
        ReportKind.BUDGET,
        ReportKind.BUDGET_EXECUTION,
        ReportKind.BUDGET_ADJUSTMENT,
        ReportKind.FINAL_ACCOUNTS,
    )
)
# A suggestion assigned this long before the first year can still fall due in it (the longest
# reply period of any profile is 6 months; a year leaves room for a county's own).
LONGEST_REPLY_PERIOD = datetime.timedelta(days=366)


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
    return evaluate_all(load_facts(townships=townships, years=years), years=years, as_of=as_of)


def evaluated_years(years: Sequence[int], as_of: datetime.date) -> list[int]:
    return sorted({int(y) for y in years if int(y) <= as_of.year})


def evaluate_all(
    facts: Sequence[TownshipFacts], *, years: Sequence[int], as_of: datetime.date
) -> list[TownshipYear]:
    result = []
    for township in facts:
        profile, ref = profile_for(township.profile), township_ref(township)
        for year in years:
            result.append(evaluate(township, year, as_of, profile, ref=ref))
    return result


def load_facts(*, townships: QuerySet[Township], years: Sequence[int]) -> list[TownshipFacts]:
    """The facts of the townships for the years, ordered by township code.

    Sessions (with their reports, resolutions and elections) are read from Jan 1 of the year
    before the first year (a budget may be approved in advance) to the end of the last; terms
    and their first sessions whatever their date (term-overdue and first-session-late look back);
    suggestions whose due day falls in the years.
    """
    years = sorted(set(years))
    if not years:
        return []
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    first, last = years[0], years[-1]
    year_start, year_end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    since = datetime.datetime(first - 1, 1, 1, tzinfo=tz)
    until = datetime.datetime(last + 1, 1, 1, tzinfo=tz)
    ids = townships.order_by().values("pk")
    in_range = {"session__township__in": ids, "session__opens_at__gte": since, "session__opens_at__lt": until}

    # Terms and the opening day of their session numbered 1 recorded as held.
    first_sessions = {
        term_id: (pk, opens_at.astimezone(tz).date())
        for term_id, pk, opens_at in Session.objects.filter(
            township__in=ids, ordinal=1, status=SessionStatus.HELD
        ).values_list("term_id", "pk", "opens_at")
    }
    terms = defaultdict(list)
    for pk, township_id, ordinal, elected_on, starts_on in (
        Term.objects.filter(township__in=ids)
        .order_by("ordinal")
        .values_list("pk", "township_id", "ordinal", "elected_on", "starts_on")
    ):
        session_id, first_on = first_sessions.get(pk, (None, None))
        terms[township_id].append(
            TermFacts(
                id=pk,
                ordinal=ordinal,
                elected_on=elected_on,
                starts_on=starts_on,
                first_session_on=first_on,
                first_session_id=session_id,
            )
        )

    # What each session heard, decided and elected.
    session_years = {}
    session_rows = list(
        Session.objects.filter(township__in=ids, opens_at__gte=since, opens_at__lt=until)
        .order_by("opens_at", "pk")
        .values_list(
            "pk",
            "township_id",
            "township__name",
            "term__ordinal",
            "ordinal",
            "kind",
            "status",
            "announced_on",
            "opens_at",
            "closes_at",
            "deputies_in_office",
            "present",
        )
    )
    for row in session_rows:
        session_years[row[0]] = row[8].astimezone(tz).year
    reports = defaultdict(list)
    for session_id, kind, fiscal_year, outcome in Report.objects.filter(**in_range).values_list(
        "session_id", "kind", "fiscal_year", "outcome"
    ):
        if not fiscal_year and kind in FISCAL_KINDS:
            year = session_years[session_id]
            fiscal_year = year - 1 if kind == FINAL_ACCOUNTS else year
        reports[session_id].append(ReportFacts(kind=kind, fiscal_year=fiscal_year or None, outcome=outcome))
    resolutions = defaultdict(list)
    for pk, session_id, title, votes_for, against, abstain, adopted in (
        Resolution.objects.filter(**in_range)
        .order_by("pk")
        .values_list("pk", "session_id", "title", "votes_for", "votes_against", "votes_abstain", "adopted")
    ):
        resolutions[session_id].append(
            ResolutionFacts(
                id=pk,
                title=title,
                votes_for=votes_for,
                votes_against=against,
                votes_abstain=abstain,
                adopted=adopted,
            )
        )
    candidates = defaultdict(list)
    for pk, election_id, name, votes, elected in (
        Candidate.objects.filter(**{f"election__{k}": v for k, v in in_range.items()})
        .order_by("-votes", "pk")
        .values_list("pk", "election_id", "name", "votes", "elected")
    ):
        candidates[election_id].append(CandidateFacts(id=pk, name=name, votes=votes, elected=elected))
    elections = defaultdict(list)
    for pk, session_id, office, kind, seats in (
        Election.objects.filter(**in_range)
        .order_by("pk")
        .values_list("pk", "session_id", "office", "kind", "seats")
    ):
        elections[session_id].append(
            ElectionFacts(
                id=pk, office=office, kind=kind, seats=seats, candidates=tuple(candidates.get(pk, ()))
            )
        )
    sessions = defaultdict(list)
    for (
        pk,
        township_id,
        township_name,
        term_ordinal,
        ordinal,
        kind,
        status,
        announced_on,
        opens_at,
        closes_at,
        deputies_in_office,
        present,
    ) in session_rows:
        sessions[township_id].append(
            SessionFacts(
                id=pk,
                label=session_full_name(township_name, term_ordinal, ordinal),
                term_ordinal=term_ordinal,
                ordinal=ordinal,
                kind=kind,
                status=status,
                announced_on=announced_on,
                opens_at=opens_at.astimezone(tz),
                closes_at=closes_at.astimezone(tz) if closes_at is not None else None,
                deputies_in_office=deputies_in_office,
                present=present,
                reports=tuple(reports.get(pk, ())),
                resolutions=tuple(resolutions.get(pk, ())),
                elections=tuple(elections.get(pk, ())),
            )
        )

    # Between sessions: presidium meetings, deputies' activities, suggestions.
    meetings = defaultdict(list)
    for township_id, held_on in (
        PresidiumMeeting.objects.filter(township__in=ids, held_on__gte=year_start, held_on__lte=year_end)
        .order_by("held_on")
        .values_list("township_id", "held_on")
    ):
        meetings[township_id].append(held_on)
    activities = defaultdict(list)
    for township_id, held_on, kind in (
        DeputyActivity.objects.filter(township__in=ids, held_on__gte=year_start, held_on__lte=year_end)
        .order_by("held_on", "pk")
        .values_list("township_id", "held_on", "kind")
    ):
        activities[township_id].append(ActivityFacts(held_on=held_on, kind=kind))
    suggestions = defaultdict(list)
    for pk, township_id, title, assigned_on, is_complex, replied_on, due_on, session_id in (
        Suggestion.objects.filter(township__in=ids)
        .filter(
            Q(due_on__gte=year_start, due_on__lte=year_end)
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

    # Earlier rounds of handling (the deputy was dissatisfied and the suggestion was reopened).
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
            established_on=established_on,
            abolished_on=abolished_on,
            profile=profile,
            terms=tuple(terms.get(pk, ())),
            sessions=tuple(sessions.get(pk, ())),
            presidium_meetings=tuple(meetings.get(pk, ())),
            activities=tuple(activities.get(pk, ())),
            suggestions=tuple(suggestions.get(pk, ())),
        )
        for pk, code, name, kind, established_on, abolished_on, profile in Township.objects.filter(pk__in=ids)
        .order_by("code")
        .values_list("pk", "code", "name", "kind", "established_on", "abolished_on", "county__rule_profile")
    ]
