"""The county's figures: per township × year counts for the dashboard, and the year-end report
(年度工作统计报告). Every figure is an aggregate computed by the database, in a fixed number of
queries whatever the number of townships and years.

Conventions (the same as the rule engine's, so a figure never contradicts a flag):
- a *held session* is one recorded as held, opening in the year, with a quorum (congress.law,
  组织法 Art. 14(4)); facts dated after the as-of day D are not read (RULES.md): a session
  opening after D is not held, a reply after D is not given;
- *inter-session deputy activities* count every kind except training (RULES.md
  `few-recess-activities`);
- a suggestion belongs to the year it was submitted in; it is *answered on time* when its
  reply is dated on or before its due day (代表法 2025 Art. 51(2)); the on-time rate is taken
  over the suggestions whose fate is known on the as-of day: replied, or past their due day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, TruncDate
from django.utils import timezone

from congress import divisions, law
from congress.models import County, Township
from congress.profiles import profile_for
from oversight.results import PENDING, STATUSES, VIOLATION, WARNING, TownshipYear
from oversight.selectors import compliance
from sessions.models import (
    ActivityKind,
    Candidate,
    DeputyActivity,
    Election,
    PresidiumMeeting,
    Report,
    ReportKind,
    Resolution,
    Satisfaction,
    Session,
    SessionKind,
    Suggestion,
    day_after_as_of,
)


def years_span(first: int, last: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[Jan 1 of `first`, Jan 1 of `last` + 1) as aware datetimes in the site's time zone."""
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(first, 1, 1, tzinfo=tz),
        datetime.datetime(last + 1, 1, 1, tzinfo=tz),
    )


def rate(part: int, whole: int) -> float | None:
    """part / whole as a fraction, or None when there is nothing to divide by."""
    return part / whole if whole else None


def must_hold_session(township: Township, year: int) -> bool:
    """A congress unit that existed the whole year owes a session (组织法 Art. 14(1))."""
    return township.kind in divisions.CONGRESS_KINDS and law.existed_all_year(
        township.established_on, township.abolished_on, year
    )


# ---------------------------------------------------------------------------------------------
# Township × year figures (the dashboard's columns, the township-year page, the matrix export)


@dataclass
class TownshipYearFigures:
    sessions_held: int = 0
    activities: int = 0
    suggestions: int = 0
    replied: int = 0
    replied_on_time: int = 0
    # Suggestions whose fate is known on the as-of day: replied, or past their due day.
    settled: int = 0
    satisfied: int = 0  # satisfied or basically satisfied
    satisfaction_recorded: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.replied_on_time, self.settled)

    @property
    def satisfaction_rate(self) -> float | None:
        return rate(self.satisfied, self.satisfaction_recorded)

    def add(self, other: TownshipYearFigures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _suggestion_counts(as_of: datetime.date) -> dict:
    # A reply dated after D had not been given on D, nor judged by the deputy (the satisfaction
    # answer, undated, judges the reply).
    replied = Q(replied_on__lte=as_of)
    on_time = replied & Q(due_on__isnull=False, replied_on__lte=F("due_on"))
    settled = Q(due_on__isnull=False) & (replied | Q(due_on__lt=as_of))
    satisfied = replied & Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED])
    return {
        "suggestions": Count("pk"),
        "replied": Count("pk", filter=replied),
        "replied_on_time": Count("pk", filter=on_time),
        "settled": Count("pk", filter=settled),
        "satisfied": Count("pk", filter=satisfied),
        "satisfaction_recorded": Count("pk", filter=replied & ~Q(satisfaction="")),
    }


def _per_township_year(queryset: QuerySet, day_field: str, **counts) -> QuerySet:
    """One row of `counts` per township and year of `day_field` (order_by(): no default ordering
    may split the groups)."""
    return (
        queryset.annotate(year=ExtractYear(day_field))
        .values("township_id", "year")
        .annotate(**counts)
        .order_by()
    )


def township_year_figures(
    *, townships: QuerySet[Township], years: Sequence[int], as_of: datetime.date | None = None
) -> dict[tuple[int, int], TownshipYearFigures]:
    """Figures keyed by (township id, year), for every township of the queryset and every year
    (zeros where nothing was recorded), from the facts dated up to D. Three queries, whatever the
    numbers."""
    as_of = as_of or timezone.localdate()
    years = sorted(set(years))
    if not years:
        return {}
    first, last = years[0], years[-1]
    start, end = years_span(first, last)
    last_day = min(datetime.date(last, 12, 31), as_of)
    figures: dict[tuple[int, int], TownshipYearFigures] = {}

    def at(township_id: int, year: int) -> TownshipYearFigures:
        return figures.setdefault((township_id, year), TownshipYearFigures())

    sessions = _per_township_year(
        Session.objects.filter(
            township__in=townships, opens_at__gte=start, opens_at__lt=end
        ).counting_as_held(as_of),
        "opens_at",
        n=Count("pk"),
    )
    for row in sessions:
        at(row["township_id"], row["year"]).sessions_held = row["n"]

    activities = _per_township_year(
        DeputyActivity.objects.filter(
            township__in=townships,
            held_on__gte=datetime.date(first, 1, 1),
            held_on__lte=last_day,
        ).exclude(kind=ActivityKind.TRAINING),
        "held_on",
        n=Count("pk"),
    )
    for row in activities:
        at(row["township_id"], row["year"]).activities = row["n"]

    suggestions = _per_township_year(
        Suggestion.objects.filter(
            township__in=townships,
            submitted_on__gte=datetime.date(first, 1, 1),
            submitted_on__lte=last_day,
        ),
        "submitted_on",
        **_suggestion_counts(as_of),
    )
    for row in suggestions:
        item = at(row["township_id"], row["year"])
        for name in (
            "suggestions",
            "replied",
            "replied_on_time",
            "settled",
            "satisfied",
            "satisfaction_recorded",
        ):
            setattr(item, name, row[name])
    return figures


# ---------------------------------------------------------------------------------------------
# The dashboard: a township × year matrix and the chosen year's summary


@dataclass
class Cell:
    year: int
    result: TownshipYear | None  # None: a year after the as-of day's, not evaluated
    figures: TownshipYearFigures
    at_risk: bool = False  # see at_risk(); set for the chosen year's cells only

    @property
    def status(self) -> str | None:
        return self.result.status if self.result else None

    @property
    def flag_count(self) -> int:
        return len(self.result.flags) if self.result else 0

    def has_rule(self, rule: str) -> bool:
        return bool(self.result) and any(f.rule == rule for f in self.result.flags)


@dataclass
class Row:
    township: Township
    cells: list[Cell]

    @property
    def violations(self) -> int:
        return sum(
            1
            for cell in self.cells
            if cell.result
            for flag in cell.result.flags
            if flag.severity == VIOLATION
        )

    @property
    def last(self) -> Cell:
        return self.cells[-1]


@dataclass
class RuleCount:
    rule: str
    severity: str
    flags: int = 0
    townships: int = 0


@dataclass
class Summary:
    year: int
    in_progress: bool
    must_hold: int = 0
    held: int = 0
    by_rule: list[RuleCount] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    # Townships whose chosen-year cell needs attention (violation, warning, pending), gravest first.
    at_risk_rows: list[Row] = field(default_factory=list)
    totals: TownshipYearFigures = field(default_factory=TownshipYearFigures)


@dataclass
class Matrix:
    years: list[int]
    rows: list[Row]
    summary: Summary


# The last quarter: a session is announced a month ahead (RULES.md `session-not-announced`) and
# takes weeks to prepare, so a session still owed this late needs the county's attention now.
AT_RISK_WEEKS = 13


def at_risk(*, year: int, held: int, expected: int, as_of: datetime.date) -> bool:
    """Whether a township-year is at risk: its year is in progress on `as_of`, it still owes a
    session — fewer held than its profile's `sessions_expected` — and Dec 31 is at most
    AT_RISK_WEEKS away. Only for a township that must hold sessions (must_hold_session)."""
    weeks_left = (datetime.date(year, 12, 31) - as_of).days / 7
    return as_of.year == year and held < expected and weeks_left <= AT_RISK_WEEKS


def _attention(row: Row) -> tuple:
    """The order of the at-risk list: violations, warnings, then at-risk, then pending cells."""
    cell = row.last
    return (STATUSES.index(cell.status), not cell.at_risk, row.township.code)


def rule_counts(results: Iterable[TownshipYear]) -> list[RuleCount]:
    """Flags per rule code, with the number of townships flagged; most flags first."""
    counts: dict[str, RuleCount] = {}
    townships: dict[str, set[int]] = {}
    for result in results:
        for flag in result.flags:
            item = counts.setdefault(flag.rule, RuleCount(rule=flag.rule, severity=flag.severity))
            item.flags += 1
            if flag.severity == VIOLATION:
                item.severity = VIOLATION
            townships.setdefault(flag.rule, set()).add(result.township.id)
    for rule, item in counts.items():
        item.townships = len(townships[rule])
    return sorted(counts.values(), key=lambda c: (c.severity != VIOLATION, -c.flags, c.rule))


def county_matrix(
    *,
    townships: QuerySet[Township],
    years: Sequence[int],
    as_of: datetime.date,
    status: str = "",
    rule: str = "",
    sort: str = "code",
) -> Matrix:
    """The dashboard's matrix and summary. The summary covers every township of `townships`;
    `status` and `rule` keep the rows with such a cell (in any of the years); `sort` orders
    the rows by code, name or the number of violation flags (most first)."""
    years = sorted(set(years))
    township_list = list(townships.select_related("county").order_by("code"))
    results = compliance(townships=townships, years=years, as_of=as_of)
    by_key = {(r.township.id, r.year): r for r in results}
    figures = township_year_figures(townships=townships, years=years, as_of=as_of)
    rows = [
        Row(
            township=t,
            cells=[
                Cell(
                    year=y,
                    result=by_key.get((t.id, y)),
                    figures=figures.get((t.id, y), TownshipYearFigures()),
                )
                for y in years
            ],
        )
        for t in township_list
    ]
    summary = year_summary(rows, year=years[-1], as_of=as_of)
    rows = chosen_rows(rows, status=status, rule=rule, sort=sort)
    return Matrix(years=years, rows=rows, summary=summary)


def year_summary(rows: list[Row], *, year: int, as_of: datetime.date) -> Summary:
    """The dashboard's summary of the rows' last year (`year`); marks the cells at risk."""
    summary = Summary(year=year, in_progress=year >= as_of.year)
    summary.statuses = dict.fromkeys(STATUSES, 0)
    results = []
    for row in rows:
        cell = row.last
        summary.totals.add(cell.figures)
        if cell.result is None:
            continue
        results.append(cell.result)
        summary.statuses[cell.result.status] += 1
        if must_hold_session(row.township, year):
            summary.must_hold += 1
            if cell.figures.sessions_held:
                summary.held += 1
            cell.at_risk = at_risk(
                year=year,
                held=cell.figures.sessions_held,
                expected=profile_for(row.township.county.rule_profile).sessions_expected,
                as_of=as_of,
            )
        if cell.result.status in (VIOLATION, WARNING, PENDING):
            summary.at_risk_rows.append(row)
    summary.by_rule = rule_counts(results)
    summary.at_risk_rows.sort(key=_attention)
    return summary


def chosen_rows(rows: list[Row], *, status: str, rule: str, sort: str) -> list[Row]:
    """The rows with a cell of the status and one flagged by the rule (in any year; either
    filter left out when empty), ordered by code, name or violations (most first)."""
    if status:
        rows = [row for row in rows if any(cell.status == status for cell in row.cells)]
    if rule:
        rows = [row for row in rows if any(cell.has_rule(rule) for cell in row.cells)]
    if sort == "name":
        rows.sort(key=lambda row: (row.township.name, row.township.code))
    elif sort == "violations":
        rows.sort(key=lambda row: (-row.violations, row.township.code))
    return rows


# ---------------------------------------------------------------------------------------------
# The year-end report (年度工作统计报告)


# An SVG bar chart's geometry, in user units of its viewBox (the template draws it).
CHART_ROW = 26
CHART_VALUE_ROOM = 50  # right of the longest bar, for its value


@dataclass
class Bar:
    label: str
    value: int
    length: float = 0  # the bar's length
    y: int = 0  # the top of its row
    css: str = ""


@dataclass
class Chart:
    bars: list[Bar]
    width: int
    label_width: int

    @property
    def height(self) -> int:
        return len(self.bars) * CHART_ROW + 4


def chart(
    items: Iterable[tuple[str, int] | tuple[str, int, str]], *, width: int = 640, label_width: int = 230
) -> Chart:
    """Horizontal bars scaled to the largest value: (label, value[, css class]) each."""
    items = list(items)
    top = max((item[1] for item in items), default=0)
    longest = width - label_width - CHART_VALUE_ROOM
    bars = []
    for index, item in enumerate(items):
        label, value = item[0], item[1]
        css = item[2] if len(item) > 2 else ""
        length = longest * value / top if top else 0
        bars.append(Bar(label=str(label), value=value, length=round(length, 1), y=index * CHART_ROW, css=css))
    return Chart(bars=bars, width=width, label_width=label_width)


# Half a page wide: two charts side by side.
HALF = {"width": 400, "label_width": 150}


@dataclass
class YearReport:
    county: County
    year: int
    as_of: datetime.date
    in_progress: bool
    congress_units: int = 0
    subdistricts: int = 0
    townships_held: int = 0
    sessions_held: int = 0
    regular_sessions: int = 0
    extraordinary_sessions: int = 0
    sessions_failed_quorum: int = 0
    multi_day_sessions: int = 0
    average_hours: float | None = None
    deputies_in_office: int = 0
    present: int = 0
    reports_by_kind: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, label, n)
    reports_total: int = 0
    resolutions: int = 0
    resolutions_adopted: int = 0
    elections: int = 0
    seats: int = 0
    elected: int = 0
    presidium_meetings: int = 0
    activities_by_kind: list[tuple[str, str, int]] = field(default_factory=list)
    activities_total: int = 0
    suggestions: TownshipYearFigures = field(default_factory=TownshipYearFigures)
    dissatisfied: int = 0
    by_rule: list[RuleCount] = field(default_factory=list)
    flagged_townships: dict[str, list[str]] = field(default_factory=dict)  # rule → township names
    statuses: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    @property
    def attendance_rate(self) -> float | None:
        return rate(self.present, self.deputies_in_office)

    @property
    def held_rate(self) -> float | None:
        return rate(self.townships_held, self.congress_units)

    def reports_chart(self) -> Chart:
        return chart(((label, n) for _, label, n in self.reports_by_kind), **HALF)

    def activities_chart(self) -> Chart:
        return chart(((label, n) for _, label, n in self.activities_by_kind), **HALF)

    def rules_chart(self, titles: dict) -> Chart:
        """Townships flagged, per rule."""
        return chart((titles.get(c.rule, c.rule), c.townships, f"bar-{c.severity}") for c in self.by_rule)


def year_report(*, county: County, year: int, as_of: datetime.date | None = None) -> YearReport:
    """年度工作统计报告: what a county standing committee reports on its township congresses'
    work in a year. A fixed number of queries (about a dozen), however many townships."""
    as_of = as_of or timezone.localdate()
    townships = Township.objects.filter(county=county)
    report = YearReport(county=county, year=year, as_of=as_of, in_progress=year >= as_of.year)
    # Facts dated after D are not read (RULES.md): the year as it stood on D.
    start, end = years_span(year, year)
    end = min(end, day_after_as_of(as_of))
    first_day, last_day = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), as_of)

    add_engine_figures(report, county_matrix(townships=townships, years=[year], as_of=as_of))
    add_session_figures(
        report, Session.objects.filter(township__county=county, opens_at__gte=start, opens_at__lt=end)
    )
    add_between_session_figures(report, county, first_day, last_day)
    return report


def add_engine_figures(report: YearReport, matrix: Matrix) -> None:
    """The rule engine's figures of the year: statuses, flags, townships held and flagged."""
    report.rows = matrix.rows
    report.statuses = matrix.summary.statuses
    report.congress_units = matrix.summary.must_hold
    report.townships_held = matrix.summary.held
    report.subdistricts = sum(1 for row in matrix.rows if row.township.kind == divisions.SUBDISTRICT)
    report.by_rule = matrix.summary.by_rule
    report.suggestions = matrix.summary.totals
    for row in matrix.rows:
        result = row.last.result
        if result is None:
            continue
        for rule in sorted({f.rule for f in result.flags}):
            report.flagged_townships.setdefault(rule, []).append(row.township.name)


def add_session_figures(report: YearReport, sessions_in_year: QuerySet[Session]) -> None:
    """The sessions opening in the year up to D, and what was done at those held."""
    held = sessions_in_year.counting_as_held(report.as_of)
    length = ExpressionWrapper(F("closes_at") - F("opens_at"), output_field=DurationField())
    totals = held.annotate(
        opens_on=TruncDate("opens_at"), closes_on=TruncDate("closes_at"), sitting=length
    ).aggregate(
        n=Count("pk"),
        regular=Count("pk", filter=Q(kind=SessionKind.REGULAR)),
        extraordinary=Count("pk", filter=Q(kind=SessionKind.EXTRAORDINARY)),
        multi_day=Count("pk", filter=Q(closes_on__gt=F("opens_on"))),
        timed=Count("pk", filter=Q(closes_at__isnull=False)),
        sitting_total=Sum("sitting"),
        deputies=Sum("deputies_in_office"),
        present=Sum("present"),
    )
    report.sessions_held = totals["n"]
    report.regular_sessions = totals["regular"]
    report.extraordinary_sessions = totals["extraordinary"]
    report.multi_day_sessions = totals["multi_day"]
    if totals["timed"] and totals["sitting_total"] is not None:
        report.average_hours = _hours(totals["sitting_total"]) / totals["timed"]
    report.deputies_in_office = totals["deputies"] or 0
    report.present = totals["present"] or 0
    report.sessions_failed_quorum = (
        sessions_in_year.recorded_as_held().filter(present__isnull=False).exclude(law.quorum_met_q()).count()
    )

    labels = dict(ReportKind.choices)
    by_kind = dict(
        Report.objects.filter(session__in=held).values_list("kind").annotate(n=Count("pk")).order_by()
    )
    report.reports_by_kind = [(k, str(labels[k]), by_kind[k]) for k in labels if by_kind.get(k)]
    report.reports_total = sum(by_kind.values())

    resolutions = Resolution.objects.filter(session__in=held).aggregate(
        n=Count("pk"), adopted=Count("pk", filter=Q(adopted=True))
    )
    report.resolutions, report.resolutions_adopted = resolutions["n"], resolutions["adopted"]
    elections = Election.objects.filter(session__in=held).aggregate(n=Count("pk"), seats=Sum("seats"))
    report.elections, report.seats = elections["n"], elections["seats"] or 0
    report.elected = Candidate.objects.filter(election__session__in=held, elected=True).count()


def add_between_session_figures(
    report: YearReport, county: County, first_day: datetime.date, last_day: datetime.date
) -> None:
    """Presidium meetings, deputy activities and dissatisfied suggestions of the year up to D."""
    report.presidium_meetings = PresidiumMeeting.objects.filter(
        township__county=county, held_on__gte=first_day, held_on__lte=last_day
    ).count()
    activity_labels = dict(ActivityKind.choices)
    activities = dict(
        DeputyActivity.objects.filter(township__county=county, held_on__gte=first_day, held_on__lte=last_day)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    report.activities_by_kind = [
        (k, str(activity_labels[k]), activities[k]) for k in activity_labels if activities.get(k)
    ]
    report.activities_total = sum(activities.values())
    report.dissatisfied = Suggestion.objects.filter(
        township__county=county,
        submitted_on__gte=first_day,
        submitted_on__lte=last_day,
        replied_on__lte=report.as_of,
        satisfaction=Satisfaction.DISSATISFIED,
    ).count()


def _hours(value) -> float:
    """A summed duration as hours (a timedelta, or microseconds where the backend has no interval)."""
    if isinstance(value, datetime.timedelta):
        return value.total_seconds() / 3600
    return float(value) / 3_600_000_000
