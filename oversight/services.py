"""Writes of the oversight area: the county's choice of rule profile."""

from __future__ import annotations

from django.db import transaction

from congress.models import County
from congress.services_common import model_update


@transaction.atomic
def county_profile_change(*, county: County, profile: str, acting_user) -> County:
    """Set the rule profile a county applies (LAW.md §6). The change is kept in the county's
    history with the user who made it. Deadlines already computed (a suggestion's due day) are
    kept: a new profile applies to what is assigned from now on."""
    county, _changed = model_update(
        instance=county, fields=["rule_profile"], data={"rule_profile": profile}, acting_user=acting_user
    )
    return county
