"""The matrix and flag exports: XLSX with headers, status fills, frozen panes and escaped
formulas; CSV in UTF-8 with a BOM; the dashboard's filters; a fixed cost in queries."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from oversight.exports import STATUS_FILLS
from tests.factories import TownshipFactory
from tests.oversight._dashboard_data import (
    county_staff,
    county_with_townships,
    lawful_year,
    replied_suggestion,
    township_staff,
)

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","点击")'


def export(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(f"oversight:{name}"), params)


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_township_staff_may_not_export(client):
    county, townships = county_with_townships(1)
    user = township_staff(county, townships)
    assert export(client, user, "export_matrix").status_code == 403
    assert export(client, user, "export_flags", format="csv").status_code == 403


def test_another_countys_export_is_not_found(client):
    county, _ = county_with_townships(1)
    other, _ = county_with_townships(1)
    assert export(client, county_staff(county), "export_matrix", county=other.code).status_code == 404


def test_matrix_xlsx_has_headers_status_fills_frozen_panes_and_widths(client):
    county, (lawful, missing) = county_with_townships(2)
    lawful_year(lawful, 2024)
    response = export(client, county_staff(county), "export_matrix", years="2023,2024", format="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="matrix-{county.code}-2023-2024.xlsx"' in response["Content-Disposition"]
    sheet = workbook(response).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == [
        gettext("Statistical code"),
        gettext("Township"),
        gettext("Kind"),
        gettext("%(year)s status") % {"year": 2023},
    ]
    assert gettext("%(year)s replied on time") % {"year": 2024} in headers
    assert sheet.freeze_panes == "D2"
    assert sheet.column_dimensions["B"].width == 18
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    status_2024 = headers.index(gettext("%(year)s status") % {"year": 2024})
    lawful_cell, missing_cell = rows[lawful.code][status_2024], rows[missing.code][status_2024]
    assert lawful_cell.fill.fgColor.rgb.endswith(STATUS_FILLS["ok"])
    assert missing_cell.fill.fgColor.rgb.endswith(STATUS_FILLS["violation"])
    flags_2024 = headers.index(gettext("%(year)s flags") % {"year": 2024})
    assert rows[missing.code][flags_2024].value >= 1
    sessions_2024 = headers.index(gettext("%(year)s sessions held") % {"year": 2024})
    assert rows[lawful.code][sessions_2024].value == 2


def test_a_formula_in_a_township_name_stays_text_in_xlsx(client):
    county, _ = county_with_townships(0)
    TownshipFactory(county=county, name=FORMULA)
    response = export(client, county_staff(county), "export_matrix", years="2024")
    cell = workbook(response).active["B2"]
    assert cell.value == FORMULA
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert cell.quotePrefix


def test_flags_xlsx_has_one_row_per_flag_with_rule_severity_and_basis(client):
    county, (lawful, missing) = county_with_townships(2)
    lawful_year(lawful, 2024)
    response = export(client, county_staff(county), "export_flags", years="2024")
    assert f'filename="flags-{county.code}-2024.xlsx"' in response["Content-Disposition"]
    sheet = workbook(response).active
    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        gettext(h)
        for h in (
            "Statistical code",
            "Township",
            "Kind",
            "Year",
            "Status",
            "Rule",
            "Rule name",
            "Severity",
            "Message",
            "Legal basis",
            "Evidence",
        )
    ]
    assert sheet.freeze_panes == "C2"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    lawful_rows = [row for row in rows if row[0] == lawful.code]
    assert len(lawful_rows) == 1 and lawful_rows[0][5] in (None, "")  # no flag: one row, empty rule
    missing_rules = {row[5] for row in rows if row[0] == missing.code}
    assert "annual-session-missing" in missing_rules
    annual = next(row for row in sheet.iter_rows(min_row=2) if row[5].value == "annual-session-missing")
    assert annual[7].fill.fgColor.rgb.endswith(STATUS_FILLS["violation"])
    assert annual[9].value  # the legal basis


def test_csv_starts_with_a_bom_and_escapes_formulas(client):
    county, _ = county_with_townships(0)
    TownshipFactory(county=county, name=FORMULA)
    TownshipFactory(county=county, name="-1+2镇")
    response = export(client, county_staff(county), "export_matrix", years="2024", format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="matrix-{county.code}-2024.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == [gettext("Statistical code"), gettext("Township"), gettext("Kind")]
    names = {row[1] for row in rows[1:]}
    assert names == {"'" + FORMULA, "'-1+2镇"}


def test_flags_csv_follows_the_dashboards_filters(client):
    county, (lawful, missing) = county_with_townships(2)
    lawful_year(lawful, 2024)
    response = export(
        client, county_staff(county), "export_flags", years="2024", status="violation", format="csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert rows and {row[0] for row in rows} == {missing.code}


def export_queries(client, name, years):
    client.get(reverse(f"oversight:{name}"), {"years": years})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(f"oversight:{name}"), {"years": years}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["export_matrix", "export_flags"])
def test_exports_cost_the_same_queries_for_few_or_many_townships(client, name):
    small_county, (small,) = county_with_townships(1)
    big_county, big = county_with_townships(6)
    for township in big:
        lawful_year(township, 2024)
        replied_suggestion(township, 2024)
    client.force_login(county_staff(small_county))
    small_count = export_queries(client, name, "2024")
    client.force_login(county_staff(big_county))
    assert export_queries(client, name, "2021,2022,2023,2024") == small_count
