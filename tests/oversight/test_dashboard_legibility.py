"""The dashboard's 10-second test (issue 9, item 8): a cell says what is wrong in words, with no
hover; a township still owing a session late in the year is listed as at risk; the Chinese
interface never shows a rule code (the exports and the API keep them)."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from oversight.figures import AT_RISK_WEEKS, at_risk
from oversight.rules import RULES, SHORT_TITLES
from tests.factories import ResolutionFactory
from tests.oversight._dashboard_data import (
    county_staff,
    county_with_townships,
    lawful_year,
    replied_suggestion,
)

pytestmark = pytest.mark.django_db

URL = reverse("oversight:dashboard")


class VisibleText(HTMLParser):
    """What a reader can see or hear: text outside <script>/<style>, and the attributes shown
    as tooltips or read aloud."""

    SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts.extend(value for name, value in attrs if name in self.SHOWN_ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def matrix_cell_text(html: str, township_pk: int, year: int) -> str:
    """The visible text of one cell of the matrix, located by its link."""
    link = reverse("oversight:township_year", args=[township_pk, year])
    cell = re.search(rf'<td class="cell [^"]*"><a href="{re.escape(link)}".*?</td>', html, re.DOTALL)
    return visible_text(cell.group())


def test_every_rule_has_a_short_chinese_title():
    assert set(SHORT_TITLES) == set(RULES)
    for code, short in SHORT_TITLES.items():
        with translation.override("en"):
            english = str(short)
        with translation.override("zh-hans"):
            chinese = str(short)
        assert chinese != english, f"{code}: short title not translated"
        assert len(chinese) <= 5, f"{code}: “{chinese}” is too long for a cell"


def test_a_red_cell_names_its_problem_in_words_without_hover(client):
    county, (missed, no_quorum, outvoted) = county_with_townships(3)
    first, _ = lawful_year(no_quorum, 2024)
    first.present = 25  # of 45: no quorum
    first.save()
    first, _ = lawful_year(outvoted, 2024)
    ResolutionFactory(session=first, title="关于修路的决议", votes_for=20, adopted=True)  # 20 of 45
    client.force_login(county_staff(county))
    html = client.get(URL, {"years": "2024"}, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "未开会" in matrix_cell_text(html, missed.pk, 2024)
    # The session's own fault first, before the budget it failed to approve.
    assert re.search(r'<span class="cell-causes">法定人数、预算', html)
    assert "票数" in matrix_cell_text(html, outvoted.pk, 2024)
    # A missed year fails several rules: two named, the rest counted.
    assert "+" in matrix_cell_text(html, missed.pk, 2024)


def test_rule_codes_never_show_in_the_chinese_interface(client):
    county, (missed, no_quorum) = county_with_townships(2)
    first, _ = lawful_year(no_quorum, 2024)
    first.present = 25
    first.save()
    client.force_login(county_staff(county))
    pages = [
        (URL, {"years": "2023,2024"}),
        (URL, {"years": "2024", "rule": "quorum-not-met"}),
        (reverse("oversight:township_year", args=[missed.pk, 2024]), {}),
        (reverse("oversight:township_year", args=[no_quorum.pk, 2024]), {}),
        (reverse("oversight:year_report", args=[county.code, 2024]), {}),
    ]
    for url, params in pages:
        response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200
        text = visible_text(response.text)
        assert "未开会" in text or "法定人数" in text or "全年未举行" in text, url
        shown = [code for code in RULES if code in text]
        assert not shown, f"{url}: rule codes shown to the reader: {shown}"


# ---------------------------------------------------------------------------------------------
# At risk


def test_at_risk_from_AT_RISK_WEEKS_before_the_year_end_while_a_session_is_owed():
    year = 2026
    threshold = datetime.date(year, 12, 31) - datetime.timedelta(weeks=AT_RISK_WEEKS)
    day_before = threshold - datetime.timedelta(days=1)
    assert at_risk(year=year, held=1, expected=2, as_of=threshold)
    assert not at_risk(year=year, held=1, expected=2, as_of=day_before)
    assert at_risk(year=year, held=0, expected=2, as_of=datetime.date(year, 12, 31))
    # Nothing owed: not at risk, however late.
    assert not at_risk(year=year, held=2, expected=2, as_of=datetime.date(year, 12, 20))
    # A closed year is judged by its flags, not at risk.
    assert not at_risk(year=year, held=1, expected=2, as_of=datetime.date(year + 1, 1, 5))


@pytest.mark.parametrize(("weeks_left", "listed"), [(AT_RISK_WEEKS, True), (AT_RISK_WEEKS + 2, False)])
def test_a_township_with_1_of_2_sessions_late_in_the_year_is_listed_at_risk(
    client, monkeypatch, weeks_left, listed
):
    year = timezone.localdate().year
    today = datetime.date(year, 12, 31) - datetime.timedelta(weeks=weeks_left)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    county, (township, on_track) = county_with_townships(2)
    first, second = lawful_year(township, year)
    second.delete()  # held 1 of 2
    lawful_year(on_track, year)  # held both
    client.force_login(county_staff(county))
    response = client.get(URL, {"years": str(year)}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    rows = {row.township.pk: row for row in response.context["matrix"].summary.at_risk_rows}
    assert rows[township.pk].last.at_risk is listed
    assert not (on_track.pk in rows and rows[on_track.pk].last.at_risk)
    html = response.text
    at_risk_list = html[
        html.index('class="list-group list-group-flush at-risk"') : html.index("matrix-scroll")
    ]
    assert ("有风险" in at_risk_list) is listed
    assert ("有风险" in matrix_cell_text(response.text, township.pk, year)) is listed


def test_a_cell_counts_the_flags_of_one_kind(client):
    county, (township,) = county_with_townships(1)
    lawful_year(township, 2024)
    replied_suggestion(township, 2024, on_time=False)
    replied_suggestion(township, 2024, on_time=False)
    client.force_login(county_staff(county))
    html = client.get(URL, {"years": "2024"}, HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert '<span class="cell-causes">建议逾期×2</span>' in html
