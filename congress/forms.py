"""Forms of the roster: terms, deputies, status changes, the presidium, the roster's day.

The forms parse and show; the services (congress.services) decide. A view passes the cleaned
data to a service through `submit`, which hands a ValidationError back to the form: each message
lands on the field it names.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Sequence
from typing import TypeVar

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from congress.fields import DayField, DayFieldsMeta
from congress.models import Deputy, DeputyStatus, DeputyStatusChange, PresidiumMember, Term

# The 56 ethnic groups recognised in China (民族), in the customary order; stored by name.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]


# Each message names its field first, like the models' ("Present: …").
FIELD_MESSAGES = {
    "required": _("%(field)s: required."),
    "max_length": _("%(field)s: at most %(limit_value)s characters."),
    "invalid_choice": _("%(field)s: choose one of the options."),
}
INTEGER_MESSAGES = {
    "invalid": _("%(field)s: enter a whole number."),
    "min_value": _("%(field)s: must be %(limit_value)s or more."),
    "max_value": _("%(field)s: must be %(limit_value)s or less."),
}
TIME_MESSAGES = {"invalid": _("%(field)s: enter a time such as 08:30.")}
FILE_MESSAGES = {
    "required": _("%(field)s: choose a file."),
    "empty": _("%(field)s: the file is empty."),
    "invalid": _("%(field)s: not a file."),
    "missing": _("%(field)s: choose a file."),
}


# A select's empty choice: Django's "---------" says nothing to a reader.
EMPTY_CHOICE = _("(choose)")


def _name_the_empty_choice(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = EMPTY_CHOICE
    elif isinstance(field, forms.ChoiceField):
        field.choices = [
            (value, EMPTY_CHOICE if (value, label) == BLANK_CHOICE_DASH[0] else label)
            for value, label in field.choices
        ]


class NamedErrorsMixin:
    """Every field's error messages begin with the field's name (the models' style)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            messages = dict(FIELD_MESSAGES)
            if isinstance(field, forms.IntegerField):
                messages |= INTEGER_MESSAGES
            elif isinstance(field, forms.TimeField):
                messages |= TIME_MESSAGES
            elif isinstance(field, forms.FileField):
                messages |= FILE_MESSAGES
            if field.label:
                field.label = capfirst(field.label)
            _name_the_empty_choice(field)
            label = str(field.label) if field.label else ""
            for code, template in messages.items():
                # Django fills in %(limit_value)s itself when it raises the error.
                field.error_messages[code] = str(template) % {
                    "field": label,
                    "limit_value": "%(limit_value)s",
                }


class WriteGuardMixin:
    """The two hidden fields that keep two writers from undoing each other (sessions.concurrency):
    an edit form carries the `version` of the record it was opened at (from the instance, or the
    `version` in `initial`); a create form carries a one-time `form_token`, fresh on each new form.
    `guard_kwargs()` is what the service takes of them: `version=` for an edit, `form_token=` for a
    creation. The token is optional (a client that is not the page records as before); the version
    of an edit is not (an edit without it would silently undo whatever was saved meanwhile)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.initial.setdefault("version", instance.version)
        self.editing = "version" in self.initial
        self.fields["version"] = forms.IntegerField(required=self.editing, widget=forms.HiddenInput)
        self.fields["form_token"] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial["form_token"] = uuid.uuid4()
        expired = _("This form has expired: open it again.")
        for name in ("version", "form_token"):
            self.fields[name].error_messages |= {"required": expired, "invalid": expired}

    def guard_kwargs(self) -> dict:
        if self.editing:
            return {"version": self.cleaned_data["version"]}
        return {"form_token": self.cleaned_data.get("form_token")}


def _offer_current_version(form: forms.BaseForm, version: int) -> None:
    """After a refused save (someone saved in between), the form offers the record's current
    version: the writer, having read what the other person changed, may save again on purpose."""
    if "version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = version


T = TypeVar("T")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message at the field it is keyed by (or at the
    form field its `field_aliases` name, where the form shows a model field under another name);
    messages keyed by no field, or by one the form does not show, on top. The one way a form
    takes a service's errors back (`submit` calls it)."""
    aliases = getattr(form, "field_aliases", {})
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
    for name, errors in by_field.items():
        name = aliases.get(name, name)
        form.add_error(name if name in form.fields else None, errors)
    if getattr(error, "version", None) is not None:
        _offer_current_version(form, error.version)


def submit(
    request, form: forms.BaseForm, record: Callable[[dict], T], *, rows: Sequence[forms.BaseForm] = ()
) -> T | None:
    """How every form view ends: a POSTed form recorded through a service (`record` gets the
    cleaned data). Returns what the service returned, or None when the page shows again, because
    the form is invalid or the service refused it (its messages then stand on the form; a refusal
    with rows, sessions.services.RowsInvalid, puts each row's messages on `rows[index]`)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return record(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        for index, row_error in getattr(error, "rows", {}).items():
            add_service_errors(rows[index], row_error)
        return None


def form_helper(*rows) -> FormHelper:
    """The crispy helper of a form inside a page's own <form> (which holds the CSRF token), laid
    out in `rows` when given."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if rows:
        helper.layout = Layout(*rows)
    return helper


class TermForm(NamedErrorsMixin, forms.ModelForm):
    class Meta(DayFieldsMeta):
        model = Term
        fields = ["ordinal", "elected_on", "starts_on", "ends_on", "seat_quota"]
        help_texts = {
            "ordinal": _("第十八届 is 18."),
            "ends_on": _(
                "Leave empty while the term lasts; it ends the day before the next term's first session."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ordinal"].widget.attrs["min"] = 1
        self.fields["seat_quota"].widget.attrs["min"] = 1
        self.helper = form_helper(
            Row(Column("ordinal", css_class="col-sm-6"), Column("seat_quota", css_class="col-sm-6")),
            Row(
                Column("elected_on", css_class="col-sm-4"),
                Column("starts_on", css_class="col-sm-4"),
                Column("ends_on", css_class="col-sm-4"),
            ),
        )


class DeputyForm(NamedErrorsMixin, forms.ModelForm):
    ethnicity = forms.ChoiceField(label=_("ethnicity"), choices=[(e, e) for e in ETHNICITIES], initial="汉族")

    class Meta(DayFieldsMeta):
        model = Deputy
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_year",
            "occupation_group",
            "occupation",
            "constituency",
            "took_office_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.ethnicity if self.instance.pk else None
        if current and current not in ETHNICITIES:
            # Recorded before (an import): keep it selectable rather than lose it.
            self.fields["ethnicity"].choices = [(current, current), *self.fields["ethnicity"].choices]
        self.fields["birth_year"].widget.attrs.update({"min": 1900, "max": datetime.date.today().year})
        self.helper = form_helper(
            Row(
                Column("name", css_class="col-sm-6"),
                Column("gender", css_class="col-sm-3"),
                Column("birth_year", css_class="col-sm-3"),
            ),
            Row(Column("ethnicity", css_class="col-sm-6"), Column("occupation_group", css_class="col-sm-6")),
            Row(Column("occupation", css_class="col-sm-6"), Column("constituency", css_class="col-sm-6")),
            Row(Column("took_office_on", css_class="col-sm-6")),
        )

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not 1900 <= year <= datetime.date.today().year - 18:
            raise forms.ValidationError(_("Year of birth: not a plausible year for a deputy (18 or older)."))
        return year


class DeputyStatusChangeForm(NamedErrorsMixin, forms.ModelForm):
    class Meta(DayFieldsMeta):
        model = DeputyStatusChange
        fields = ["status", "effective_on", "note"]
        help_texts = {
            "effective_on": _(
                "The day it takes effect: a deputy who leaves is not counted from this day on."
            ),
            "note": _("E.g. the decision or announcement that records it."),
        }

    def __init__(self, *args, deputy: Deputy, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the statuses the deputy can change to; "in office" only to reinstate one who left.
        self.fields["status"].choices = [
            (value, label) for value, label in DeputyStatus.choices if value != deputy.status
        ]
        if deputy.status == DeputyStatus.IN_OFFICE:
            self.fields["status"].initial = DeputyStatus.RESIGNED
        self.helper = form_helper(
            Row(Column("status", css_class="col-sm-6"), Column("effective_on", css_class="col-sm-6")),
            "note",
        )


class PresidiumMemberForm(NamedErrorsMixin, forms.ModelForm):
    class Meta(DayFieldsMeta):
        model = PresidiumMember
        fields = ["deputy", "role", "since", "until"]
        help_texts = {"until": _("Leave empty while the membership lasts.")}

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A membership belongs to its deputy: change its role and dates, or end it.
            del self.fields["deputy"]
        else:
            self.fields["deputy"].queryset = term.deputies.order_by("name", "pk")
        self.helper = form_helper(
            *(["deputy"] if "deputy" in self.fields else []),
            Row(
                Column("role", css_class="col-sm-4"),
                Column("since", css_class="col-sm-4"),
                Column("until", css_class="col-sm-4"),
            ),
        )


class RosterDayForm(NamedErrorsMixin, forms.Form):
    """The roster's day: ?on=2024-03-05 (also 2024/3/5 or 2024年3月5日)."""

    on = DayField(label=_("In office on"), required=False)


class LoginForm(NamedErrorsMixin, AuthenticationForm):
    """The login form, its empty fields named like every other form's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the username's max_length after the field is built, without its
        # validator: a longer username reached authenticate() and django-axes, whose attempt log
        # (255 characters) made PostgreSQL answer a 500. No account's username is that long.
        username = self.fields["username"]
        username.validators.append(validators.MaxLengthValidator(username.max_length))
