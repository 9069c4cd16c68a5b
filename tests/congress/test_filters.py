"""The county's account list filter (congress.filters.AccountFilter)."""

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils import translation

from congress.filters import AccountFilter
from tests.factories import CountyFactory, Role, TownshipFactory, make_user

pytestmark = pytest.mark.django_db


def _accounts(query: str) -> list[str]:
    filters = AccountFilter(QueryDict(query), queryset=get_user_model().objects.order_by("username"))
    return [user.username for user in filters.qs]


@pytest.fixture
def township():
    county = CountyFactory()
    township = TownshipFactory(county=county)
    make_user(Role.COUNTY_ADMIN, county, username="admin", first_name="王主任")
    make_user(Role.TOWNSHIP_STAFF, county, [township], username="clerk", first_name="李文书")
    return township


def test_accounts_by_name_role_and_township(township):
    assert _accounts("q=文书") == ["clerk"]
    assert _accounts("q=ADM") == ["admin"]
    assert _accounts(f"role={Role.COUNTY_ADMIN}") == ["admin"]
    assert _accounts(f"township={township.pk}") == ["clerk"]
    assert _accounts(f"township={township.pk + 1}") == []


@pytest.mark.parametrize("query", ["role=boss", "township=1.5", "township=-1", "township=x", "q=%20"])
def test_a_parameter_that_does_not_parse_is_ignored(township, query):
    assert _accounts(query) == ["admin", "clerk"]


def test_the_labels_are_chinese():
    with translation.override("zh-hans"):
        assert str(AccountFilter().filters["role"].label) == "角色"
