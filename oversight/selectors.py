"""Reading the compliance of townships: facts loaded in a fixed number of queries, then rules."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import QuerySet

from congress.models import Township
from oversight.results import TownshipYear


def compliance(
    *, townships: QuerySet[Township], years: Sequence[int], as_of: datetime.date | None = None
) -> list[TownshipYear]:
    """One TownshipYear per township and year, ordered by township code, then year.

    `as_of` (RULES.md's D) defaults to today in settings.TIME_ZONE. Years after D's year are not
    evaluated (left out).
    """
    raise NotImplementedError
