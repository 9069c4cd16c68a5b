"""The one validation helper and model_update (congress.services_common)."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from congress.models import County, Term
from congress.services_common import merge_errors, model_update, validate
from tests.factories import CountyFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_validate_raises_the_services_errors_with_the_models_as_one_error_keyed_by_field():
    term = TermFactory.build(seat_quota=None, ordinal=None)
    with pytest.raises(ValidationError) as error:
        validate(term, errors={"starts_on": "Start of term: too early."})
    messages = error.value.message_dict
    assert messages["starts_on"] == ["Start of term: too early."]
    assert set(messages) >= {"starts_on", "seat_quota", "ordinal"}


def test_validate_does_not_check_a_field_already_wrong_again():
    term = TermFactory.build(seat_quota=None)
    with pytest.raises(ValidationError) as error:
        validate(term, errors={"seat_quota": ["Seat quota: found first."]})
    assert error.value.message_dict["seat_quota"] == ["Seat quota: found first."]


def test_validate_passes_a_valid_record():
    validate(TermFactory())


def test_merge_errors_keeps_each_message_once_and_files_a_plain_error_on_top():
    errors = merge_errors({"name": ["Name: required."]}, ValidationError({"name": ["Name: required."]}))
    merge_errors(errors, ValidationError("Wrong."))
    assert errors == {"name": ["Name: required."], NON_FIELD_ERRORS: ["Wrong."]}


def test_model_update_saves_only_what_changed_with_who_changed_it():
    county = CountyFactory(rule_profile="national")
    user = UserFactory()
    before = county.history.count()
    county, changed = model_update(
        instance=county, fields=["rule_profile"], data={"rule_profile": "zhejiang"}, acting_user=user
    )
    assert changed
    assert County.objects.get(pk=county.pk).rule_profile == "zhejiang"
    assert county.history.count() == before + 1
    assert county.history.first().history_user == user


def test_model_update_without_a_change_saves_nothing():
    county = CountyFactory(rule_profile="national")
    before = county.history.count()
    _county, changed = model_update(
        instance=county, fields=["rule_profile"], data={"rule_profile": "national"}, acting_user=None
    )
    assert not changed
    assert county.history.count() == before


def test_model_update_refuses_what_the_model_refuses():
    term = TermFactory()
    with pytest.raises(ValidationError) as error:
        model_update(instance=term, fields=["seat_quota"], data={"seat_quota": 0}, acting_user=None)
    assert "seat_quota" in error.value.message_dict
    assert Term.objects.get(pk=term.pk).seat_quota != 0  # nothing saved
