"""Adding a deputy (issue 9, item 12): the form starts from a day it can accept (the term's start
while the term is being filled, today for a by-election afterwards), and a full quota says how
many are in office that day, the quota, and what to change."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from congress import services
from congress.models import Deputy, DeputyStatus
from tests.factories import DeputyFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2021, 12, 28)


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1, starts_on=START, seat_quota=3)


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


def add_url(term):
    return reverse("roster:deputy_create", args=[term.township_id, term.pk])


def default_day(client, term) -> str:
    page = client.get(add_url(term)).content.decode()
    return re.search(r'name="took_office_on" value="([^"]*)"', page).group(1)


def post(client, term, took_office_on: str):
    data = {"name": "补选代表", "gender": "male", "ethnicity": "汉族", "occupation_group": "other"}
    return client.post(add_url(term), {**data, "took_office_on": took_office_on})


def test_while_a_seat_is_free_from_the_first_day_the_form_starts_from_the_term_s_start(client, staff, term):
    DeputyFactory.create_batch(2, term=term)  # 2 of 3
    assert default_day(client, term) == START.isoformat()
    assert post(client, term, START.isoformat()).status_code == 302


def test_once_the_term_is_filled_the_form_starts_from_today_and_accepts_it(client, staff, term):
    first, *_ = DeputyFactory.create_batch(3, term=term)  # 3 of 3
    services.deputy_status_change(
        deputy=first, status=DeputyStatus.RESIGNED, effective_on=D(2023, 5, 1), acting_user=None
    )
    today = timezone.localdate()
    assert default_day(client, term) == today.isoformat()
    assert post(client, term, today.isoformat()).status_code == 302
    assert Deputy.objects.get(name="补选代表").took_office_on == today


def test_a_by_election_before_a_seat_is_free_is_told_the_first_free_day(client, staff, term):
    first, *_ = DeputyFactory.create_batch(3, term=term)
    services.deputy_status_change(
        deputy=first, status=DeputyStatus.RESIGNED, effective_on=D(2023, 5, 1), acting_user=None
    )
    page = post(client, term, "2023-04-30").content.decode()
    assert (
        "就任日期：2023年4月30日本届已有在任代表3名，达到法定名额3名。"
        "请选择2023年5月1日或之后的日期（自该日起有空缺名额），或先登记一名代表离任。"
    ) in page
    assert post(client, term, "2023-05-01").status_code == 302


def test_a_full_term_with_no_seat_freeing_up_says_to_record_a_deputy_leaving_first(term):
    DeputyFactory.create_batch(3, term=term)
    with pytest.raises(ValidationError) as refused:
        services.deputy_create(
            term=term, name="补选代表", gender="male", took_office_on=D(2024, 1, 1), acting_user=None
        )
    assert refused.value.message_dict["took_office_on"] == [
        "就任日期：2024年1月1日本届已有在任代表3名，达到法定名额3名，此后也没有空缺名额。"
        "请先登记一名代表离任（辞职、罢免等），再选择离任当日或之后的日期。"
    ]


def test_the_message_names_the_first_day_the_seats_are_full_not_the_day_typed(term):
    """Two from the start and one from a later day fill three seats from that later day on."""
    DeputyFactory.create_batch(2, term=term)
    DeputyFactory(term=term, took_office_on=D(2023, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.deputy_create(
            term=term, name="补选代表", gender="male", took_office_on=D(2022, 6, 1), acting_user=None
        )
    assert "2023年3月1日本届已有在任代表3名" in refused.value.message_dict["took_office_on"][0]


def test_first_free_day_on_both_sides_of_a_departure(term):
    first, *_ = DeputyFactory.create_batch(3, term=term)
    assert services.first_free_day(term, START) is None
    services.deputy_status_change(
        deputy=first, status=DeputyStatus.RESIGNED, effective_on=D(2023, 5, 1), acting_user=None
    )
    assert services.first_free_day(term, START) == D(2023, 5, 1)
    assert services.first_free_day(term, D(2023, 5, 1)) == D(2023, 5, 1)
    assert services.first_free_day(term, D(2024, 1, 1)) == D(2024, 1, 1)
