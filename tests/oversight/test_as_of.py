"""RULES.md "Facts dated after D are not read": a session recorded as held but opening after the
as-of day D (26 days ahead, or in 2099) is not held — not by compliance(), the dashboard's
matrix and headline, nor the year-end report — and replies, satisfaction answers, presidium
meetings and activities dated after D are ignored by the figures too."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from congress.models import Township
from oversight.figures import county_matrix, township_year_figures, year_report
from oversight.selectors import compliance
from sessions.models import ReportKind, Session
from tests.factories import (
    DeputyActivityFactory,
    PresidiumMeetingFactory,
    ReportFactory,
    SessionFactory,
    TermFactory,
    aware,
)
from tests.oversight._dashboard_data import (
    county_staff,
    county_with_townships,
    lawful_year,
    replied_suggestion,
)

pytestmark = pytest.mark.django_db

D = datetime.date(2024, 11, 24)


def future_held_session(township, day: datetime.date, ordinal: int = 7) -> Session:
    """A session recorded as held, with a quorum and a budget approved, opening on `day`."""
    term = township.terms.first() or TermFactory(township=township)
    session = SessionFactory(term=term, ordinal=ordinal, opens_at=aware(day.year, day.month, day.day, 8, 30))
    ReportFactory(session=session, kind=ReportKind.BUDGET, outcome="approved", fiscal_year=day.year)
    return session


def test_a_session_recorded_held_26_days_after_d_is_not_held_by_the_engine():
    county, (township,) = county_with_townships(1)
    future_held_session(township, D + datetime.timedelta(days=26))
    with translation.override("en"):
        [cell] = compliance(townships=Township.objects.filter(pk=township.pk), years=[2024], as_of=D)
        assert "A session of the people's congress in 2024" in cell.owed
        assert "Approve the budget for 2024 at a session" in cell.owed
    # Not held yet, so it counts as planned: the year is scheduled, not unscheduled.
    assert [f.rule for f in cell.flags] == []
    assert cell.status == "pending"
    # On its opening day it is held.
    [cell] = compliance(
        townships=Township.objects.filter(pk=township.pk), years=[2024], as_of=D + datetime.timedelta(days=26)
    )
    assert not any("2024" in item and "session" in item.lower() for item in cell.owed)


def test_a_session_recorded_held_after_d_is_not_counted_by_the_dashboard_or_the_year_report():
    county, (township, other) = county_with_townships(2)
    future_held_session(township, D + datetime.timedelta(days=26))
    future_held_session(other, datetime.date(2099, 3, 5))
    matrix = county_matrix(townships=Township.objects.filter(county=county), years=[2024], as_of=D)
    assert (matrix.summary.held, matrix.summary.must_hold) == (0, 2)
    assert [row.last.figures.sessions_held for row in matrix.rows] == [0, 0]
    report = year_report(county=county, year=2024, as_of=D)
    assert (report.sessions_held, report.townships_held, report.reports_total) == (0, 0, 0)
    # 2099 from today: still ahead, nothing held.
    figures = township_year_figures(townships=Township.objects.filter(county=county), years=[2099], as_of=D)
    assert sum(f.sessions_held for f in figures.values()) == 0
    assert year_report(county=county, year=2099, as_of=D).sessions_held == 0
    # The day it opens, it counts.
    matrix = county_matrix(
        townships=Township.objects.filter(county=county), years=[2024], as_of=D + datetime.timedelta(days=26)
    )
    assert matrix.summary.held == 1
    assert year_report(county=county, year=2024, as_of=D + datetime.timedelta(days=26)).sessions_held == 1


def test_the_dashboard_headline_does_not_count_a_session_ahead_of_today(client):
    county, (township,) = county_with_townships(1)
    today = timezone.localdate()
    future_held_session(township, today + datetime.timedelta(days=26))
    future_held_session(township, datetime.date(2099, 3, 5), ordinal=8)
    client.force_login(county_staff(county))
    response = client.get(reverse("oversight:dashboard"), {"years": str(today.year)})
    summary = response.context["matrix"].summary
    assert (summary.held, summary.must_hold) == (0, 1)
    assert response.context["matrix"].rows[0].last.figures.sessions_held == 0


def test_figures_ignore_replies_satisfaction_meetings_and_activities_after_d():
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    replied_suggestion(township, 2024)  # due and replied Jun 20, satisfied
    as_of = datetime.date(2024, 6, 19)  # the day before the reply
    figures = township_year_figures(
        townships=Township.objects.filter(pk=township.pk), years=[2024], as_of=as_of
    )[(township.pk, 2024)]
    # Sessions of Mar 5 (held) and Aug 20 (not yet); the activity of Jun 12 only.
    assert (figures.sessions_held, figures.activities) == (1, 1)
    assert (figures.suggestions, figures.replied, figures.satisfaction_recorded, figures.settled) == (
        1,
        0,
        0,
        0,
    )
    on_the_day = township_year_figures(
        townships=Township.objects.filter(pk=township.pk), years=[2024], as_of=datetime.date(2024, 6, 20)
    )[(township.pk, 2024)]
    assert (on_the_day.replied, on_the_day.satisfaction_recorded, on_the_day.satisfied) == (1, 1, 1)
    PresidiumMeetingFactory(township=township, held_on=datetime.date(2024, 10, 1))
    DeputyActivityFactory(township=township, held_on=datetime.date(2024, 10, 2))
    report = year_report(county=county, year=2024, as_of=datetime.date(2024, 9, 30))
    # Meeting of Feb 20 (not Oct 1); activities of Jun 12 and Sep 1 (not Oct 2).
    assert (report.presidium_meetings, report.activities_total) == (1, 2)
