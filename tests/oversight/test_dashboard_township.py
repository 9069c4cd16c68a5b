"""A township's year (every flag with its basis and evidence, what is owed, the year's sessions)
and the township status fragment of the township home page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from oversight.results import Flag
from oversight.views import evidence_url
from tests.factories import ResolutionFactory, SessionFactory, aware
from tests.oversight._dashboard_data import (
    county_staff,
    county_with_townships,
    lawful_year,
    township_staff,
)

pytestmark = pytest.mark.django_db


def year_url(township, year=2024):
    return reverse("oversight:township_year", args=[township.pk, year])


def test_anonymous_user_is_sent_to_login(client, world):
    response = client.get(year_url(world.t1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_countys_township_is_not_found(client, world):
    client.force_login(world.county_staff)
    assert client.get(year_url(world.t3)).status_code == 404
    assert client.get(reverse("oversight:township_status", args=[world.t3.pk])).status_code == 404


def test_township_staff_read_their_own_township_but_not_another(client, world):
    client.force_login(world.staff)
    assert client.get(year_url(world.t1)).status_code == 200
    assert client.get(year_url(world.t2)).status_code == 404


def test_a_year_after_this_one_is_not_found(client, world):
    client.force_login(world.county_staff)
    assert client.get(year_url(world.t1, datetime.date.today().year + 1)).status_code == 404


def test_every_flag_shows_its_message_severity_basis_and_evidence(client):
    county, (township,) = county_with_townships(1)
    first, _ = lawful_year(township, 2024)
    resolution = ResolutionFactory(
        session=first, title="关于村道建设的决议", votes_for=20, present_at_vote=40
    )
    client.force_login(county_staff(county))
    response = client.get(year_url(township))
    assert response.status_code == 200
    result = response.context["result"]
    assert result.status == "violation"
    (flag,) = [f for f in result.flags if f.rule == "resolution-majority-not-reached"]
    html = response.text
    assert escape(flag.message) in html
    assert escape(flag.basis) in html
    assert "status-violation" in html
    session_url = reverse(
        "sessions:session_detail", kwargs={"township_pk": township.pk, "session_pk": first.pk}
    )
    assert f'<a href="{session_url}">{resolution.title}</a>' in html  # the evidence, linked to its session


def test_the_years_sessions_show_dates_length_and_attendance(client):
    county, (township,) = county_with_townships(1)
    first, second = lawful_year(township, 2024)
    SessionFactory(
        term=first.term, ordinal=9, opens_at=aware(2024, 11, 5, 9), present=20, deputies_in_office=45
    )  # failed quorum: recorded, not counted as held
    client.force_login(county_staff(county))
    response = client.get(year_url(township))
    html = response.text
    assert first.full_name in html
    assert "2024-03-05 08:30" in html
    assert "40 / 45" in html
    assert response.context["figures"].sessions_held == 2
    assert [session.quorum_met for session, _ in response.context["sessions"]] == [True, True, False]


def test_the_in_progress_year_lists_what_is_still_owed(client):
    county, (township,) = county_with_townships(1)
    this_year = datetime.date.today().year
    client.force_login(county_staff(county))
    response = client.get(year_url(township, this_year))
    owed = response.context["result"].owed
    assert owed
    assert escape(owed[0]) in response.text


def test_evidence_links_degrade_to_text_where_the_page_does_not_exist(monkeypatch):
    _, (township,) = county_with_townships(1)
    flag = Flag(
        rule="quorum-not-met",
        severity="violation",
        message="…",
        basis="…",
        object={"type": "session", "id": 7, "label": "某会议", "session_id": 7},
    )

    def missing(*args, **kwargs):
        raise NoReverseMatch

    monkeypatch.setattr("oversight.views.reverse", missing)
    assert evidence_url(flag, township) is None


def test_status_fragment_shows_this_years_status_and_owed_items(client):
    county, (township,) = county_with_townships(1)
    client.force_login(township_staff(county, [township]))
    response = client.get(reverse("oversight:township_status", args=[township.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text  # a fragment
    assert 'id="township-status"' in response.text
    result = response.context["result"]
    assert result.year == datetime.date.today().year
    assert escape(result.owed[0]) in response.text


def page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_township_year_page_costs_the_same_queries_for_few_or_many_records(client):
    county, (small, big) = county_with_townships(2)
    lawful_year(small, 2023)
    for year in (2023, 2024):
        first, second = lawful_year(big, year)
        for session in (first, second):
            ResolutionFactory.create_batch(3, session=session)
    SessionFactory(term=big.terms.first(), ordinal=20, opens_at=aware(2024, 12, 1, 9), present=10)
    client.force_login(county_staff(county))
    assert page_queries(client, year_url(small)) == page_queries(client, year_url(big))
