"""Who changed what and when: django-simple-history's records, read as a list of changes.

Generic over every model with `history = HistoricalRecords()`. A page passes the historical
querysets it wants to show (an object's own history and its children's) and renders the
result with `templates/_partials/history.html`::

    entries = history_entries(
        Session.history.filter(id=session.pk),
        AgendaItem.history.filter(session_id=session.pk),
        exclude=("session", "township"),
    )
    render(..., {"history": entries})          # {% include "_partials/history.html" with entries=history %}

Cost: one query per queryset, plus one per kind of object a changed foreign key points to —
a fixed number whatever the number of records. Many-to-many changes are not diffed (they would
cost a query per record); the record's other fields are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

CREATED, CHANGED, DELETED = "created", "changed", "deleted"
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}
ACTION_LABELS = {CREATED: _("created"), CHANGED: _("changed"), DELETED: _("deleted")}
LABEL_FIELDS = ("title", "name", "topic")
EMPTY = "—"


def audited(obj: models.Model, user) -> models.Model:
    """`obj`, whose next saved history record names `user` as who made the change (also outside a
    request, where the middleware knows no user)."""
    if user is not None and user.is_authenticated:
        obj._history_user = user
    return obj


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    user: str
    action: str  # created | changed | deleted
    model: str  # the record's kind, e.g. "agenda item"
    label: str  # which record, e.g. its title
    changes: tuple[FieldChange, ...] = field(default=())
    reason: str = ""

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]


def default_label(record) -> str:
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            return str(value)
    return f"#{record.id}"


def _user(record) -> str:
    user = record.history_user
    if user is None:
        return gettext("system")
    return user.get_full_name() or user.get_username()


def _tracked_fields(model, exclude: Iterable[str]) -> list[models.Field]:
    """The original model's concrete fields as the historical model holds them; a record's
    `version` (sessions.models.Versioned) is bookkeeping, not a change anyone made."""
    skip = {"id", "version", *exclude}
    return [f for f in model.instance_type._meta.concrete_fields if f.name not in skip and not f.primary_key]


class _Formatter:
    """Turns stored values into text; foreign keys are resolved in one query per related model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.resolved: dict[type[models.Model], dict] = {}

    def want(self, f: models.Field, value) -> None:
        if f.is_relation and value is not None:
            self.wanted[f.related_model].add(value)

    def resolve(self) -> None:
        for model, ids in self.wanted.items():
            # select_related() follows every non-null foreign key, so str() of the object
            # (a term's name includes its township's) costs no further query.
            self.resolved[model] = model._default_manager.select_related().in_bulk(ids)

    def text(self, f: models.Field, value) -> str:
        if value is None or value == "":
            return EMPTY
        if f.is_relation:
            obj = self.resolved.get(f.related_model, {}).get(value)
            return str(obj) if obj is not None else gettext("#%(id)s (deleted)") % {"id": value}
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(f, models.BooleanField):
            return gettext("yes") if value else gettext("no")
        if isinstance(f, models.DateTimeField):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(f, models.DateField):
            return date_format(value, "DATE_FORMAT")
        if isinstance(f, models.FileField):
            return PurePath(str(value)).name
        return Truncator(str(value)).chars(80)


def _changed_fields(
    record, previous, fields, formatter: _Formatter
) -> list[tuple[models.Field, object, object]]:
    """The fields a record set (a creation: every non-empty one) or changed against the
    previous record of its object, as (field, old, new); their related ids wanted by the
    formatter."""
    raw = []
    for f in fields:
        new = getattr(record, f.attname)
        if previous is None:
            if new in (None, ""):
                continue
            old = None
        else:
            old = getattr(previous, f.attname)
            if old == new:
                continue
        formatter.want(f, old)
        formatter.want(f, new)
        raw.append((f, old, new))
    return raw


def _pending_changes(queryset: models.QuerySet, exclude: tuple, formatter: _Formatter) -> Iterator[tuple]:
    """(record, action, verbose name, raw changes) for each record of the queryset worth showing:
    each compared with the previous record of the same object; a save that changed nothing
    (and gave no reason) is skipped."""
    model = queryset.model
    fields = _tracked_fields(model, exclude)
    verbose = model.instance_type._meta.verbose_name
    by_object: dict[int, list] = defaultdict(list)
    for record in queryset.select_related("history_user").order_by("history_date", "history_id"):
        by_object[record.id].append(record)
    for records in by_object.values():
        previous = None
        for record in records:
            action = ACTIONS.get(record.history_type, CHANGED)
            raw = [] if action == DELETED else _changed_fields(record, previous, fields, formatter)
            if action != CHANGED or raw or record.history_change_reason:
                yield record, action, verbose, raw
            previous = record


def _entry(record, action: str, verbose, raw, formatter: _Formatter, label) -> HistoryEntry:
    return HistoryEntry(
        when=record.history_date,
        user=_user(record),
        action=action,
        model=str(verbose),
        label=label(record),
        changes=tuple(
            FieldChange(
                field=str(f.verbose_name),
                old=formatter.text(f, old) if action == CHANGED else "",
                new=formatter.text(f, new),
            )
            for f, old, new in raw
        ),
        reason=record.history_change_reason or "",
    )


def history_entries(
    *querysets: models.QuerySet,
    exclude: Iterable[str] = (),
    label: Callable[[models.Model], str] = default_label,
    limit: int | None = None,
) -> list[HistoryEntry]:
    """The changes recorded in the given historical querysets, newest first.

    Each record is compared with the previous record of the same object: a creation lists
    the values it was created with, a change lists the fields that changed (old → new), a
    deletion lists nothing. `exclude` names fields never shown (e.g. the parent link). The
    related objects every change names are read afterwards, one query per model.
    """
    exclude = tuple(exclude)
    formatter = _Formatter()
    pending = [change for queryset in querysets for change in _pending_changes(queryset, exclude, formatter)]
    formatter.resolve()
    entries = [_entry(*change, formatter, label) for change in pending]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit] if limit is not None else entries
