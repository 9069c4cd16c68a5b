"""The lists' filters between sessions (sessions.filters): a parameter that does not parse is
ignored, the labels are Chinese, the state tabs count within the other filters."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import translation

from sessions.filters import ActivityFilter, SuggestionFilter
from sessions.models import ActivityKind, DeputyActivity, Suggestion, SuggestionState
from tests.factories import DeputyActivityFactory, SuggestionFactory, TownshipFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 7, 1)  # after the factories' due day (2024-06-20): overdue


def _suggestions(query: str) -> SuggestionFilter:
    return SuggestionFilter(QueryDict(query), queryset=Suggestion.objects.order_by("pk"), today=TODAY)


@pytest.fixture
def two_suggestions():
    township = TownshipFactory()
    old = SuggestionFactory(township=township, submitted_on=datetime.date(2023, 5, 1), title="修路")
    replied = SuggestionFactory(
        township=township, lead_deputy=old.lead_deputy, title="建桥", replied_on=datetime.date(2024, 6, 1)
    )
    return old, replied


def test_activities_by_kind_and_an_unknown_kind_ignored():
    inspection = DeputyActivityFactory(kind=ActivityKind.INSPECTION)
    other = DeputyActivityFactory(township=inspection.township, kind=ActivityKind.RESEARCH)
    every = DeputyActivity.objects.order_by("pk")
    assert list(ActivityFilter(QueryDict("kind=inspection"), queryset=every).qs) == [inspection]
    unknown = ActivityFilter(QueryDict("kind=nonsense"), queryset=every)
    assert list(unknown.qs) == [inspection, other]
    assert unknown.chosen == {"kind": ""}


def test_suggestions_by_year_words_and_state(two_suggestions):
    old, replied = two_suggestions
    assert list(_suggestions("year=2023").qs) == [old]
    assert list(_suggestions("q=%20桥%20").qs) == [replied]
    assert list(_suggestions(f"state={SuggestionState.OVERDUE}").qs) == [old]
    assert list(_suggestions(f"state={SuggestionState.REPLIED}").qs) == [replied]


@pytest.mark.parametrize("query", ["year=20x4", "year=-2023", "state=unknown", "q=%20%20", ""])
def test_a_parameter_that_does_not_parse_is_ignored(two_suggestions, query):
    filters = _suggestions(query)
    assert list(filters.qs) == list(two_suggestions)
    assert filters.chosen == {"year": "", "q": "", "state": ""}


def test_the_state_tabs_count_within_the_other_filters(two_suggestions):
    old, _ = two_suggestions
    filters = _suggestions(f"year=2023&state={SuggestionState.REPLIED}")
    assert list(filters.qs) == []
    assert list(filters.tallied) == [old]
    assert filters.chosen == {"year": 2023, "q": "", "state": SuggestionState.REPLIED}


def test_the_filters_labels_are_chinese():
    with translation.override("zh-hans"):
        labels = {
            name: str(f.label)
            for name, f in SuggestionFilter(queryset=Suggestion.objects.none(), today=TODAY).filters.items()
        }
    assert labels["year"] == "年份"
