"""`manage.py compliance`: RULES.md's output, in JSON and CSV."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import CountyFactory, SessionFactory, TermFactory, TownshipFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("compliance", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def county():
    county = CountyFactory(code="330106")
    TownshipFactory(county=county, code="330106002", name="乙镇")
    quiet = TownshipFactory(county=county, code="330106001", name="甲镇")
    SessionFactory(term=TermFactory(township=quiet), ordinal=5, present=10)
    TownshipFactory(county=county, code="330106003", name="城关街道")
    TownshipFactory(county=CountyFactory(code="330108"), code="330108001", name="丙镇")
    return county


def test_json_is_an_array_of_rules_md_objects_ordered_by_code(county):
    with translation.override("en"):
        text = run("--year", "2024", "--county", "330106", "--as-of", "2025-01-15", "--format", "json")
    data = json.loads(text)
    assert [c["township"]["code"] for c in data] == ["330106001", "330106002", "330106003"]
    first = data[0]
    assert first["township"] == {"code": "330106001", "name": "甲镇", "kind": "town"}
    assert first["year"] == 2024
    assert first["status"] == "violation"
    missing = next(f for f in first["flags"] if f["rule"] == "annual-session-missing")
    assert missing == {
        "rule": "annual-session-missing",
        "severity": "violation",
        "message": missing["message"],
        "basis": missing["basis"],
        "object": None,
    }
    assert missing["message"] and missing["basis"]
    assert data[2]["status"] == "not-applicable" and data[2]["flags"] == []
    # Pretty-printed, with Chinese as is.
    assert "\n  {" in text
    assert "甲镇" in text


def test_without_a_county_every_township_is_printed(county):
    data = json.loads(run("--year", "2024", "--as-of", "2025-01-15"))
    assert [c["township"]["code"] for c in data] == ["330106001", "330106002", "330106003", "330108001"]


def test_csv_is_one_row_per_flag_and_one_row_for_a_cell_without_flags(county):
    text = run("--year", "2024", "--county", "330106", "--as-of", "2025-01-15", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "township_code",
        "township_name",
        "township_kind",
        "year",
        "status",
        "rule",
        "severity",
        "message",
        "basis",
        "object_type",
        "object_id",
    ]
    street = [r for r in rows if r["township_code"] == "330106003"]
    assert len(street) == 1 and street[0]["rule"] == "" and street[0]["status"] == "not-applicable"
    quorum = [r for r in rows if r["rule"] == "quorum-not-met"]
    assert len(quorum) == 1
    assert quorum[0]["object_type"] == "session" and quorum[0]["object_id"].isdigit()
    json_flags = sum(
        len(c["flags"]) or 1
        for c in json.loads(run("--year", "2024", "--county", "330106", "--as-of", "2025-01-15"))
    )
    assert len(rows) == json_flags


def test_the_as_of_date_decides_whether_the_year_is_closed(county):
    in_progress = json.loads(run("--year", "2024", "--county", "330106", "--as-of", "2024-06-30"))
    rules = {f["rule"] for f in in_progress[0]["flags"]}
    assert "annual-session-missing" not in rules
    assert "annual-session-unscheduled" in rules


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "2024", "--county", "999999"],
        ["--year", "2024", "--as-of", "15.01.2025"],
        ["--year", "2025", "--as-of", "2024-12-31"],
    ],
)
def test_bad_arguments_are_refused(county, args):
    with pytest.raises(CommandError):
        run(*args)
