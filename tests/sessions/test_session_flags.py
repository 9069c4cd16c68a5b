"""Issue 9 item 4: the session's page and its dossier show the rule engine's own flags for the
session — the same the dashboard shows — and no judgement of their own."""

import pytest
from django.urls import reverse

from tests.factories import SessionFactory, TermFactory, aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1)


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"


def pages(client, session) -> dict[str, str]:
    args = [session.township_id, session.pk]
    return {
        name: client.get(reverse(f"sessions:{name}", args=args)).text
        for name in ("session_detail", "session_dossier")
    }


def test_a_five_hour_session_shows_the_engines_too_short_flag_on_its_page_and_dossier(client, staff, term):
    short = SessionFactory(
        term=term, ordinal=3, opens_at=aware(2024, 3, 5, 10), closes_at=aware(2024, 3, 5, 15)
    )
    for name, html in pages(client, short).items():
        assert "会期过短" in html, name
        assert "仅在一天内开会5小时0分钟" in html, name


def test_a_six_hour_session_shows_no_flag(client, staff, term):
    enough = SessionFactory(
        term=term, ordinal=3, opens_at=aware(2024, 3, 5, 9), closes_at=aware(2024, 3, 5, 15)
    )
    for name, html in pages(client, enough).items():
        assert "会期过短" not in html, name
        assert "不符合法律规定" not in html, name


def test_another_sessions_flag_is_not_shown(client, staff, term):
    SessionFactory(term=term, ordinal=2, opens_at=aware(2024, 3, 5, 10), closes_at=aware(2024, 3, 5, 15))
    enough = SessionFactory(
        term=term, ordinal=3, opens_at=aware(2024, 9, 5, 9), closes_at=aware(2024, 9, 5, 17)
    )
    for name, html in pages(client, enough).items():
        assert "会期过短" not in html, name


def test_the_quorum_flag_is_the_engines_own_message(client, staff, term):
    session = SessionFactory(term=term, ordinal=3, deputies_in_office=45, present=29, excused=0)
    for name, html in pages(client, session).items():
        assert "全体代表45名，实到29名，不足法定人数30名" in html, name
