"""`manage.py compliance --year 2024 [--county CODE] [--as-of 2025-01-15] --format json|csv`.

Prints the engine's township-year objects exactly as RULES.md "Output" shows them: JSON (an
array, pretty-printed, Chinese as is) or CSV (one row per flag; a cell with no flag is one row
with an empty rule). Messages are in the site's language (settings.LANGUAGE_CODE).
"""

from __future__ import annotations

import csv
import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from congress.models import County, Township
from oversight.selectors import compliance

CSV_COLUMNS = [
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


def as_of_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: not a date like 2025-01-15: {value!r}") from None


def csv_rows(cells):
    for cell in cells:
        data = cell.as_dict()
        township = data["township"]
        head = [township["code"], township["name"], township["kind"], data["year"], data["status"]]
        if not data["flags"]:
            yield [*head, "", "", "", "", "", ""]
        for flag in data["flags"]:
            obj = flag["object"] or {}
            yield [
                *head,
                flag["rule"],
                flag["severity"],
                flag["message"],
                flag["basis"],
                obj.get("type", ""),
                obj.get("id", ""),
            ]


class Command(BaseCommand):
    help = "Print the compliance of every township (or one county's) for a year, as RULES.md defines it."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The calendar year, e.g. 2024.")
        parser.add_argument("--county", help="Only this county's townships (its 6-digit code).")
        parser.add_argument("--as-of", type=as_of_date, help="The as-of date D (default: today).")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(
        self, *args, year: int, county: str | None, as_of: datetime.date | None, format: str, **options
    ):
        townships = Township.objects.all()
        if county:
            found = County.objects.filter(code=county).first()
            if found is None:
                raise CommandError(f"--county: no county with the code {county!r}.")
            townships = townships.filter(county=found)
        if as_of is not None and year > as_of.year:
            raise CommandError(f"--year: {year} is after the as-of date {as_of}; it is not evaluated.")
        with translation.override(settings.LANGUAGE_CODE):
            cells = compliance(townships=townships, years=[year], as_of=as_of)
            if not cells and townships.exists():
                raise CommandError(f"--year: {year} is after today; it is not evaluated.")
            if format == "json":
                self.stdout.write(json.dumps([c.as_dict() for c in cells], ensure_ascii=False, indent=2))
            else:
                writer = csv.writer(self.stdout, lineterminator="\n")
                writer.writerow(CSV_COLUMNS)
                writer.writerows(csv_rows(cells))
