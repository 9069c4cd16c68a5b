"""The facts the rule engine reads: plain dataclasses, no ORM objects.

oversight.selectors loads them from the record in a fixed number of queries; oversight.rules
reads nothing else. They are never changed once made, yet not frozen: a frozen dataclass sets
each field through object.__setattr__, which triples the cost of making the hundreds of
thousands a whole country needs. Dates are local (settings.TIME_ZONE) calendar dates; datetimes
are local too. RULES.md defines every derived fact used here (held session, quorum, majority of all deputies).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from congress import law
from congress.divisions import CONGRESS_KINDS
from congress.numerals import session_name, term_name

HELD = law.HELD
PLANNED = "planned"
REGULAR = "regular"


def session_full_name(township_name: str, term_ordinal: int, session_ordinal: int) -> str:
    """The official name, in Chinese in every language: 某某镇第十八届人民代表大会第三次会议."""
    return session_name(term_ordinal, session_ordinal, township_name)


def term_full_name(township_name: str, term_ordinal: int) -> str:
    """某某镇第十八届."""
    return term_name(term_ordinal, township_name)


@dataclass(slots=True)
class ReportFacts:
    kind: str  # sessions.models.ReportKind
    fiscal_year: int | None  # the effective fiscal year (budget: the session's year; final accounts: −1)
    outcome: str  # sessions.models.ReportOutcome


@dataclass(slots=True)
class ResolutionFacts:
    id: int
    title: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    adopted: bool


@dataclass(slots=True)
class CandidateFacts:
    id: int
    name: str
    votes: int
    elected: bool


@dataclass(slots=True)
class ElectionFacts:
    id: int
    office: str  # sessions.models.ElectionOffice
    kind: str  # sessions.models.ElectionKind
    seats: int
    candidates: tuple[CandidateFacts, ...] = ()


@dataclass(slots=True)
class SessionFacts:
    id: int
    label: str  # the full Chinese name
    term_ordinal: int
    ordinal: int
    kind: str  # sessions.models.SessionKind
    status: str  # sessions.models.SessionStatus
    announced_on: datetime.date | None
    opens_at: datetime.datetime  # local
    closes_at: datetime.datetime | None  # local
    deputies_in_office: int  # N
    present: int | None
    reports: tuple[ReportFacts, ...] = ()
    resolutions: tuple[ResolutionFacts, ...] = ()
    elections: tuple[ElectionFacts, ...] = ()

    @property
    def opening_day(self) -> datetime.date:
        return self.opens_at.date()

    @property
    def quorum(self) -> int:
        return law.quorum(self.deputies_in_office)

    @property
    def quorum_met(self) -> bool:
        return law.quorum_met(self.present, self.deputies_in_office)

    @property
    def held(self) -> bool:
        """RULES.md "held session" (congress.law); the caller checks the opening day: in the year,
        and on or before D."""
        return law.counts_as_held(self.status, self.present, self.deputies_in_office)


@dataclass(slots=True)
class TermFacts:
    id: int
    ordinal: int
    elected_on: datetime.date | None
    starts_on: datetime.date
    # The opening day of its session numbered 1 recorded as held, if any (RULES.md "first session").
    first_session_on: datetime.date | None = None
    first_session_id: int | None = None

    @property
    def first_session_day(self) -> datetime.date:
        """The first session's opening day; the term's start date stands in when none is recorded."""
        return self.first_session_on or self.starts_on


@dataclass(slots=True)
class ActivityFacts:
    held_on: datetime.date
    kind: str  # sessions.models.ActivityKind


@dataclass(slots=True)
class SuggestionFacts:
    id: int
    title: str
    assigned_on: datetime.date | None
    is_complex: bool
    replied_on: datetime.date | None
    due_on: datetime.date | None = None  # as stored when assigned; computed from the profile if missing
    session_id: int | None = None
    # An earlier round of handling (closed when the deputy was dissatisfied and it was assigned
    # again): its number; None for the suggestion's current round.
    round: int | None = None


@dataclass(frozen=True, slots=True)  # hashed: equal summaries are shared
class YearSummary:
    """What the year-level rules read of one township × year, up to the as-of date D: counted by
    the database when loaded (oversight.selectors), or from the sessions and activities
    (oversight.rules.summarise) when the facts carry no summary for the year."""

    year: int
    held: int = 0  # held sessions (quorum met) opening in the year
    budget_approved: bool = False  # for fiscal year Y, at a held session up to min(Dec 31, D)
    final_accounts_approved: bool = False  # for fiscal year Y − 1, at a held session in Y
    heard: frozenset[str] = frozenset()  # report kinds heard at a held session in Y
    recess_activities: int = 0  # inter-session deputy activities, training excluded
    specific_issue_hearing: bool = False  # a presidium-organised specific-issue hearing


@dataclass(slots=True)
class TownshipFacts:
    id: int
    code: str
    name: str
    kind: str
    established_on: datetime.date | None
    abolished_on: datetime.date | None
    profile: str  # congress.models.RuleProfile value (the county's)
    terms: tuple[TermFacts, ...] = ()
    sessions: tuple[SessionFacts, ...] = ()  # in opening order
    presidium_meetings: tuple[datetime.date, ...] = ()  # in date order
    activities: tuple[ActivityFacts, ...] = ()
    suggestions: tuple[SuggestionFacts, ...] = ()
    # Counted by the loader, one per year loaded: then `sessions` holds only the sessions a
    # session-level rule may flag (and planned ones), and `activities` is left empty.
    years: tuple[YearSummary, ...] = ()

    @property
    def has_congress(self) -> bool:
        return self.kind in CONGRESS_KINDS

    # congress.law's definitions; most townships have neither date, answered without a call.
    def existed_all_year(self, year: int) -> bool:
        if self.established_on is None and self.abolished_on is None:
            return True
        return law.existed_all_year(self.established_on, self.abolished_on, year)

    def existed_in(self, year: int) -> bool:
        if self.established_on is None and self.abolished_on is None:
            return True
        return law.existed_in_year(self.established_on, self.abolished_on, year)
