"""The year-end report (年度工作统计报告): its figures, its charts, the PDF, access and cost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oversight.figures import chart, year_report
from sessions.models import ActivityKind, ElectionOffice
from tests.factories import (
    CandidateFactory,
    DeputyActivityFactory,
    ElectionFactory,
    ResolutionFactory,
    SessionFactory,
    TownshipFactory,
    aware,
)
from tests.oversight._dashboard_data import (
    AS_OF,
    county_staff,
    county_with_townships,
    lawful_year,
    replied_suggestion,
    township_staff,
)

pytestmark = pytest.mark.django_db


def report_url(county, year=2024):
    return reverse("oversight:year_report", args=[county.code, year])


def test_report_figures_are_the_countys_aggregates():
    county, (a, b, missing) = county_with_townships(3)
    TownshipFactory(county=county, name="城关街道")
    first, second = lawful_year(a, 2024)
    lawful_year(b, 2024)
    # A failed quorum: recorded, not held.
    SessionFactory(term=a.terms.first(), ordinal=30, opens_at=aware(2024, 11, 1, 9), present=20)
    # A two-day session and a short one.
    second.closes_at = aware(2024, 8, 21, 12, 30)
    second.save()
    ResolutionFactory(session=first)
    ResolutionFactory(session=first, adopted=False, votes_for=10)
    election = ElectionFactory(session=first, office=ElectionOffice.VICE_CHAIR, seats=2)
    CandidateFactory.create_batch(2, election=election, elected=True)
    CandidateFactory(election=election, elected=False, votes=3)
    DeputyActivityFactory(township=b, held_on=datetime.date(2024, 4, 1), kind=ActivityKind.TRAINING)
    replied_suggestion(a, 2024, on_time=True)
    replied_suggestion(b, 2024, on_time=False, satisfaction="dissatisfied")
    DeputyActivityFactory(township=a, held_on=datetime.date(2023, 4, 1))  # another year

    report = year_report(county=county, year=2024, as_of=AS_OF)

    assert (report.townships_held, report.congress_units, report.subdistricts) == (2, 3, 1)
    assert report.sessions_held == 4
    assert report.sessions_failed_quorum == 1
    assert report.multi_day_sessions == 1
    # Three sittings of 8 hours and one of 28 hours.
    assert report.average_hours == pytest.approx((3 * 8 + 28) / 4)
    assert (report.present, report.deputies_in_office) == (160, 180)
    reports = {kind: n for kind, _, n in report.reports_by_kind}
    assert reports["government_work"] == 2 and reports["specific_issue"] == 2
    assert (report.resolutions, report.resolutions_adopted) == (2, 1)
    assert (report.elections, report.seats, report.elected) == (1, 2, 2)
    activities = {kind: n for kind, _, n in report.activities_by_kind}
    assert activities == {"inspection": 2, "research": 2, "training": 1}
    assert report.suggestions.suggestions == 2
    assert report.suggestions.on_time_rate == 0.5
    assert report.dissatisfied == 1
    flagged = {item.rule: item.townships for item in report.by_rule}
    assert flagged["annual-session-missing"] == 1
    assert flagged["quorum-not-met"] == 1
    assert report.flagged_townships["annual-session-missing"] == [missing.name]


def test_bar_chart_scales_to_the_largest_value():
    bars = chart([("a", 4), ("b", 2), ("c", 0)]).bars
    assert [b.length for b in bars] == [360, 180, 0]
    assert [b.y for b in bars] == [0, 26, 52]


def test_report_page_is_printable_with_svg_charts_and_no_navigation(client):
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    client.force_login(county_staff(county))
    response = client.get(report_url(county))
    assert response.status_code == 200
    html = response.text
    assert "<svg" in html and "<rect" in html
    assert "navbar" not in html
    assert "@page" in html and "A4" in html
    assert "WenQuanYi Micro Hei" in html


def test_report_pdf_is_a_pdf_download(client):
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    client.force_login(county_staff(county))
    response = client.get(report_url(county), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="year-report-{county.code}-2024.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_report_access(client):
    county, townships = county_with_townships(1)
    other, _ = county_with_townships(1)
    assert client.get(report_url(county)).status_code == 302
    client.force_login(township_staff(county, townships))
    assert client.get(report_url(county)).status_code == 403
    client.force_login(county_staff(county))
    assert client.get(report_url(other)).status_code == 404
    assert client.get(report_url(county, datetime.date.today().year + 1)).status_code == 404


def report_queries(client, county):
    client.get(report_url(county))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(report_url(county)).status_code == 200
    return len(queries)


def test_report_costs_the_same_queries_for_few_or_many_townships(client):
    small, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    big, townships = county_with_townships(6)
    for township in townships:
        first, _ = lawful_year(township, 2024)
        ResolutionFactory(session=first)
        replied_suggestion(township, 2024)
    client.force_login(county_staff(small))
    small_count = report_queries(client, small)
    client.force_login(county_staff(big))
    assert report_queries(client, big) == small_count
