"""Writes of the oversight area: the county's choice of rule profile."""

from __future__ import annotations

from django.db import transaction

from congress.history import audited
from congress.models import County


@transaction.atomic
def county_profile_set(*, county: County, profile: str, user) -> County:
    """Set the rule profile a county applies (LAW.md §6). The change is kept in the county's
    history with the user who made it. Deadlines already computed (a suggestion's due day) are
    kept: a new profile applies to what is assigned from now on."""
    county.rule_profile = profile
    county.full_clean()
    audited(county, user).save(update_fields=["rule_profile"])
    return county
