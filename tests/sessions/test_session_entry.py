"""Issue 9 item 1: a session is recorded as held only once it has opened, and within its term;
安排会议 opens the form for a planned session."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from sessions import services
from sessions.models import Session, SessionStatus
from tests.factories import DeputyFactory, TermFactory, aware

pytestmark = pytest.mark.django_db

NOW = aware(2024, 6, 15, 9, 0)  # Asia/Shanghai, the project's TIME_ZONE
D = datetime.date


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def term(world):
    term = TermFactory(township=world.t1, starts_on=D(2021, 12, 28), ends_on=D(2026, 12, 27))
    DeputyFactory.create_batch(45, term=term)
    return term


def record(term, **overrides):
    kwargs = {
        "township": term.township,
        "term": term,
        "ordinal": 1,
        "status": SessionStatus.HELD,
        "opens_at": aware(2024, 3, 5, 8, 30),
        "closes_at": None,
        "present": 40,
        "excused": 3,
        "acting_user": None,
    }
    if "session" in overrides:
        return services.session_update(version=overrides["session"].version, **(kwargs | overrides))
    return services.session_create(**(kwargs | overrides))


def refused(term, **overrides) -> dict[str, list[str]]:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        record(term, **overrides)
    assert not Session.objects.exists()
    return error.value.message_dict


def test_a_session_opening_now_may_be_recorded_as_held(term):
    assert record(term, opens_at=NOW).status == SessionStatus.HELD


def test_a_session_opening_a_minute_ahead_may_not_be_recorded_as_held(term):
    errors = refused(term, opens_at=NOW + datetime.timedelta(minutes=1))
    assert list(errors) == ["status"]
    assert errors["status"][0].startswith("状态：")
    assert "尚未召开" in errors["status"][0]


def test_a_session_opening_ahead_may_be_planned(term):
    session = record(
        term, opens_at=aware(2024, 7, 11, 9), status=SessionStatus.PLANNED, present=None, excused=0
    )
    assert session.status == SessionStatus.PLANNED


@pytest.mark.parametrize("day", [D(2021, 12, 28), D(2026, 12, 27)])
def test_a_session_may_open_and_close_on_the_terms_first_and_last_day(term, day, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: aware(2027, 1, 1))
    opens = aware(day.year, day.month, day.day, 8, 30)
    assert record(term, opens_at=opens, closes_at=opens + datetime.timedelta(hours=9)).pk


def test_a_session_may_not_open_the_day_before_the_term(term):
    errors = refused(term, opens_at=aware(2021, 12, 27, 8, 30), deputies_in_office=45)
    assert list(errors) == ["opens_at"]
    assert errors["opens_at"][0].startswith("开幕时间：")


def test_a_session_may_not_close_the_day_after_the_term(term, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: aware(2027, 1, 1))
    errors = refused(term, opens_at=aware(2026, 12, 27, 8, 30), closes_at=aware(2026, 12, 28, 12))
    assert list(errors) == ["closes_at"]
    assert errors["closes_at"][0].startswith("闭幕时间：")
    assert "2026年12月27日" in errors["closes_at"][0]


# The form


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"


def test_plan_a_session_opens_the_form_with_planned_preselected(client, staff, term):
    response = client.get(reverse("sessions:session_create", args=[term.township_id]))
    assert response.context["form"].initial["status"] == SessionStatus.PLANNED
    assert 'value="planned" selected' in response.text


def test_the_form_refuses_held_for_a_session_ahead_on_the_status_and_keeps_what_was_typed(
    client, staff, term
):
    data = {
        "term": term.pk,
        "ordinal": 3,
        "kind": "regular",
        "status": "held",
        "opens_on": "2024年7月11日",
        "opens_time": "09:00",
        "venue": "镇政府大会议室",
        "present": "40",
        "excused": "3",
    }
    response = client.post(reverse("sessions:session_create", args=[term.township_id]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["status"]
    assert form.errors["status"][0].startswith("状态：")
    assert 'value="2024年7月11日"' in response.text and 'value="镇政府大会议室"' in response.text
    assert not Session.objects.exists()
