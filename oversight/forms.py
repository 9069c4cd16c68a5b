"""Forms of the county's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congress.forms import NamedErrorsMixin
from congress.models import RuleProfile


class CountyProfileForm(NamedErrorsMixin, forms.Form):
    """The county administrator picks the province's numbers the county applies."""

    profile = forms.ChoiceField(label=_("rule profile"), choices=RuleProfile.choices)
