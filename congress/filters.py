"""The query parameters of congress's lists, as django-filter FilterSets.

A parameter that does not parse is ignored (the list shows as if it were absent), as a hand-typed
URL should be; no filter here costs a query.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress.models import Role


class IdFilter(django_filters.NumberFilter):
    """A whole number (a primary key or a year); django-filter's NumberFilter would take decimals."""

    field_class = forms.IntegerField


class ListFilter(django_filters.FilterSet):
    """A list's filter, bound to the request's query even when it is empty (so `chosen` is defined)."""

    @property
    def chosen(self) -> dict:
        """Each parameter's value if it parsed, else "" (what the page shows as chosen)."""
        self.is_valid()  # a parameter that does not parse is left out of cleaned_data
        values = {name: self.form.cleaned_data.get(name) for name in self.filters}
        return {name: "" if value is None else value for name, value in values.items()}


class AccountFilter(ListFilter):
    """The county's accounts by a name, a role or a township (the county's account list)."""

    q = django_filters.CharFilter(method="filter_name", label=_("Username or full name"))
    role = django_filters.ChoiceFilter(field_name="membership__role", choices=Role.choices, label=_("Role"))
    township = IdFilter(field_name="membership__townships__pk", min_value=0, label=_("Township"))

    class Meta:
        model = get_user_model()
        fields = ["q", "role", "township"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value))
