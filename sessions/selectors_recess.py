"""Reads between sessions: what is due, a deputy's whole term, the year's tallies.

Each function costs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from congress.models import Deputy, PresidiumMember, Township
from congress.profiles import profile_for
from sessions.models import (
    DUE_SOON_DAYS,
    ActivityKind,
    Attendance,
    AttendanceStatus,
    DeputyActivity,
    PresidiumMeeting,
    Session,
    SessionStatus,
    Suggestion,
    deputy_in_office_on,
)

# Art. 62 of the Deputies Law (2015 Art. 49): 「未经批准两次不出席本级人民代表大会会议的」.
ABSENCES_ENDING_STATUS = 2


@dataclass
class SuggestionsDue:
    """Unanswered suggestions past their due day, and those due within 14 days (today included)."""

    today: datetime.date
    overdue: list[Suggestion] = field(default_factory=list)
    due_soon: list[Suggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon)


def suggestions_due(township: Township, today: datetime.date | None = None) -> SuggestionsDue:
    """For the township's home page: one query."""
    today = today or timezone.localdate()
    result = SuggestionsDue(today=today)
    rows = (
        Suggestion.objects.filter(
            township=township,
            replied_on__isnull=True,
            due_on__isnull=False,
            due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("lead_deputy")
        .order_by("due_on", "pk")
    )
    for suggestion in rows:
        suggestion.days_left = (suggestion.due_on - today).days
        suggestion.days_late = max(0, (today - suggestion.due_on).days)
        (result.overdue if suggestion.due_on < today else result.due_soon).append(suggestion)
    return result


def record_years(queryset, date_field: str) -> list[int]:
    years = {d.year for d in queryset.dates(date_field, "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@dataclass
class MeetingYear:
    """A year of presidium meetings against the profile's maximum interval (if any)."""

    year: int
    count: int
    gaps: dict[int, int]  # meeting id → days since the previous meeting (or since Jan 1)
    longest_gap: int | None
    longest_gap_from: datetime.date | None
    longest_gap_to: datetime.date | None
    max_gap_days: int | None

    @property
    def gap_exceeded(self) -> bool:
        return (
            self.max_gap_days is not None
            and self.longest_gap is not None
            and self.longest_gap > self.max_gap_days
        )


def meeting_year(township: Township, year: int, today: datetime.date | None = None) -> MeetingYear:
    """The gaps between Jan 1, the meetings in date order and Dec 31 (or today, in the year in
    progress), as `presidium-meeting-gap` counts them: one query."""
    today = today or timezone.localdate()
    start, end = (
        datetime.date(year, 1, 1),
        min(datetime.date(year, 12, 31), max(today, datetime.date(year, 1, 1))),
    )
    rows = list(
        PresidiumMeeting.objects.filter(township=township, held_on__year=year)
        .order_by("held_on", "pk")
        .values_list("pk", "held_on")
    )
    gaps: dict[int, int] = {}
    previous = start
    spans: list[tuple[int, datetime.date, datetime.date]] = []
    for pk, held_on in rows:
        gaps[pk] = (held_on - previous).days
        spans.append((gaps[pk], previous, held_on))
        previous = held_on
    if end > previous:
        spans.append(((end - previous).days, previous, end))
    # The last of equally long gaps, as presidium-meeting-gap names it (the page must not
    # name another gap than the rule).
    longest = max(reversed(spans), key=lambda s: s[0], default=None)
    return MeetingYear(
        year=year,
        count=len(rows),
        gaps=gaps,
        longest_gap=longest[0] if longest else None,
        longest_gap_from=longest[1] if longest else None,
        longest_gap_to=longest[2] if longest else None,
        max_gap_days=profile_for(township.county.rule_profile).presidium_meeting_max_gap_days,
    )


@dataclass
class ActivityYear:
    """A year of inter-session deputy activities against the profile's minimum."""

    year: int
    by_kind: dict[str, int]
    minimum: int

    @property
    def counted(self) -> int:
        """RULES.md `few-recess-activities`: every kind counts except training."""
        return sum(n for kind, n in self.by_kind.items() if kind != ActivityKind.TRAINING)

    @property
    def specific_issue_hearings(self) -> int:
        return self.by_kind.get(ActivityKind.SPECIFIC_ISSUE_HEARING, 0)

    @property
    def short_of_minimum(self) -> int:
        return max(0, self.minimum - self.counted)


def activity_year(township: Township, year: int) -> ActivityYear:
    """One query."""
    rows = (
        DeputyActivity.objects.filter(township=township, held_on__year=year)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return ActivityYear(
        year=year,
        by_kind={row["kind"]: row["n"] for row in rows},
        minimum=profile_for(township.county.rule_profile).recess_activities_min,
    )


@dataclass
class SessionLine:
    session: Session
    status: str | None  # an AttendanceStatus value, or None where no roll call names the deputy


@dataclass
class DeputyRecord:
    """A deputy's whole term at a glance (代表法 Art. 58(2): the presidium records each deputy's
    work for reporting to voters)."""

    deputy: Deputy
    sessions: list[SessionLine]
    attendance: Counter
    activities: list[DeputyActivity]
    activity_kinds: list[tuple[str, int]]  # (kind's label, count), most frequent first
    meetings: list[PresidiumMeeting]
    presidium_roles: list[PresidiumMember]
    suggestions_led: list[Suggestion]
    suggestions_cosigned: list[Suggestion]

    @property
    def absences(self) -> int:
        return self.attendance[AttendanceStatus.ABSENT]

    @property
    def absences_end_status(self) -> bool:
        """代表法 Art. 62: two absences from sessions without leave end a deputy's status."""
        return self.absences >= ABSENCES_ENDING_STATUS

    @property
    def unrecorded(self) -> int:
        return sum(1 for line in self.sessions if line.status is None)


def deputy_record(deputy: Deputy) -> DeputyRecord:
    """Seven queries, whatever the length of the record. `deputy` comes with its term."""
    sessions = [
        s
        for s in Session.objects.filter(term_id=deputy.term_id, status=SessionStatus.HELD)
        .select_related("term__township")
        .order_by("opens_at", "pk")
        if deputy_in_office_on(deputy, s.opening_day)
    ]
    marks = dict(Attendance.objects.filter(deputy=deputy).values_list("session_id", "status"))
    lines = [SessionLine(session=s, status=marks.get(s.pk)) for s in sessions]
    activities = list(deputy.activities.order_by("-held_on", "-pk"))
    suggestions = Suggestion.objects.annotate(rounds_count=Count("rounds")).order_by("-submitted_on", "-pk")
    return DeputyRecord(
        deputy=deputy,
        sessions=lines,
        attendance=Counter(line.status for line in lines if line.status),
        activities=activities,
        activity_kinds=[
            (ActivityKind(k).label, n) for k, n in Counter(a.kind for a in activities).most_common()
        ],
        meetings=list(deputy.presidium_meetings.order_by("-held_on", "-pk")),
        presidium_roles=list(PresidiumMember.objects.filter(deputy=deputy).order_by("since", "pk")),
        suggestions_led=list(suggestions.filter(lead_deputy=deputy)),
        suggestions_cosigned=list(suggestions.filter(co_signers=deputy).select_related("lead_deputy")),
    )


def deputies_for_picker(
    township: Township, day: datetime.date, selected_ids=(), *, presidium_only: bool = False
) -> list[dict]:
    """The township's deputies in office on `day` (of the term in office that day, so each person
    once), or only its presidium members that day, and any already chosen who were not (so the form
    can show and drop them, marked not `offered`): one query. Presidium members are marked."""
    base = Deputy.objects.filter(term__township=township)
    presidium_ids = (
        PresidiumMember.objects.filter(term__township=township, term__starts_on__lte=day, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .filter(Q(term__ends_on__isnull=True) | Q(term__ends_on__gte=day))
        .values("deputy_id")
    )
    offered = base.in_office_on(day)
    if presidium_only:
        offered = offered.filter(pk__in=presidium_ids)
    deputies = list(
        base.filter(Q(pk__in=[int(pk) for pk in selected_ids]) | Q(pk__in=offered.values("pk")))
        .annotate(on_presidium=Exists(presidium_ids.filter(deputy_id=OuterRef("pk"))))
        .select_related("term")
        .order_by("name", "pk")
    )
    chosen = {int(pk) for pk in selected_ids}
    rows = []
    for d in deputies:
        in_office = d.in_office_on(day)
        rows.append(
            {
                "pk": d.pk,
                "name": d.name,
                "checked": d.pk in chosen,
                "in_office": in_office,
                "presidium": d.on_presidium,
                "offered": in_office and (d.on_presidium or not presidium_only),
            }
        )
    return rows
