"""manage.py seed_demo [--if-empty | --reset] [--force]: the demo county (demo/county.py).

With DEBUG off the site may be a real one, where accounts with the published demo password
would let anyone in: the command refuses unless --force, and then gives new demo accounts an
unusable password (the county administrator sets real ones) rather than the published one.
"""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo import county as demo


class Command(BaseCommand):
    help = "Load the demo county: real townships, five years of record with deliberate gaps, demo accounts."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--if-empty", action="store_true", help="do nothing when the demo county is already loaded"
        )
        group.add_argument("--reset", action="store_true", help="delete the demo county and build it again")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="build the record as of this day (default: today); its year is the year in progress",
        )

        parser.add_argument(
            "--force",
            action="store_true",
            help="load it with DEBUG off too; the demo accounts then get no usable password",
        )

    def handle(self, *args, if_empty: bool, reset: bool, today: datetime.date | None, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off, so this may be a production site: the demo county is not loaded. "
                    "Use --force to load it anyway (its accounts then get no usable password)."
                )
            )
        if if_empty and demo.demo_county() is not None:
            self.stdout.write(_("The demo county is already loaded."))
            return
        started = time.monotonic()
        if reset and demo.demo_delete():
            self.stdout.write(_("Deleted the demo county."))
        try:
            result = demo.demo_build(today=today, reset_passwords=reset, published_password=settings.DEBUG)
        except LookupError as error:  # the statistics data lacks the demo county
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Demo county %(county)s: record built for %(built)s townships "
                "(%(sessions)s sessions, %(deputies)s deputies) in %(seconds).1f s; %(accounts)s accounts."
            )
            % {
                "county": result.county.full_name,
                "built": len(result.built),
                "sessions": result.counts["Session"],
                "deputies": result.counts["Deputy"],
                "seconds": time.monotonic() - started,
                "accounts": len(result.accounts),
            }
        )
