"""What every service shares: the one validation helper and `model_update`.

The dialect (docs/contributing.md, "Services"): a service is named `<noun>_create`,
`<noun>_update`, `<noun>_delete` or after its act (`deputy_status_change`); it is keyword-only,
`@transaction.atomic`, and takes a REQUIRED keyword `acting_user` (the user the history entry
names; `None` said out loud means "the system": the demo generator, an import, a command). It
refuses with a ValidationError raised by `validate`, keyed by field, each message naming its
field; a form view takes it back through `congress.forms.submit`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from congress.history import audited


def merge_errors(errors: dict[str, list], error: ValidationError) -> dict[str, list]:
    """Add an error's messages (as text) to `errors`, each message once per field."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for field, messages in by_field.items():
        known = errors.setdefault(field, [])
        known.extend(m for m in messages if m not in known)
    return errors


def validate(
    instance: models.Model,
    *,
    errors: dict | None = None,
    exclude: Iterable[str] = (),
    validate_constraints: bool = True,
) -> None:
    """The one way a service refuses: `full_clean()` (the model files each constraint's message
    under its field), raised together with the `errors` the service found first, as one
    ValidationError keyed by field; a field already wrong is not checked again."""
    errors = {
        field: list(messages) if isinstance(messages, list) else [messages]
        for field, messages in (errors or {}).items()
    }
    try:
        instance.full_clean(
            exclude={*exclude, *(f for f in errors if f != NON_FIELD_ERRORS)},
            validate_constraints=validate_constraints,
        )
    except ValidationError as e:
        merge_errors(errors, e)
    if errors:
        raise ValidationError(errors)


def constraint_message(model: type[models.Model], name: str) -> str:
    """The message of one of the model's constraints, for a check made before full_clean()."""
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return constraint.get_violation_error_message()


def model_update(
    *, instance: models.Model, fields: Iterable[str], data: dict, acting_user
) -> tuple[models.Model, bool]:
    """HackSoft's update helper: set those of `fields` whose value in `data` differs, validate,
    and save only them (with a history entry naming `acting_user`). Returns the instance and
    whether anything changed; nothing changed means nothing is saved and no history entry.

    Services whose update needs checks across records validate themselves and do not use it."""
    changed = [name for name in fields if getattr(instance, name) != data[name]]
    for name in changed:
        setattr(instance, name, data[name])
    if not changed:
        return instance, False
    validate(instance)
    audited(instance, acting_user).save(update_fields=changed)
    return instance, True
