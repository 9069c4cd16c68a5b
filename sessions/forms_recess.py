"""Forms between sessions. They parse and show; the services (sessions.services_recess) decide.

Deputy pickers list the township's deputies in office on the form's day (the meeting's, the
activity's, the suggestion's submission). When the day changes the picker is fetched again
(htmx), so staff pick from the roster of that day; the service refuses anyone else with a
message naming the field.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.fields import DayField, DayFieldsMeta
from congress.forms import EMPTY_CHOICE, NamedErrorsMixin, WriteGuardMixin
from congress.models import Deputy, Township
from sessions.models import (
    AttendanceStatus,
    DeputyActivity,
    PresidiumMeeting,
    Satisfaction,
    Session,
    Suggestion,
    SuggestionOutcome,
)
from sessions.selectors_recess import deputies_for_picker


def _parse_day(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return DayField().clean(value)
    except forms.ValidationError:
        return None


def _ids(values) -> list[int]:
    out = []
    for value in values or ():
        pk = getattr(value, "pk", value)
        try:
            out.append(int(pk))
        except (TypeError, ValueError):
            continue
    return out


class DayRosterForm(NamedErrorsMixin, forms.ModelForm):
    """A record of a day with deputies picked from that day's roster."""

    day_field = "held_on"
    picker_fields: tuple[str, ...] = ()
    select_fields: tuple[str, ...] = ()

    # Pickers that offer the presidium members of the day only (a presidium meeting's).
    presidium_fields: tuple[str, ...] = ()

    def __init__(self, *args, township: Township, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.township = township
        self._rosters: dict[tuple, list[dict]] = {}
        deputies = Deputy.objects.filter(term__township=township).select_related("term")
        for name in (*self.picker_fields, *self.select_fields):
            field = self.fields[name]
            field.queryset = deputies
            label = field.label
            field.error_messages["invalid_choice"] = _("%(field)s: not a deputy of this township.") % {
                "field": label
            }
            field.error_messages["invalid_pk_value"] = field.error_messages["invalid_choice"]
        for name in self.picker_fields:
            self.fields[name].widget = forms.CheckboxSelectMultiple()
        day = self.fields[self.day_field]
        if refresh_url:
            # On a new day, fetch the deputies in office that day (the view answers htmx with
            # the same page; only #day-roster is swapped in). A text box fires change again when
            # left: `changed` keeps that from swapping the roster under the next tick.
            day.widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change changed",
                    "hx-include": "closest form",
                    "hx-select": "#day-roster",
                    "hx-target": "#day-roster",
                    "hx-swap": "outerHTML",
                }
            )
        for name in self.select_fields:
            self.fields[name].choices = [("", EMPTY_CHOICE)] + [
                (
                    d["pk"],
                    d["name"] if d["offered"] else f"{d['name']} ({gettext('not in office that day')})",
                )
                for d in self._roster(name)
            ]

    def _value(self, name):
        if self.is_bound:
            return (
                self.data.getlist(self.add_prefix(name))
                if name in self.picker_fields
                else self.data.get(self.add_prefix(name))
            )
        value = self.initial.get(name)
        if value is None and self.instance.pk:
            value = (
                list(getattr(self.instance, name).values_list("pk", flat=True))
                if name in self.picker_fields
                else getattr(self.instance, f"{name}_id", None)
            )
        return value

    @property
    def day(self) -> datetime.date:
        return _parse_day(self._value(self.day_field)) or timezone.localdate()

    def _roster(
        self, name, day: datetime.date | None = None, selected: list[int] | None = None
    ) -> list[dict]:
        """The deputies a field offers on `day` (the day typed), with those `selected` (those
        ticked): read once per day and choice, however often the page and clean() ask."""
        day = day or self.day
        if selected is None:
            value = self._value(name)
            selected = _ids(value if isinstance(value, (list, tuple)) else [value])
        key = (name, day, tuple(sorted(selected)))
        if key not in self._rosters:
            self._rosters[key] = deputies_for_picker(
                self.township, day, selected, presidium_only=name in self.presidium_fields
            )
        return self._rosters[key]

    def clean(self):
        """Refuse a deputy the day's roster does not offer: the picker was filled for another day,
        or the page was old, and the day submitted is the one that counts."""
        data = super().clean()
        day = data.get(self.day_field)
        if day is None:
            return data
        for name in (*self.picker_fields, *self.select_fields):
            chosen = data.get(name)
            if not chosen:
                continue
            chosen = list(chosen) if name in self.picker_fields else [chosen]
            offered = {d["pk"] for d in self._roster(name, day, [d.pk for d in chosen]) if d["offered"]}
            message = (
                _("%(field)s: %(name)s was not a member of the presidium on %(date)s.")
                if name in self.presidium_fields
                else _("%(field)s: %(name)s was not a deputy in office on %(date)s.")
            )
            for deputy in chosen:
                if deputy.pk not in offered:
                    self.add_error(
                        name,
                        message
                        % {"field": self.fields[name].label, "name": deputy.name, "date": day.isoformat()},
                    )
        return data

    def pickers(self) -> list[dict]:
        """What the template's deputy pickers show: one per picker field."""
        return [
            {
                "field": self[name],
                "deputies": self._roster(name),
                "day": self.day,
                "presidium_only": name in self.presidium_fields,
            }
            for name in self.picker_fields
        ]


class PresidiumMeetingForm(WriteGuardMixin, DayRosterForm):
    """组织法 Art. 19: the presidium meets; its members of the day are the ones offered (the model
    records members present only, so no other attendee is offered)."""

    picker_fields = ("members_present",)
    presidium_fields = ("members_present",)

    class Meta(DayFieldsMeta):
        model = PresidiumMeeting
        fields = ["held_on", "topics", "decisions", "members_present"]
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class DeputyActivityForm(WriteGuardMixin, DayRosterForm):
    picker_fields = ("participants",)

    class Meta(DayFieldsMeta):
        model = DeputyActivity
        fields = [
            "held_on",
            "kind",
            "topic",
            "participants",
            "findings",
            "government_feedback",
            "feedback_on",
        ]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 3}),
            "government_feedback": forms.Textarea(attrs={"rows": 3}),
        }


class SuggestionForm(WriteGuardMixin, DayRosterForm):
    day_field = "submitted_on"
    picker_fields = ("co_signers",)
    select_fields = ("lead_deputy",)

    class Meta(DayFieldsMeta):
        model = Suggestion
        fields = [
            "session",
            "submitted_on",
            "lead_deputy",
            "co_signers",
            "title",
            "content",
            "category",
            "handling_unit",
            "assigned_on",
            "is_complex",
            "handling_report_session",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "assigned_on": _(
                "The reply is due from this day (交办): 3 months, 6 if complex, by the county's profile."
            ),
            "session": _("Leave empty for a suggestion submitted between sessions."),
        }

    def __init__(self, *args, township: Township, **kwargs):
        super().__init__(*args, township=township, **kwargs)
        sessions = (
            Session.objects.filter(township=township).select_related("term__township").order_by("-opens_at")
        )
        self.fields["session"].queryset = sessions
        self.fields["handling_report_session"].queryset = sessions
        for name in ("session", "handling_report_session"):
            self.fields[name].label_from_instance = lambda s: s.full_name
        for name, listname in (("category", "suggestion-categories"), ("handling_unit", "handling-units")):
            self.fields[name].widget.attrs["list"] = listname


class SuggestionReplyForm(NamedErrorsMixin, forms.ModelForm):
    class Meta(DayFieldsMeta):
        model = Suggestion
        fields = ["replied_on", "outcome"]
        widgets = {"outcome": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].required = True
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = SuggestionOutcome.choices


class SuggestionSatisfactionForm(NamedErrorsMixin, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    reassigned_on = DayField(
        label=_("Assigned again on"),
        required=False,
        help_text=_(
            "Only when the deputy is dissatisfied: the suggestion is handled again, with a new deadline."
        ),
    )


class AttendanceForm(forms.Form):
    """A session's roll call: one present / excused / absent choice per deputy called. Each
    starts from the deputy's recorded mark, or none: the session's present count does not say
    who was there."""

    def __init__(self, *args, deputies: list[Deputy], marks: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies = deputies
        for deputy in deputies:
            self.fields[f"deputy_{deputy.pk}"] = forms.ChoiceField(
                label=deputy.name,
                choices=AttendanceStatus.choices,
                initial=marks.get(deputy.pk),
                widget=forms.RadioSelect,
                error_messages={"required": _("Roll call: a mark for %(name)s.") % {"name": deputy.name}},
            )

    def rows(self):
        return [(deputy, self[f"deputy_{deputy.pk}"]) for deputy in self.deputies]

    def statuses(self) -> dict[int, str]:
        return {deputy.pk: self.cleaned_data[f"deputy_{deputy.pk}"] for deputy in self.deputies}
