"""Issue 9 item 3 (the form): a competitive (差额) election needs more candidates than seats."""

import pytest
from django.urls import reverse
from django.utils import translation

from sessions import services
from sessions.models import Election
from tests.factories import SessionFactory, TermFactory

pytestmark = pytest.mark.django_db


def entries(count: int, seats: int) -> list[services.CandidateEntry]:
    return [services.CandidateEntry(name=f"候选人{i}", votes=20 - i, elected=i < seats) for i in range(count)]


def record(session, kind: str, seats: int, count: int) -> Election:
    return services.election_create(
        session=session,
        office="vice_chair",
        kind=kind,
        seats=seats,
        ballots_cast=40,
        candidates=entries(count, seats),
        acting_user=None,
    )


@pytest.fixture
def session(world):
    return SessionFactory(term=TermFactory(township=world.t1), present=40)


@pytest.mark.parametrize(("seats", "count"), [(1, 2), (2, 3)])
def test_a_competitive_election_with_more_candidates_than_seats_is_recorded(session, seats, count):
    assert record(session, "competitive", seats, count).candidates.count() == count


@pytest.mark.parametrize(("seats", "count"), [(1, 1), (2, 2), (2, 0)])
def test_a_competitive_election_with_no_more_candidates_than_seats_is_refused_on_its_kind(
    session, seats, count
):
    with translation.override("zh-hans"), pytest.raises(services.RowsInvalid) as refused:
        record(session, "competitive", seats, count)
    assert list(refused.value.message_dict) == ["kind"]
    assert refused.value.message_dict["kind"][0].startswith("类型：差额选举")
    assert not Election.objects.exists()


def test_an_uncontested_election_may_have_as_many_candidates_as_seats(session):
    assert record(session, "uncontested", 2, 2).candidates.count() == 2


def test_the_election_form_shows_the_refusal_on_the_kind_and_keeps_the_candidates(client, world, session):
    township = session.township
    client.force_login(world.staff)
    response = client.post(
        reverse("sessions:election_create", args=[township.pk, session.pk]),
        {
            "election-office": "head",
            "election-kind": "competitive",
            "election-seats": "1",
            "election-ballots_cast": "40",
            "candidates-TOTAL_FORMS": "3",
            "candidates-INITIAL_FORMS": "0",
            "candidates-0-name": "张三",
            "candidates-0-votes": "30",
            "candidates-0-elected": "on",
        },
        headers={"Accept-Language": "zh-hans"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"][0].startswith("类型：差额选举")
    assert 'value="张三"' in response.text
    assert not Election.objects.exists()
