"""The shared harness of the constraint tests (tests/congress and tests/sessions): each case is
a constraint, a valid saved row, a bad change and the boundary change that is allowed.

Three checks per case: the database refuses the bad row (an UPDATE, which skips clean());
full_clean() files the message under the field, naming it; the boundary value is accepted by
both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation


@dataclass(frozen=True)
class Case:
    constraint: str
    make: Callable[[], models.Model]  # a valid, saved row
    bad: Callable[[models.Model], dict]
    good: Callable[[models.Model], dict]  # the boundary: allowed
    field: str
    message: str
    variant: str = ""
    # Named constraints the database may report; more than one when the bad row necessarily
    # breaks another too. By default the case's own, or none for a unique constraint (SQLite
    # names the columns, not the constraint).
    refused_by: tuple[str, ...] | None = None

    def __str__(self) -> str:
        return f"{self.constraint}-{self.variant}" if self.variant else self.constraint

    @property
    def reported_names(self) -> tuple[str, ...]:
        if self.refused_by is not None:
            return self.refused_by
        return () if "unique" in self.constraint else (self.constraint,)


def update_row(obj: models.Model, values: dict) -> None:
    """Write straight to the database: no clean(), no save()."""
    with transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**values)


def set_fields(obj: models.Model, values: dict) -> models.Model:
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def check_database_refuses_the_row(case: Case) -> None:
    obj = case.make()
    with pytest.raises(IntegrityError) as refused:
        update_row(obj, case.bad(obj))
    if case.reported_names:
        # The named check constraint refused it (SQLite and PostgreSQL both name it).
        assert any(name in str(refused.value) for name in case.reported_names), str(refused.value)


def check_model_validation_names_the_field(case: Case) -> None:
    obj = case.make()
    set_fields(obj, case.bad(obj))
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        obj.full_clean()
    with translation.override("en"):
        assert case.message in invalid.value.message_dict[case.field]
        assert "__all__" not in invalid.value.message_dict


def check_boundary_is_allowed(case: Case) -> None:
    obj = case.make()
    good = case.good(obj)
    set_fields(obj, good)
    obj.full_clean()
    update_row(obj, good)
    obj.refresh_from_db()
    for name, value in good.items():
        assert getattr(obj, name) == value


# Counts: a Positive*IntegerField is a non-negative check in the database and in validation.
POSITIVE_FIELDS = (
    models.PositiveSmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
)


def count_fields(app_label: str) -> list[tuple[str, str]]:
    """(model name, field) of every count of an app's record models."""
    from django.apps import apps

    return [
        (model.__name__, f.name)
        for model in apps.get_app_config(app_label).get_models()
        if not model.__name__.startswith("Historical")
        for f in model._meta.concrete_fields
        if isinstance(f, POSITIVE_FIELDS)
    ]


def check_database_refuses_a_negative_count(
    obj: models.Model, field: str, *, or_by_a_constraint=False
) -> None:
    """The column's own check refuses -1 (or, where allowed, a named constraint on the row that
    -1 necessarily breaks too)."""
    with pytest.raises(IntegrityError) as refused:
        update_row(obj, {field: -1})
    message = str(refused.value)
    named = or_by_a_constraint and any(c.name in message for c in type(obj)._meta.constraints)
    assert field in message or named, message


def check_model_validation_refuses_a_negative_count(obj: models.Model, field: str) -> None:
    set_fields(obj, {field: -1})
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        obj.full_clean()
    with translation.override("en"):
        assert "Ensure this value is greater than or equal to 0." in invalid.value.message_dict[field]
