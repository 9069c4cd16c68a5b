"""Two people at one record: optimistic locking of edits, one-time tokens of create forms.

An edit form carries the version of the record it was opened at; the update service calls
`check_version` in its transaction and refuses the save when someone saved in between, naming
what they changed (read from the history). A create form carries a one-time token; the create
service records through `once`, so a second POST of the same form returns what the first created.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress.history import history_entries
from sessions.models import FormToken, Versioned

M = TypeVar("M", bound=models.Model)


class VersionConflict(ValidationError):
    """The record was saved by someone else since the form was opened: the message says what
    they changed; `version` is the record's version now (the form offers it for a deliberate
    second save)."""

    def __init__(self, message: str, version: int):
        super().__init__({NON_FIELD_ERRORS: [message]})
        self.version = version


def check_version(record: Versioned, version: int) -> None:
    """Lock `record`'s row (to the end of the transaction) and refuse the save unless it is still
    at `version`, the one the form was opened at. The save then bumps the version."""
    current = type(record).objects.select_for_update().values_list("version", flat=True).get(pk=record.pk)
    if current != version:
        raise VersionConflict(_conflict_message(record, version), current)
    record.version = current


def _conflict_message(record: Versioned, version: int) -> str:
    history = type(record).history.filter(id=record.pk, version__gte=version)
    # Newest first; the oldest is the record as the form saw it, shown by none of the changes.
    entries = history_entries(history)
    if len(entries) > 1:
        entries = entries[:-1]
    changes = "; ".join(
        _("%(user)s at %(when)s: %(fields)s")
        % {
            "user": entry.user,
            "when": date_format(timezone.localtime(entry.when), "DATETIME_FORMAT"),
            "fields": ", ".join(f"{change.field} → {change.new}" for change in entry.changes) or "—",
        }
        for entry in entries
    )
    return _(
        "Not saved: someone else saved this record after you opened the form (%(changes)s). "
        "Your input is kept below: check it against their changes and save again."
    ) % {"changes": changes}


def once(form_token: uuid.UUID | None, model: type[M], acting_user, create: Callable[[], M]) -> M:
    """`create()`, once per form token: the token is recorded in the caller's transaction (a
    second POST waits on the unique key until the first commits), and a token already used
    returns what it created. Without a token (an import, the shell) it simply creates."""
    if form_token is None:
        return create()
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    content_type = ContentType.objects.get_for_model(model)
    try:
        with transaction.atomic():
            token = FormToken.objects.create(token=form_token, user=user, content_type=content_type)
    except IntegrityError:
        return _created_before(form_token, model, user, content_type)
    created = create()
    token.object_id = created.pk
    token.save(update_fields=["object_id"])
    return created


def _created_before(form_token: uuid.UUID, model: type[M], user, content_type) -> M:
    token = FormToken.objects.get(token=form_token)
    created = model._default_manager.filter(pk=token.object_id).first() if token.object_id else None
    if token.user_id != (user.pk if user else None) or token.content_type_id != content_type.pk:
        created = None
    if created is None:
        raise ValidationError(
            _("This form was already sent and what it recorded is gone: open the form again.")
        )
    return created
