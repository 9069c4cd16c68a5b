"""Forms for recording a session. They parse what was typed; the services (sessions.services)
decide what may be stored, and their errors come back next to the field they name
(`congress.forms.submit`)."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress.fields import DayField
from congress.forms import NamedErrorsMixin, WriteGuardMixin
from congress.models import Term
from sessions.documents import ACCEPT
from sessions.models import (
    AgendaItem,
    Candidate,
    Document,
    Election,
    Report,
    Resolution,
    Session,
)


def model_field(model, name: str, **kwargs) -> forms.Field:
    """The model field's form field (label, choices, limits), with `kwargs` overriding."""
    return model._meta.get_field(name).formfield(**kwargs)


def time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class RecordForm(NamedErrorsMixin, forms.Form):
    """A form whose every message names its field; congress.forms.submit puts a service's
    errors on it."""

    # Service fields that the form shows under another name (read by add_service_errors).
    field_aliases: dict[str, str] = {}


class SessionForm(WriteGuardMixin, RecordForm):
    """The session itself: what, when, where, who was there. Opening and closing are typed
    as a day and a time."""

    field_aliases = {"opens_at": "opens_on", "closes_at": "closes_on"}

    term = forms.ModelChoiceField(queryset=Term.objects.none(), label=_("term"), empty_label=None)
    ordinal = forms.IntegerField(label=_("session number"), min_value=1, max_value=32767)
    kind = model_field(Session, "kind")
    status = model_field(Session, "status")
    announced_on = model_field(Session, "announced_on", form_class=DayField)
    opens_on = DayField(label=_("opening day"))
    opens_time = forms.TimeField(label=_("opening time"), widget=time_widget())
    closes_on = DayField(label=_("closing day"), required=False)
    closes_time = forms.TimeField(label=_("closing time"), required=False, widget=time_widget())
    venue = model_field(Session, "venue")
    deputies_in_office = model_field(
        Session,
        "deputies_in_office",
        required=False,
        help_text=_("All deputies (N) on the opening day. Leave empty to take the number from the roster."),
    )
    deputies_in_office_note = model_field(
        Session,
        "deputies_in_office_note",
        help_text=_("Needed when the number differs from the roster."),
    )
    present = model_field(Session, "present")
    excused = model_field(Session, "excused", required=False)
    notes = model_field(Session, "notes", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, township, roster_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.township = township
        self.fields["term"].queryset = Term.objects.filter(township=township).select_related("township")
        self.helper = FormHelper()
        self.helper.form_tag = False
        hint = (
            f'<div id="roster-hint" class="form-text mb-3" hx-get="{roster_url}" '
            'hx-trigger="load, change from:#id_term, change from:#id_opens_on" '
            'hx-include="#id_term, #id_opens_on" aria-live="polite"></div>'
        )
        self.helper.layout = Layout(
            Fieldset(
                gettext("Session"),
                Row(
                    Column("term", css_class="col-sm-6 col-lg-3"),
                    Column("ordinal", css_class="col-sm-6 col-lg-3"),
                    Column("kind", css_class="col-sm-6 col-lg-3"),
                    Column("status", css_class="col-sm-6 col-lg-3"),
                ),
            ),
            Fieldset(
                gettext("Dates and venue"),
                Row(
                    Column("announced_on", css_class="col-sm-6 col-lg-3"),
                    Column("venue", css_class="col-sm-6 col-lg-9"),
                ),
                Row(
                    Column("opens_on", css_class="col-6 col-lg-3"),
                    Column("opens_time", css_class="col-6 col-lg-3"),
                    Column("closes_on", css_class="col-6 col-lg-3"),
                    Column("closes_time", css_class="col-6 col-lg-3"),
                ),
            ),
            Fieldset(
                gettext("Attendance"),
                Row(
                    Column("deputies_in_office", HTML(hint), css_class="col-sm-6 col-lg-3"),
                    Column("deputies_in_office_note", css_class="col-sm-6 col-lg-9"),
                ),
                Row(
                    Column("present", css_class="col-6 col-lg-3"),
                    Column("excused", css_class="col-6 col-lg-3"),
                ),
            ),
            Field("notes"),
        )

    def clean(self):
        data = super().clean()
        tz = timezone.get_current_timezone()
        if data.get("opens_on") and data.get("opens_time"):
            data["opens_at"] = timezone.make_aware(
                datetime.datetime.combine(data["opens_on"], data["opens_time"]), tz
            )
        closes_on, closes_time = data.get("closes_on"), data.get("closes_time")
        if closes_on and closes_time:
            data["closes_at"] = timezone.make_aware(datetime.datetime.combine(closes_on, closes_time), tz)
        elif closes_on and "closes_time" not in self.errors:
            self.add_error("closes_time", gettext("Closing time: enter the time as well as the day."))
        elif closes_time and "closes_on" not in self.errors:
            self.add_error("closes_on", gettext("Closing day: enter the day as well as the time."))
        else:
            data["closes_at"] = None
        return data

    @staticmethod
    def initial_for(session: Session) -> dict:
        opens = timezone.localtime(session.opens_at)
        closes = timezone.localtime(session.closes_at) if session.closes_at else None
        return {
            "version": session.version,
            "term": session.term_id,
            "ordinal": session.ordinal,
            "kind": session.kind,
            "status": session.status,
            "announced_on": session.announced_on,
            "opens_on": opens.date(),
            "opens_time": opens.time(),
            "closes_on": closes.date() if closes else None,
            "closes_time": closes.time() if closes else None,
            "venue": session.venue,
            "deputies_in_office": session.deputies_in_office,
            "deputies_in_office_note": session.deputies_in_office_note,
            "present": session.present,
            "excused": session.excused,
            "notes": session.notes,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "term": data["term"],
            "ordinal": data["ordinal"],
            "kind": data["kind"],
            "status": data["status"],
            "announced_on": data.get("announced_on"),
            "opens_at": data["opens_at"],
            "closes_at": data.get("closes_at"),
            "venue": data.get("venue", ""),
            "deputies_in_office": data.get("deputies_in_office"),
            "deputies_in_office_note": data.get("deputies_in_office_note", ""),
            "present": data.get("present"),
            "excused": data.get("excused") or 0,
            "notes": data.get("notes", ""),
        }


class AgendaItemForm(WriteGuardMixin, RecordForm):
    title = model_field(
        AgendaItem,
        "title",
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. hear and deliberate the government work report")}
        ),
    )
    kind = model_field(AgendaItem, "kind")


# Rows edited as a formset: each row carries the id of the record it changes (checked
# against the session's own rows by the view), or none for a new one.


class RowForm(RecordForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditedRowForm(RowForm):
    """A row that is a record of its own (a report, a resolution): it carries the version it was
    opened at, which the update service checks (sessions.concurrency)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("id") and data.get("version") is None:
            raise forms.ValidationError(gettext("This form has expired: open it again."))
        return data


class ReportForm(EditedRowForm):
    kind = model_field(Report, "kind")
    title = model_field(Report, "title")
    presenter = model_field(Report, "presenter")
    fiscal_year = model_field(
        Report,
        "fiscal_year",
        help_text=_(
            "Budget and final accounts only; empty: the session's year (the year before for final accounts)."
        ),
    )
    outcome = model_field(Report, "outcome")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "id",
            "version",
            Row(
                Column("kind", css_class="col-md-4"),
                Column("title", css_class="col-md-8"),
            ),
            Row(
                Column("presenter", css_class="col-md-4"),
                Column("fiscal_year", css_class="col-md-4"),
                Column("outcome", css_class="col-md-4"),
            ),
            Div("DELETE", css_class="row-delete"),
        )

    FIELDS = ("kind", "title", "presenter", "fiscal_year", "outcome")


class ResolutionForm(EditedRowForm):
    title = model_field(Resolution, "title")
    kind = model_field(Resolution, "kind")
    present_at_vote = model_field(
        Resolution,
        "present_at_vote",
        required=False,
        help_text=_("Leave empty: those present at the session."),
    )
    votes_for = model_field(Resolution, "votes_for")
    votes_against = model_field(Resolution, "votes_against", required=False)
    votes_abstain = model_field(Resolution, "votes_abstain", required=False)
    adopted = model_field(Resolution, "adopted")
    follow_up = model_field(Resolution, "follow_up", widget=forms.Textarea(attrs={"rows": 2}))

    FIELDS = (
        "title",
        "kind",
        "present_at_vote",
        "votes_for",
        "votes_against",
        "votes_abstain",
        "adopted",
        "follow_up",
    )

    def __init__(self, *args, session_present: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Prefilled with those present at the session; left empty, the service uses them too.
        self.fields["present_at_vote"].initial = session_present
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "id",
            "version",
            Row(Column("title", css_class="col-md-9"), Column("kind", css_class="col-md-3")),
            Row(
                Column("present_at_vote", css_class="col-6 col-md-3"),
                Column("votes_for", css_class="col-6 col-md-2"),
                Column("votes_against", css_class="col-6 col-md-2"),
                Column("votes_abstain", css_class="col-6 col-md-2"),
                Column("adopted", css_class="col-12 col-md-3 pt-md-4"),
            ),
            Field("follow_up"),
            Div("DELETE", css_class="row-delete"),
        )

    def clean(self):
        data = super().clean()
        for name in ("votes_against", "votes_abstain"):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        return data


class ElectionForm(WriteGuardMixin, RecordForm):
    office = model_field(Election, "office")
    kind = model_field(Election, "kind")
    seats = model_field(Election, "seats", min_value=1)
    ballots_cast = model_field(Election, "ballots_cast")

    FIELDS = ("office", "kind", "seats", "ballots_cast")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("office", css_class="col-md-4"),
                Column("kind", css_class="col-md-4"),
                Column("seats", css_class="col-6 col-md-2"),
                Column("ballots_cast", css_class="col-6 col-md-2"),
            )
        )


class CandidateForm(RowForm):
    name = model_field(Candidate, "name")
    deputy = forms.TypedChoiceField(label=_("deputy"), required=False, coerce=int, empty_value=None)
    votes = model_field(Candidate, "votes")
    elected = model_field(Candidate, "elected")

    def __init__(self, *args, deputies=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Choices built once for the whole formset (a list, not a queryset per row).
        self.fields["deputy"].choices = [("", "—"), *deputies]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "id",
            Row(
                Column("name", css_class="col-md-4"),
                Column("deputy", css_class="col-md-3"),
                Column("votes", css_class="col-6 col-md-2"),
                Column("elected", css_class="col-6 col-md-1 pt-md-4"),
                Column("DELETE", css_class="col-12 col-md-2 pt-md-4 row-delete"),
            ),
        )


class DocumentForm(WriteGuardMixin, RecordForm):
    file = forms.FileField(label=_("file"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    title = model_field(Document, "title", required=False, help_text=_("Leave empty to use the file's name."))
    report = forms.ModelChoiceField(queryset=Report.objects.none(), required=False, label=_("report"))

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = session.reports.order_by("pk")
        self.fields["report"].empty_label = gettext("The whole session")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("file", css_class="col-lg-4"),
                Column("title", css_class="col-lg-4"),
                Column("report", css_class="col-lg-4"),
            )
        )


# The most rows a formset page takes. A township session deliberates about ten reports and
# passes some dozens of resolutions at most; an election has a few candidates per seat. The
# browser sends the row count itself (TOTAL_FORMS): without a cap a forged count of 100,000
# built and rendered thousands of empty rows per request (13 s, 8 MB). Above the cap the page
# is refused with its message before any row is built beyond it.
MAX_ROWS = 50


class RowFormSet(forms.BaseFormSet):
    default_error_messages = {"too_many_forms": _("At most %(num)d rows on this page.")}


def row_formset(form: type[forms.Form], *, extra: int) -> type[forms.BaseFormSet]:
    return forms.formset_factory(
        form,
        formset=RowFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


ReportFormSet = row_formset(ReportForm, extra=2)
ResolutionFormSet = row_formset(ResolutionForm, extra=1)
CandidateFormSet = row_formset(CandidateForm, extra=3)
