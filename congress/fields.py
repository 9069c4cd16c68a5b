"""The one date field of the project, and the range of days a record may carry.

Staff copy dates from paper as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日; every form that
takes a date uses `DayField`, which reads all of them (and the ISO form any browser or script
sends) whatever the interface language, and refuses a day outside the plausible range with a
message that names the field and the forms it reads.
"""

from __future__ import annotations

import datetime
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from congress.formats.zh_Hans.formats import DATE_INPUT_FORMATS

# The founding of the People's Republic: no people's congress record is older, so an earlier
# day is a typing slip (2024年3月5日 read as 0435-…, 1900-01-01 left by a careless import).
EARLIEST_DAY = datetime.date(1949, 10, 1)

# A term lasts five years (宪法 Art. 98), so no record of a term's business, not even a term's end
# entered on the day it starts, lies more than five years ahead; further is a typing slip (9999-12-31),
# and one that breaks the date arithmetic downstream (a reply due three months after it).
YEARS_AHEAD = 5

# The forms the Chinese locale reads (the English one shares them), whatever the interface
# language; %m and %d read one or two digits, so 2024/3/5 and 2024/03/05 both match.
INPUT_FORMATS = DATE_INPUT_FORMATS
EXAMPLES = "2024-03-05、2024/3/5、2024.3.5、2024年3月5日"


def latest_day(today: datetime.date | None = None) -> datetime.date:
    """The last day a form accepts: the end of the fifth year after today."""
    today = today or timezone.localdate()
    return datetime.date(today.year + YEARS_AHEAD, 12, 31)


class DayInput(forms.DateInput):
    """A text input, not type=date: a browser's date box reads only its own segmented form, and
    2024年3月5日 typed into one was stored as year 0435. Shown as 2024-03-05."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "2024-03-05", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DayField(forms.DateField):
    widget = DayInput
    input_formats = INPUT_FORMATS
    default_error_messages = {
        "invalid": _("%(field)s: enter a date such as %(examples)s."),
        "out_of_range": _("%(field)s: enter a date from %(earliest)s to %(latest)s, such as %(examples)s."),
    }

    def _error(self, code: str, **params) -> ValidationError:
        label = str(self.label) if self.label else str(_("Date"))
        return ValidationError(
            self.error_messages[code], code=code, params={"field": label, "examples": EXAMPLES, **params}
        )

    def to_python(self, value):
        if isinstance(value, str):
            # Full-width digits and slashes (２０２４／３／５) from a Chinese input method.
            value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid":
                raise
            raise self._error("invalid") from None

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        latest = latest_day()
        if not EARLIEST_DAY <= value <= latest:
            raise self._error(
                "out_of_range",
                earliest=date_format(EARLIEST_DAY, "DATE_FORMAT"),
                latest=date_format(latest, "DATE_FORMAT"),
            )


def day_formfield(model_field, **kwargs) -> forms.Field:
    """ModelForm's `formfield_callback`: every model DateField becomes a DayField."""
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return model_field.formfield(form_class=DayField, **kwargs)
    return model_field.formfield(**kwargs)


class EarliestDayMixin:
    """Model mixin: no date or date-time field holds a day before EARLIEST_DAY, whatever path
    writes it (forms, the admin, imports and services all call full_clean). The upper bound
    moves with today, so it stays on the forms: a record is never made invalid by time passing."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.DateField) or (exclude and field.name in exclude):
                continue
            value = getattr(self, field.attname)
            day = value.date() if isinstance(value, datetime.datetime) else value
            if day is not None and field.name not in errors and day < EARLIEST_DAY:
                errors[field.name] = [
                    ValidationError(
                        _("%(field)s: the date is before %(earliest)s."),
                        code="too_early",
                        params={
                            "field": capfirst(field.verbose_name),
                            "earliest": date_format(EARLIEST_DAY, "DATE_FORMAT"),
                        },
                    )
                ]
        if errors:
            raise ValidationError(errors)


class DayFieldsMeta:
    """The base of a ModelForm's Meta (`class Meta(DayFieldsMeta)`): its date fields are DayFields."""

    formfield_callback = staticmethod(day_formfield)
