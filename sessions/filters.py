"""The query parameters of the sessions' lists (sessions, activities, suggestions), as
django-filter FilterSets.

A parameter that does not parse is ignored (the list shows as if it were absent), as a hand-typed
URL should be; only the session list's term costs a query (the term must be the township's). A list's year pills are its scope, not a filter:
the activity and meeting lists always show one year (the current one by default).
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from congress.fields import EARLIEST_DAY, latest_day
from congress.filters import IdFilter, ListFilter
from congress.models import Term
from sessions.models import DUE_SOON_DAYS, ActivityKind, DeputyActivity, Session, Suggestion, SuggestionState


class SessionFilter(django_filters.FilterSet):
    """The session list by term and by year."""

    term = django_filters.ModelChoiceFilter(
        queryset=Term.objects.none(), label=_("term"), empty_label=_("All terms")
    )
    year = django_filters.ChoiceFilter(method="filter_year", label=_("year"), empty_label=_("All years"))

    class Meta:
        model = Session
        fields = ["term", "year"]

    def __init__(self, *args, terms, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["term"].queryset = terms
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]

    def filter_year(self, queryset, name, value):
        return queryset.in_year(int(value)) if value else queryset


class ActivityFilter(ListFilter):
    """A year's inter-session deputy activities by kind."""

    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("kind"))

    class Meta:
        model = DeputyActivity
        fields = ["kind"]


def state_condition(state: str, today: datetime.date) -> Q:
    """The suggestions in `state` on `today` (SuggestionState), as a query condition."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    open_ = Q(assigned_on__isnull=False, replied_on__isnull=True)
    return {
        SuggestionState.AWAITING_ASSIGNMENT: Q(assigned_on__isnull=True),
        SuggestionState.BEING_HANDLED: open_ & Q(due_on__gte=today),
        SuggestionState.DUE_SOON: open_ & Q(due_on__gte=today, due_on__lte=soon),
        SuggestionState.OVERDUE: open_ & Q(due_on__lt=today),
        SuggestionState.REPLIED: Q(replied_on__isnull=False, replied_on__lte=F("due_on")),
        SuggestionState.REPLIED_LATE: Q(replied_on__gt=F("due_on")),
    }[state]


class SuggestionFilter(ListFilter):
    """Deputies' suggestions by year submitted, by words (title, lead deputy, handling unit) and
    by state on `today`. The state tabs count the suggestions of each state among those the
    other filters keep (`tallied`)."""

    # Bounded as the record's days are: a year lookup beyond them (0, 10000) cannot be a date.
    year = IdFilter(
        field_name="submitted_on", lookup_expr="year", min_value=EARLIEST_DAY.year, label=_("year")
    )
    q = django_filters.CharFilter(method="filter_words", label=_("Search"))
    state = django_filters.ChoiceFilter(
        choices=SuggestionState.choices, method="filter_state", label=_("State")
    )

    class Meta:
        model = Suggestion
        fields = ["year", "q", "state"]

    def __init__(self, data=None, *, queryset, today: datetime.date, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.today = today
        self.filters["year"].extra["max_value"] = latest_day(today).year

    def filter_words(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(lead_deputy__name__icontains=value)
            | Q(handling_unit__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_condition(value, self.today))

    @property
    def tallied(self) -> QuerySet:
        """The suggestions every filter but the state keeps."""
        queryset = self.queryset.all()
        for name, value in self.chosen.items():
            if name != "state":
                queryset = self.filters[name].filter(queryset, value)
        return queryset
