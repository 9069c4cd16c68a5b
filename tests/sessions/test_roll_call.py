"""Issue 9 item 7: the roll call starts from what is recorded, its counts are never negative,
and one message says when it and the session's present count of N disagree."""

import re

import pytest
from django.urls import reverse

from sessions import services_recess
from sessions.models import AttendanceStatus
from tests.factories import DeputyFactory, SessionFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1)


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"


def page(client, session):
    response = client.get(reverse("sessions:session_attendance", args=[session.township_id, session.pk]))
    assert response.status_code == 200
    return response


def checked(response) -> list[str]:
    return re.findall(r'value="(present|excused|absent)" autocomplete="off" checked', response.text)


def count(response, name: str) -> str:
    return re.search(rf'data-count="{name}">([^<]*)<', response.text).group(1)


def disagreements(response) -> int:
    return response.text.count("roll-call-disagreement")


def test_with_no_roll_call_recorded_no_one_is_preselected(client, staff, term):
    DeputyFactory.create_batch(53, term=term)  # the roster: 53 in office
    session = SessionFactory(term=term, deputies_in_office=45, present=29, excused=0)
    response = page(client, session)
    assert checked(response) == []
    assert (count(response, "present"), count(response, "absent")) == ("29", "16")


def test_the_roster_and_the_sessions_n_disagreeing_is_said_once(client, staff, term):
    DeputyFactory.create_batch(53, term=term)
    session = SessionFactory(term=term, deputies_in_office=45, present=29, excused=0)
    response = page(client, session)
    assert disagreements(response) == 1
    assert "开幕当日在任代表53名，会议记录全体代表45名，实到29名" in response.text
    assert "-" not in count(response, "absent")


def test_the_roster_agreeing_with_n_says_nothing(client, staff, term):
    DeputyFactory.create_batch(45, term=term)
    response = page(client, SessionFactory(term=term, deputies_in_office=45, present=29, excused=0))
    assert disagreements(response) == 0


def test_a_recorded_roll_call_is_shown_as_recorded(client, staff, term):
    deputies = DeputyFactory.create_batch(4, term=term)
    session = SessionFactory(term=term, deputies_in_office=4, present=4, excused=0)
    marks = dict.fromkeys((d.pk for d in deputies), AttendanceStatus.PRESENT)
    marks[deputies[3].pk] = AttendanceStatus.ABSENT
    services_recess.session_attendance_record(session=session, statuses=marks, acting_user=None)
    response = page(client, session)
    assert sorted(checked(response)) == ["absent", "present", "present", "present"]
    assert (count(response, "present"), count(response, "absent")) == ("3", "1")
    assert disagreements(response) == 0


def test_a_roll_call_that_no_longer_matches_the_session_is_said_once(client, staff, term):
    deputies = DeputyFactory.create_batch(4, term=term)
    session = SessionFactory(term=term, deputies_in_office=4, present=4, excused=0)
    services_recess.session_attendance_record(
        session=session,
        statuses=dict.fromkeys((d.pk for d in deputies), AttendanceStatus.PRESENT),
        acting_user=None,
    )
    session.present = 3  # changed on the session's form afterwards
    session.save()
    response = page(client, session)
    assert disagreements(response) == 1
    assert "点名应到4名代表，实到4名；会议记录全体代表4名，实到3名" in response.text
