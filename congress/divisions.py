"""Township-level units from the national statistics codes (统计用区划代码).

The kind of a unit follows from the ending of its official name; the national counts
(SOURCE.md: 镇 21,379 · 乡 7,165 · 民族乡 884 · 苏木 154 · 街道 9,112) are pinned by a test.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

TOWN = "town"
TOWNSHIP = "township"
ETHNIC_TOWNSHIP = "ethnic_township"
SUMU = "sumu"
ETHNIC_SUMU = "ethnic_sumu"
SUBDISTRICT = "subdistrict"
OTHER = "other"

# Kinds that have a people's congress of their own (组织法 Art. 2; RULES.md "congress unit").
CONGRESS_KINDS = frozenset({TOWN, TOWNSHIP, ETHNIC_TOWNSHIP, SUMU, ETHNIC_SUMU})


def classify(name: str) -> str:
    """The kind of a township-level unit, from the ending of its name.

    Ethnic townships carry the people's name before 乡 (回族乡, 土家族苗族乡, 民族乡), so any
    乡 whose name holds 族 is one; likewise 苏木. Units named 街道办事处 or 街道筹备处 are
    not counted as 街道 by the statistics (nor here): they fall under "other".
    """
    name = name.strip()
    if name.endswith("苏木"):
        return ETHNIC_SUMU if "族" in name else SUMU
    if name.endswith("街道"):
        return SUBDISTRICT
    if name.endswith("镇"):
        return TOWN
    if name.endswith("乡"):
        return ETHNIC_TOWNSHIP if "族" in name else TOWNSHIP
    return OTHER


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    county_code: str


@dataclass(frozen=True)
class CountyDivision:
    code: str
    name: str
    city_name: str
    province_name: str


def _rows(filename: str) -> Iterator[dict[str, str]]:
    with gzip.open(DATA_DIR / filename, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def townships(county_code: str | None = None) -> Iterator[Division]:
    """Every township-level unit, or those of one county, in code order."""
    for row in _rows("streets.csv.gz"):
        if county_code is None or row["areaCode"] == county_code:
            yield Division(code=row["code"], name=row["name"], county_code=row["areaCode"])


def county(code: str) -> CountyDivision | None:
    provinces = {row["code"]: row["name"] for row in _rows("provinces.csv.gz")}
    cities = {row["code"]: row["name"] for row in _rows("cities.csv.gz")}
    for row in _rows("areas.csv.gz"):
        if row["code"] == code:
            return CountyDivision(
                code=code,
                name=row["name"],
                city_name=cities.get(row["cityCode"], ""),
                province_name=provinces.get(row["provinceCode"], ""),
            )
    return None
