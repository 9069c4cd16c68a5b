"""The county's view in a real browser: the dashboard, a red cell's flags, the year-end report,
and the dashboard at phone width. Saves docs/screenshots/dashboard*.png, township_year.png and
year_report.png."""

import datetime

import pytest

from congress.models import Role
from tests.factories import (
    CountyFactory,
    ResolutionFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)
from tests.oversight._dashboard_data import lawful_year, replied_suggestion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = ["城关镇", "白沙镇", "青山乡", "石门乡", "东岭镇", "西河镇", "红旗民族乡", "城东街道"]


def build_county():
    """A county over six years: mostly lawful, with the gaps a county looks for."""
    this_year = datetime.date.today().year
    county = CountyFactory(code="330782", name="义乌市", city_name="金华市", province_name="浙江省")
    townships = {
        name: TownshipFactory(county=county, code=f"330782{100 + i:03d}", name=name)
        for i, name in enumerate(NAMES)
    }
    for name, township in townships.items():
        if name.endswith("街道"):
            continue
        earlier = TermFactory(
            township=township,
            ordinal=17,
            elected_on=None,
            starts_on=datetime.date(2016, 12, 28),
            ends_on=datetime.date(2021, 12, 27),
        )
        term = TermFactory(township=township, ordinal=18)
        SessionFactory(term=term, ordinal=1, opens_at=aware(2021, 12, 28, 8, 30))
        lawful_year(township, 2021, term=earlier, ordinal=9)
        for year in range(2022, this_year + 1):
            if (name, year) == ("青山乡", 2024):
                continue  # skipped a whole year
            first, second = lawful_year(township, year, term=term)
            if (name, year) == ("石门乡", 2025):
                second.closes_at = aware(2025, 8, 20, 11, 30)  # three hours: too short
                second.save()
            if (name, year) == ("东岭镇", 2023):
                first.present = 25  # 25 of 45: no quorum
                first.save()
            ResolutionFactory(session=first, title="关于政府工作报告的决议")
            replied_suggestion(township, year, on_time=(name, year) != ("西河镇", 2025))
    SuggestionFactory(
        township=townships["白沙镇"],
        lead_deputy=townships["白沙镇"]
        .terms.get(ordinal=18)
        .deputies.create(name="王芳", gender="female", took_office_on=datetime.date(2021, 12, 28)),
        submitted_on=datetime.date(this_year, 3, 5),
        assigned_on=datetime.date(this_year, 3, 10),
        due_on=datetime.date(this_year, 6, 10),
        title="关于修缮白沙村村道的建议",
    )
    return county


def test_county_staff_open_a_red_cell_and_see_its_flags(page, login, screenshot):
    county = build_county()
    make_user(Role.COUNTY_STAFF, county, username="county")
    login("county", "pass-word-123")

    # County staff land on the dashboard.
    assert page.locator("table.matrix").is_visible()
    assert page.locator("td.status-violation").count() >= 3
    screenshot("dashboard")

    # The red cell of 青山乡 in 2024: no session that year.
    row = page.locator("table.matrix tbody tr", has_text="青山乡")
    cells = row.locator("td.cell")
    years = [
        int(text)
        for text in page.locator("table.matrix thead tr").first.locator("th.text-center").all_inner_texts()
    ]
    red = cells.nth(years.index(2024))
    assert "status-violation" in red.get_attribute("class")
    red.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert "/2024/" in page.url
    flags = page.locator(".flag-list .flag")
    assert flags.count() >= 1
    assert "2024" in flags.first.inner_text()
    assert page.locator(".flag-list .flag-violation").count() >= 1
    screenshot("township_year")

    # The year-end report: a printable sheet (its PDF is tested in tests/oversight/test_report.py).
    page.goto(f"{page.base_url}/county/{county.code}/report/2025/")
    assert page.locator("svg.bar-chart").count() >= 2
    screenshot("year_report")

    # At phone width: the matrix scrolls sideways, the cards stack.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{page.base_url}/county/")
    scroller = page.locator(".matrix-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    screenshot("dashboard_phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
