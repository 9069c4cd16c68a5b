"""manage.py load_divisions --county CODE: a real county's township-level units from the national
statistics codes (congress/data, read through congress.divisions)."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext

from congress import divisions
from congress.models import County, Township, TownshipKind


@transaction.atomic
def county_load(*, code: str) -> tuple[County, Counter[str]]:
    """Create or update the county with `code` and its township-level units, as the national
    statistics list them; the kind of each unit follows from its name (Township.save).

    Idempotent: a second run changes nothing. The county's rule profile and a unit's manual
    kind override or dates, which the statistics do not hold, are left as they are.
    Returns the county and the number of its units per kind. Raises LookupError for an
    unknown code.
    """
    division = divisions.county(code)
    if division is None:
        raise LookupError(code)
    names = {"name": division.name, "city_name": division.city_name, "province_name": division.province_name}
    county = County.objects.filter(code=code).first() or County(code=code)
    if county.pk is None or any(getattr(county, key) != value for key, value in names.items()):
        # Saved only when something changed: every save writes a history entry.
        for key, value in names.items():
            setattr(county, key, value)
        county.full_clean()
        county.save()
    units = list(divisions.townships(code))
    existing = {t.code: t for t in Township.objects.filter(code__in=[unit.code for unit in units])}
    kinds: Counter[str] = Counter()
    for unit in units:
        township = existing.get(unit.code)
        if township is None:
            township = Township(code=unit.code)
        elif township.county_id == county.pk and township.name == unit.name:
            kinds[township.kind] += 1
            continue
        township.county = county
        township.name = unit.name
        township.full_clean()
        township.save()
        kinds[township.kind] += 1
    return county, kinds


class Command(BaseCommand):
    help = "Load a county's township-level units from the national statistics codes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--county", required=True, metavar="CODE", help="six-digit county code, e.g. 410422"
        )

    def handle(self, *args, county: str, **options):
        code = county.strip()
        try:
            loaded, kinds = county_load(code=code)
        except LookupError:
            raise CommandError(
                gettext("County: no county-level unit has the code %(code)s in the national statistics.")
                % {"code": code}
            ) from None
        self.stdout.write(
            gettext("%(county)s (%(code)s): %(count)s township-level units")
            % {"county": loaded.full_name, "code": loaded.code, "count": sum(kinds.values())}
        )
        for kind in TownshipKind:
            if kinds[kind.value]:
                self.stdout.write(f"  {kind.label}: {kinds[kind.value]}")
