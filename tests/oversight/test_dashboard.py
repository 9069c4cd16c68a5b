"""The county dashboard: who may see it, what its matrix and summary say, its filters, and its
fixed cost in queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from congress.models import TownshipKind
from oversight.figures import Cell, Row, TownshipYearFigures
from oversight.filters import default_years
from oversight.templatetags.oversight import matrix_cell
from tests.factories import TownshipFactory, UserFactory
from tests.oversight._dashboard_data import (
    county_staff,
    county_with_townships,
    lawful_year,
    replied_suggestion,
)

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_township_staff_are_refused(client, world):
    response = get(client, world.staff)
    assert response.status_code == 403


def test_another_countys_code_is_not_found(client, world):
    response = get(client, world.county_staff, county=world.county_b.code)
    assert response.status_code == 404


def test_county_staff_see_their_countys_townships_only(client, world):
    response = get(client, world.county_staff, years="2024")
    assert response.status_code == 200
    assert world.t1.name in response.text
    assert world.t3.name not in response.text


def test_default_years_are_the_current_year_and_the_five_before():
    assert default_years(datetime.date(2026, 5, 1)) == [2021, 2022, 2023, 2024, 2025, 2026]


def test_the_matrix_defaults_to_six_years(client):
    county, _ = county_with_townships(1)
    response = get(client, county_staff(county))
    assert response.context["matrix"].years == default_years(datetime.date.today())


def test_each_cell_has_its_status_colour_icon_causes_and_link(client):
    county, (lawful, missing) = county_with_townships(2)
    lawful_year(lawful, 2024)
    response = get(client, county_staff(county), years="2024")
    rows = {row.township.pk: row for row in response.context["matrix"].rows}
    assert rows[lawful.pk].last.status == "ok"
    violation = rows[missing.pk].last
    assert violation.status == "violation"
    assert violation.flag_count >= 1
    html = response.text
    assert 'class="cell status-violation' in html
    assert "bi-x-octagon-fill" in html  # readable without colour
    assert '<span class="cell-causes">未开会、预算 +5</span>' in html  # the causes in words
    assert reverse("oversight:township_year", args=[missing.pk, 2024]) in html


def test_summary_counts_townships_that_held_a_session_and_rules(client):
    county, (lawful, missing) = county_with_townships(2)
    TownshipFactory(county=county, name="城关街道")  # a subdistrict owes no session
    lawful_year(lawful, 2024)
    response = get(client, county_staff(county), years="2023,2024")
    summary = response.context["matrix"].summary
    assert summary.year == 2024
    assert (summary.held, summary.must_hold) == (1, 2)
    by_rule = {item.rule: item for item in summary.by_rule}
    assert by_rule["annual-session-missing"].townships == 1
    assert by_rule["annual-session-missing"].severity == "violation"
    assert summary.statuses["not-applicable"] == 1
    assert [row.township for row in summary.at_risk_rows] == [missing]


def test_in_progress_year_lists_what_is_still_owed(client):
    county, (township,) = county_with_townships(1)
    this_year = datetime.date.today().year
    response = get(client, county_staff(county), years=str(this_year))
    summary = response.context["matrix"].summary
    assert summary.in_progress
    (row,) = summary.at_risk_rows
    assert row.last.result.owed
    assert escape(row.last.result.owed[0]) in response.text


def test_figures_per_township_and_year(client):
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    replied_suggestion(township, 2024, on_time=True)
    replied_suggestion(township, 2024, on_time=False, satisfaction="dissatisfied")
    response = get(client, county_staff(county), years="2024")
    figures = response.context["matrix"].rows[0].last.figures
    assert figures.sessions_held == 2
    assert figures.activities == 2
    assert figures.suggestions == 2
    assert figures.on_time_rate == 0.5
    assert figures.satisfaction_rate == 0.5
    assert response.context["matrix"].summary.totals.on_time_rate == 0.5


def test_a_cell_escapes_its_tooltip_marks_the_chosen_rule_and_shows_figures(client):
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    late = replied_suggestion(township, 2024, on_time=False)
    late.title = '<script>alert("修路")</script>'
    late.save()
    response = get(client, county_staff(county), years="2024", rule="suggestion-reply-overdue", figures="on")
    html = response.text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;修路&quot;)&lt;/script&gt;" in html  # in the cell's tooltip
    assert 'class="cell status-violation cell-rule"' in html
    assert '<span class="cell-figures">2 · 2 · 1 · 0%</span>' in html


def test_a_cell_not_evaluated_is_a_dash():
    township = TownshipFactory()
    cell = Cell(year=2030, result=None, figures=TownshipYearFigures())
    html = matrix_cell(Row(township=township, cells=[cell]), cell)
    assert html == '<td class="cell cell-empty text-center text-muted" title="未评估">—</td>'


def test_filter_by_kind_status_and_rule(client):
    county, (lawful, missing) = county_with_townships(2)
    lawful_year(lawful, 2024)
    township = TownshipFactory(county=county, name="东风乡")
    user = county_staff(county)

    def names(**params):
        response = get(client, user, years="2024", **params)
        return {row.township.name for row in response.context["matrix"].rows}

    assert names(kind=TownshipKind.TOWNSHIP) == {township.name}
    assert names(status="ok") == {lawful.name}
    assert names(rule="annual-session-missing") == {missing.name, township.name}
    assert names(status="no-such-status") == {lawful.name, missing.name, township.name}


def test_sort_by_violations_puts_the_most_flagged_first(client):
    county, (a, b, c) = county_with_townships(3)
    lawful_year(a, 2024)
    lawful_year(c, 2024)
    response = get(client, county_staff(county), years="2024", sort="violations")
    assert response.context["matrix"].rows[0].township == b


def test_superuser_picks_a_county(client):
    first, (t1,) = county_with_townships(1)
    second, (t2,) = county_with_townships(1)
    admin = UserFactory(is_superuser=True)
    response = get(client, admin, county=second.code, years="2024")
    assert [row.township for row in response.context["matrix"].rows] == [t2]
    assert f'value="{first.code}"' in response.text  # offered in the county select


def test_at_national_scale_the_superuser_types_a_county_code_instead_of_a_list(client, monkeypatch):
    first, _ = county_with_townships(1)
    second, (t2,) = county_with_townships(1)
    admin = UserFactory(is_superuser=True)
    monkeypatch.setattr("oversight.filters.COUNTY_CHOICES_MAX", 1)  # two counties are "many" here
    response = get(client, admin, county=second.code, years="2024")
    assert [row.township for row in response.context["matrix"].rows] == [t2]
    assert '<select name="county"' not in response.text
    assert (
        f'name="county" id="id_county" class="form-control form-control-sm" inputmode="numeric" pattern="[0-9]{{6}}" maxlength="6" value="{second.code}"'
        in response.text
    )
    assert f'value="{first.code}"' not in response.text


def dashboard_queries(client, user, years):
    client.force_login(user)
    client.get(URL, {"years": years})  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"years": years})
    assert response.status_code == 200
    return len(queries)


def test_dashboard_costs_the_same_queries_for_1_or_8_townships_and_2_or_6_years(client):
    small_county, (small,) = county_with_townships(1)
    lawful_year(small, 2024)
    big_county, big = county_with_townships(8)
    for township in big[:5]:
        lawful_year(township, 2023)
        lawful_year(township, 2024)
        replied_suggestion(township, 2024)
    small_count = dashboard_queries(client, county_staff(small_county), "2023,2024")
    big_count = dashboard_queries(client, county_staff(big_county), "2019,2020,2021,2022,2023,2024")
    assert small_count == big_count, (small_count, big_count)
