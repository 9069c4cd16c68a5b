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

from congress.forms import EMPTY_CHOICE, NamedErrorsMixin
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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _parse_day(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    try:
        return forms.DateField().clean(value)
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

    def __init__(self, *args, township: Township, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.township = township
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
        day.widget = DateInput()
        if refresh_url:
            # On a new day, fetch the deputies in office that day (the view answers htmx with
            # the same page; only #day-roster is swapped in).
            day.widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
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
                    d["name"] if d["in_office"] else f"{d['name']} ({gettext('not in office that day')})",
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

    def _roster(self, name) -> list[dict]:
        value = self._value(name)
        selected = _ids(value if isinstance(value, (list, tuple)) else [value])
        return deputies_for_picker(self.township, self.day, selected)

    def pickers(self) -> list[dict]:
        """What the template's deputy pickers show: one per picker field."""
        return [
            {
                "field": self[name],
                "deputies": self._roster(name),
                "day": self.day,
            }
            for name in self.picker_fields
        ]


class PresidiumMeetingForm(DayRosterForm):
    picker_fields = ("members_present",)

    class Meta:
        model = PresidiumMeeting
        fields = ["held_on", "topics", "decisions", "members_present"]
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class DeputyActivityForm(DayRosterForm):
    picker_fields = ("participants",)

    class Meta:
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
            "feedback_on": DateInput(),
        }


class SuggestionForm(DayRosterForm):
    day_field = "submitted_on"
    picker_fields = ("co_signers",)
    select_fields = ("lead_deputy",)

    class Meta:
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
            "assigned_on": DateInput(),
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
    class Meta:
        model = Suggestion
        fields = ["replied_on", "outcome"]
        widgets = {"replied_on": DateInput(), "outcome": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].required = True
        self.fields["outcome"].required = True
        self.fields["outcome"].choices = SuggestionOutcome.choices


class SuggestionSatisfactionForm(NamedErrorsMixin, forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    reassigned_on = forms.DateField(
        label=_("Assigned again on"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Only when the deputy is dissatisfied: the suggestion is handled again, with a new deadline."
        ),
    )


class AttendanceForm(forms.Form):
    """A session's roll call: one present / excused / absent choice per deputy called."""

    def __init__(self, *args, deputies: list[Deputy], marks: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies = deputies
        for deputy in deputies:
            self.fields[f"deputy_{deputy.pk}"] = forms.ChoiceField(
                label=deputy.name,
                choices=AttendanceStatus.choices,
                initial=marks.get(deputy.pk, AttendanceStatus.PRESENT),
                widget=forms.RadioSelect,
                error_messages={"required": _("Roll call: a mark for %(name)s.") % {"name": deputy.name}},
            )

    def rows(self):
        return [(deputy, self[f"deputy_{deputy.pk}"]) for deputy in self.deputies]

    def statuses(self) -> dict[int, str]:
        return {deputy.pk: self.cleaned_data[f"deputy_{deputy.pk}"] for deputy in self.deputies}
