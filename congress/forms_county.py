"""Forms of the county administrator's pages: townships and accounts.

The forms parse and show; the services (congress.accounts) decide. A view passes the cleaned
data to a service through congress.forms.submit: each message of a refusal lands on the field
it names.
"""

from __future__ import annotations

from crispy_forms.layout import Column, Field, Row
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from congress.fields import DayFieldsMeta
from congress.forms import NamedErrorsMixin, form_helper
from congress.models import County, Role, Township, TownshipKind
from congress.passwords import username_validator

KIND_CHOICES = [("", _("from the name")), *TownshipKind.choices]


# Townships --------------------------------------------------------------------------------


class TownshipForm(NamedErrorsMixin, forms.ModelForm):
    """Edit a township: its name, a kind set by hand, the dates it was established and abolished."""

    class Meta(DayFieldsMeta):
        model = Township
        fields = ["name", "kind_override", "established_on", "abolished_on"]
        help_texts = {
            "name": _("The official name, as the national statistics give it (…镇, …乡, …街道)."),
            "kind_override": _(
                "Leave as derived unless the name misleads: only towns, townships, ethnic townships "
                "and sumu have a people's congress."
            ),
            "abolished_on": _("When the township was merged into another or abolished."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind_override"].choices = KIND_CHOICES
        self.helper = form_helper(*self._rows())

    def _rows(self):
        return [
            Row(Column("name", css_class="col-md-6"), Column("kind_override", css_class="col-md-6")),
            Row(Column("established_on", css_class="col-md-6"), Column("abolished_on", css_class="col-md-6")),
        ]


class TownshipManualForm(TownshipForm):
    """A township typed by hand: one the national list lacks (a new unit, a development zone)."""

    class Meta(TownshipForm.Meta):
        fields = ["code", "name", "kind_override", "established_on", "abolished_on"]
        help_texts = {
            **TownshipForm.Meta.help_texts,
            "code": _("Nine digits, beginning with the county's six."),
        }

    def __init__(self, *args, county: County, **kwargs):
        kwargs.setdefault("instance", Township(county=county))
        kwargs.setdefault("prefix", "manual")
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "maxlength": 9, "placeholder": f"{county.code}…"}
        )

    def _rows(self):
        return [
            Row(Column("code", css_class="col-md-4"), Column("name", css_class="col-md-8")),
            Row(
                Column("kind_override", css_class="col-md-4"),
                Column("established_on", css_class="col-md-4"),
                Column("abolished_on", css_class="col-md-4"),
            ),
        ]


class TownshipFromListForm(NamedErrorsMixin, forms.Form):
    """A township of the county from the national statistics, among those not yet loaded."""

    unit = forms.ChoiceField(label=_("Township-level unit"))

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("prefix", "national")
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [(u.code, f"{u.code} {u.name}") for u in units]
        self.helper = form_helper()


# Accounts ---------------------------------------------------------------------------------


class TownshipsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, township: Township) -> str:
        if township.abolished_on:
            return _("%(name)s (abolished)") % {"name": township.name}
        return township.name


class _AccountFields(NamedErrorsMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    townships = TownshipsField(
        label=_("Townships"),
        queryset=Township.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For township staff: the townships whose record they keep."),
    )

    def __init__(self, *args, county: County, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["townships"].queryset = county.townships.order_by("code")


class _PasswordFields(NamedErrorsMixin, forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_confirmation = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        first, again = cleaned.get("password"), cleaned.get("password_confirmation")
        if first and again and first != again:
            self.add_error("password_confirmation", _("Password again: the two passwords differ."))
        return cleaned


class AccountCreateForm(_AccountFields, _PasswordFields):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[username_validator],
        help_text=_("For logging in: ASCII letters, digits and . _ - only; unique whatever the case."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    field_order = ["username", "full_name", "role", "townships", "password", "password_confirmation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("username", css_class="col-md-6"), Column("full_name", css_class="col-md-6")),
            Field("role", css_class="role-select"),
            Field("townships", wrapper_class="townships-field"),
            Row(
                Column("password", css_class="col-md-6"),
                Column("password_confirmation", css_class="col-md-6"),
            ),
        )


class AccountEditForm(_AccountFields):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("An inactive account cannot log in; its history stays."),
    )

    def __init__(self, *args, is_self: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if is_self:
            # The service refuses it too; here the fields say so before anyone tries.
            for name in ("role", "is_active"):
                self.fields[name].disabled = True
            self.fields["role"].help_text = _("You cannot change your own role.")
            self.fields["is_active"].help_text = _("You cannot deactivate your own account.")
        self.helper = form_helper(
            "full_name",
            Field("role", css_class="role-select"),
            Field("townships", wrapper_class="townships-field"),
            "is_active",
        )


class AccountPasswordForm(_PasswordFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(
                Column("password", css_class="col-md-6"),
                Column("password_confirmation", css_class="col-md-6"),
            )
        )


class OwnPasswordForm(AccountPasswordForm):
    """A user changing their own password: the current one first, so a PC left logged in
    does not let a passer-by take the account."""

    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "password", "password_confirmation"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper.layout.insert(0, "old_password")

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            raise forms.ValidationError(_("Current password: not the password of this account."))
        return old_password


class OtpTokenForm(NamedErrorsMixin, forms.Form):
    """The six-digit code an authenticator app shows. Whether it is right, the view asks
    django-otp (the code changes every 30 seconds)."""

    token = forms.RegexField(
        label=_("Code"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Code: the six digits the authenticator app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()
