"""manage.py load_divisions --county CODE: a real county's township-level units from the national
statistics codes (congress/data, read through congress.divisions)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congress.models import TownshipKind
from congress.services import county_load


class Command(BaseCommand):
    help = "Load a county's township-level units from the national statistics codes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--county", required=True, metavar="CODE", help="six-digit county code, e.g. 410422"
        )

    def handle(self, *args, county: str, **options):
        code = county.strip()
        try:
            loaded, kinds = county_load(code=code, acting_user=None)
        except LookupError:
            raise CommandError(
                _("County: no county-level unit has the code %(code)s in the national statistics.")
                % {"code": code}
            ) from None
        self.stdout.write(
            _("%(county)s (%(code)s): %(count)s township-level units")
            % {"county": loaded.full_name, "code": loaded.code, "count": sum(kinds.values())}
        )
        for kind in TownshipKind:
            if kinds[kind.value]:
                self.stdout.write(f"  {kind.label}: {kinds[kind.value]}")
