"""congress.history compares each historical record with the previous one itself rather than
with simple-history's `diff_against`, which reads values through `model_to_dict` and so skips
fields that forms may not edit — the very ones services set (a deputy's status and left-office
day, a township's kind). This pins that those changes are shown."""

import datetime

import pytest
from django.utils import translation

from congress.history import history_entries
from congress.models import Deputy, DeputyStatus
from tests.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def test_a_change_of_a_field_forms_may_not_edit_is_listed():
    deputy = DeputyFactory()
    assert not Deputy._meta.get_field("left_on").editable
    deputy.status = DeputyStatus.RESIGNED
    deputy.left_on = datetime.date(2024, 5, 1)
    deputy.save()
    with translation.override("en"):
        changed, _created = history_entries(Deputy.history.filter(id=deputy.pk))
    assert changed.action == "changed"
    assert [c.field for c in changed.changes] == ["status", "left office on"]
