"""What must never be stored is refused by the database itself, so it holds for every writer
(admin, import, shell), and model validation says so first, at the field, naming it.

Each case: the database refuses the bad row (an UPDATE, which skips clean()); full_clean()
files the message under the field; the boundary value is accepted by both.
"""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from congress.models import Term
from tests.constraint_cases import (
    Case,
    check_boundary_is_allowed,
    check_database_refuses_a_negative_count,
    check_database_refuses_the_row,
    check_model_validation_names_the_field,
    check_model_validation_refuses_a_negative_count,
    count_fields,
)
from tests.factories import (
    CountyFactory,
    DeputyFactory,
    PresidiumMemberFactory,
    TermFactory,
    TownshipFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def second_term_of_a_township():
    term = TermFactory(ordinal=17, starts_on=datetime.date(2016, 12, 28), elected_on=None)
    return TermFactory(township=term.township, ordinal=18)


def second_county():
    CountyFactory(code="330106")
    return CountyFactory(code="330108")


def second_township():
    township = TownshipFactory()
    return TownshipFactory(county=township.county)


CASES = [
    Case(
        "county_code_six_digits",
        CountyFactory,
        bad=lambda c: {"code": "33010A"},
        good=lambda c: {"code": "000000"},
        field="code",
        message="Statistical code: a county's code is six digits.",
    ),
    Case(
        "county_code_unique",
        second_county,
        bad=lambda c: {"code": "330106"},
        good=lambda c: {"code": "330109"},
        field="code",
        message="Statistical code: another county already has this code.",
    ),
    Case(
        "township_code_nine_digits",
        TownshipFactory,
        bad=lambda t: {"code": f"{t.county.code}10A"},
        good=lambda t: {"code": f"{t.county.code}999"},
        field="code",
        message="Statistical code: a township's code is nine digits.",
    ),
    Case(
        "township_code_unique",
        second_township,
        bad=lambda t: {"code": t.county.townships.exclude(pk=t.pk).get().code},
        good=lambda t: {"code": f"{t.county.code}999"},
        field="code",
        message="Statistical code: another township already has this code.",
    ),
    Case(
        "township_abolished_after_established",
        lambda: TownshipFactory(established_on=datetime.date(2001, 3, 1)),
        bad=lambda t: {"abolished_on": t.established_on - DAY},
        good=lambda t: {"abolished_on": t.established_on},
        field="abolished_on",
        message="Abolished on: the date is before the date of establishment.",
    ),
    Case(
        "term_ordinal_unique_in_township",
        second_term_of_a_township,
        bad=lambda t: {"ordinal": 17},
        good=lambda t: {"ordinal": 19},
        field="ordinal",
        message="Term number: this township already has a term with this number.",
    ),
    Case(
        "term_ordinal_positive",
        TermFactory,
        bad=lambda t: {"ordinal": 0},
        good=lambda t: {"ordinal": 1},
        field="ordinal",
        message="Term number: must be 1 or more.",
    ),
    Case(
        "term_seat_quota_positive",
        TermFactory,
        bad=lambda t: {"seat_quota": 0},
        good=lambda t: {"seat_quota": 1},
        field="seat_quota",
        message="Seat quota: must be 1 or more.",
    ),
    Case(
        "term_ends_after_start",
        TermFactory,
        bad=lambda t: {"ends_on": t.starts_on - DAY},
        good=lambda t: {"ends_on": t.starts_on},
        field="ends_on",
        message="End of term: the date is before the start of the term.",
    ),
    Case(
        "term_elected_before_start",
        TermFactory,
        bad=lambda t: {"elected_on": t.starts_on + DAY},
        good=lambda t: {"elected_on": t.starts_on},
        field="elected_on",
        message="Election completed on: the election must be completed before the term starts.",
    ),
    Case(
        "deputy_leaves_after_taking_office",
        DeputyFactory,
        bad=lambda d: {"left_on": d.took_office_on - DAY},
        good=lambda d: {"left_on": d.took_office_on},
        field="left_on",
        message="Left office on: the date is before the deputy took office.",
    ),
    Case(
        "presidium_member_until_after_since",
        PresidiumMemberFactory,
        bad=lambda m: {"until": m.since - DAY},
        good=lambda m: {"until": m.since},
        field="until",
        message="Until: the date is before the start of membership.",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_database_refuses_the_row(case):
    check_database_refuses_the_row(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_model_validation_names_the_field(case):
    check_model_validation_names_the_field(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_boundary_is_allowed(case):
    check_boundary_is_allowed(case)


def test_every_constraint_of_the_institution_is_tested_and_filed_under_a_field():
    tested = {case.constraint for case in CASES}
    for model in apps.get_app_config("congress").get_models():
        for constraint in model._meta.constraints:
            assert constraint.name in tested, f"{model.__name__}.{constraint.name} has no case here"
            field = model.constraint_fields.get(constraint.name)
            assert field, f"{model.__name__}.{constraint.name}: no field in constraint_fields"
            model._meta.get_field(field)


NON_NEGATIVE = [
    (TermFactory, "ordinal"),
    (TermFactory, "seat_quota"),
    (DeputyFactory, "birth_year"),
]


@pytest.mark.parametrize(("factory", "field"), NON_NEGATIVE, ids=lambda v: getattr(v, "__name__", v))
def test_database_refuses_a_negative_count(factory, field):
    check_database_refuses_a_negative_count(factory(), field)


@pytest.mark.parametrize(("factory", "field"), NON_NEGATIVE, ids=lambda v: getattr(v, "__name__", v))
def test_model_validation_refuses_a_negative_count(factory, field):
    check_model_validation_refuses_a_negative_count(factory(), field)


def test_every_count_of_the_institution_is_checked_non_negative():
    assert set(count_fields("congress")) == {
        (factory._meta.model.__name__, field) for factory, field in NON_NEGATIVE
    }


def test_a_townships_code_begins_with_its_countys_code():
    township = TownshipFactory()
    township.code = "110101001"
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        township.full_clean()
    with translation.override("en"):
        assert invalid.value.message_dict["code"] == [
            "Statistical code: a township's code begins with its county's code."
        ]


def test_a_presidium_member_is_a_deputy_of_the_same_term():
    member = PresidiumMemberFactory()
    member.deputy = DeputyFactory()  # of another term
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        member.full_clean()
    with translation.override("en"):
        assert invalid.value.message_dict["deputy"] == ["Deputy: not a deputy of this term."]


def test_a_negative_count_is_refused_by_the_database_when_bulk_created():
    """bulk_create skips save() and clean() too: the database alone stands in the way."""
    township = TownshipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.bulk_create([TermFactory.build(township=township, seat_quota=-5)])
    assert not Term.objects.exists()
