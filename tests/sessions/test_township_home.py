"""The township home page: this year's sessions, the next planned session, what is still
owed this year, recent changes, quick actions — and the page that picks a township."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from congress import services
from congress.models import Deputy, DeputyStatus, DeputyStatusChange, Role
from sessions.models import ActivityKind, ReportKind, SessionStatus
from tests.factories import (
    DeputyActivityFactory,
    DeputyFactory,
    PresidiumMeetingFactory,
    ReportFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2024, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The page's "today" and "now": mid-June 2024."""
    now = aware(2024, 6, 15, 9, 0)
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1, starts_on=D(2021, 12, 28), seat_quota=45)


@pytest.fixture
def township(term):
    return term.township


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


def home(client, township):
    response = client.get(reverse("sessions:township_home", args=[township.pk]))
    assert response.status_code == 200
    return response


def owed(client, township) -> list[str]:
    """What the rule engine says is still owed this year: the fragment the home page loads."""
    response = client.get(reverse("oversight:township_status", args=[township.pk]))
    assert response.status_code == 200
    return response.context["result"].owed


def test_this_years_sessions_held_and_planned_are_listed(client, staff, term, township):
    SessionFactory(term=term, ordinal=4, opens_at=aware(2023, 12, 20, 9))  # last year: not listed
    held = SessionFactory(term=term, ordinal=5, opens_at=aware(2024, 3, 5, 8, 30))
    planned = SessionFactory(
        term=term, ordinal=6, status=SessionStatus.PLANNED, present=None, opens_at=aware(2024, 9, 10, 9)
    )
    response = home(client, township)
    assert [row.session for row in response.context["facts"].sessions] == [held, planned]
    assert response.context["facts"].held == 1
    assert "第十八届第五次会议" in response.text


def test_the_next_planned_session_is_shown_with_its_countdown(client, staff, term, township):
    SessionFactory(
        term=term, ordinal=5, status=SessionStatus.PLANNED, present=None, opens_at=aware(2024, 9, 10, 9)
    )
    nearest = SessionFactory(
        term=term, ordinal=6, status=SessionStatus.PLANNED, present=None, opens_at=aware(2024, 6, 20, 9)
    )
    response = home(client, township)
    assert response.context["next_session"] == nearest
    assert response.context["days_to_next"] == 5


def test_a_session_without_quorum_does_not_count_as_held(client, staff, term, township):
    SessionFactory(term=term, ordinal=5, deputies_in_office=45, present=29, excused=0)  # quorum is 30
    response = home(client, township)
    assert response.context["facts"].held == 0


def test_a_session_with_quorum_counts_as_held(client, staff, term, township):
    SessionFactory(term=term, ordinal=5, deputies_in_office=45, present=30, excused=0)
    assert home(client, township).context["facts"].held == 1


def session_row(response, name: str) -> str:
    row = re.search(rf"<tr>\s*<td[^>]*><a [^>]*>{name}</a>.*?</tr>", response.text, re.S)
    assert row, name
    return row.group(0)


def test_each_session_shows_the_rule_engines_own_flags(client, staff, term, township):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    SessionFactory(term=term, ordinal=4, deputies_in_office=45, present=29, excused=0)
    SessionFactory(
        term=term, ordinal=5, opens_at=aware(2024, 5, 7, 10), closes_at=aware(2024, 5, 7, 15), present=40
    )
    response = home(client, township)
    assert "法定人数" in session_row(response, "第十八届第四次会议")
    assert "会期过短" not in session_row(response, "第十八届第四次会议")
    assert "会期过短" in session_row(response, "第十八届第五次会议")
    assert "法定人数" not in session_row(response, "第十八届第五次会议")


def unscheduled(response) -> bool:
    return "next-session border-start border-4 border-warning" in response.text


def test_with_nothing_held_and_nothing_planned_the_year_is_unscheduled(client, staff, township):
    assert unscheduled(home(client, township))


def test_a_planned_session_later_this_year_schedules_the_year(client, staff, term, township):
    SessionFactory(
        term=term, ordinal=5, status=SessionStatus.PLANNED, present=None, opens_at=aware(2024, 12, 31, 9)
    )
    response = home(client, township)
    assert not unscheduled(response)


def test_nothing_dated_after_today_counts_as_done(client, staff, term, township):
    # Recorded before entry refused it: a session "held" tomorrow; an activity and a presidium
    # meeting dated tomorrow. Today's count them all (the home's "today" is 2024-06-15 09:00).
    SessionFactory(term=term, ordinal=5, opens_at=aware(2024, 6, 15, 8, 30))
    SessionFactory(term=term, ordinal=6, opens_at=aware(2024, 6, 16, 8, 30))
    DeputyActivityFactory(township=township, held_on=D(2024, 6, 15))
    DeputyActivityFactory(township=township, held_on=D(2024, 6, 16))
    PresidiumMeetingFactory(township=township, held_on=D(2024, 6, 15))
    PresidiumMeetingFactory(township=township, held_on=D(2024, 6, 16))
    facts = home(client, township).context["facts"]
    assert (facts.held, facts.activities, facts.presidium_meetings) == (1, 1, 1)


def test_the_home_page_loads_the_rule_engines_status_of_the_year(client, staff, township):
    response = home(client, township)
    assert f'hx-get="{reverse("oversight:township_status", args=[township.pk])}"' in response.text


def test_what_is_owed_clears_as_the_facts_are_recorded(client, staff, term, township):
    first = SessionFactory(term=term, ordinal=5, opens_at=aware(2024, 3, 5, 8, 30))
    ReportFactory(session=first, kind=ReportKind.GOVERNMENT_WORK)
    ReportFactory(session=first, kind=ReportKind.BUDGET, title="预算")
    ReportFactory(session=first, kind=ReportKind.FINAL_ACCOUNTS, title="决算")  # fiscal year 2023 by default
    ReportFactory(session=first, kind=ReportKind.PRESIDIUM_WORK, title="主席团工作报告")
    DeputyActivityFactory(township=township, held_on=D(2024, 4, 1), kind=ActivityKind.SPECIFIC_ISSUE_HEARING)
    DeputyActivityFactory(township=township, held_on=D(2024, 5, 1), kind=ActivityKind.TRAINING)  # not counted
    # A second session and a second counted activity are still owed; the rest is done.
    assert len(owed(client, township)) == 2
    assert home(client, township).context["facts"].activities == 1

    SessionFactory(term=term, ordinal=6, opens_at=aware(2024, 6, 1, 8, 30))
    DeputyActivityFactory(township=township, held_on=D(2024, 6, 2))
    assert owed(client, township) == []


def test_a_subdistrict_owes_no_session(client, township, staff):
    township.name = "城南街道"
    township.save()
    response = home(client, township)
    assert not response.context["facts"].applicable
    assert not unscheduled(response)
    assert "hx-get" not in response.text


def test_recent_changes_name_what_changed_and_who_changed_it(client, staff, term, township):
    deputy = services.deputy_create(
        term=term, name="王芳", gender="female", took_office_on=term.starts_on, acting_user=staff
    )
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.RESIGNED, effective_on=D(2024, 5, 1), acting_user=staff
    )
    changes = home(client, township).context["changes"]
    with translation.override("zh-hans"):
        deputy_kind = str(Deputy._meta.verbose_name)
        change_kind = str(DeputyStatusChange._meta.verbose_name)
    assert {(c.action, c.kind, c.user) for c in changes if c.label == "王芳"} == {
        ("created", deputy_kind, staff.username),  # the deputy added (a user with no first name)
        ("created", change_kind, staff.username),  # the status change recorded
        ("changed", deputy_kind, staff.username),  # the deputy's status and left-office day
    }


def test_recent_changes_show_only_this_townships_record(client, staff, township):
    DeputyFactory(name="别镇代表")
    assert all(c.label != "别镇代表" for c in home(client, township).context["changes"])


def test_recent_changes_are_limited_to_the_latest_ten(client, staff, term, township):
    DeputyFactory.create_batch(12, term=term)
    assert len(home(client, township).context["changes"]) == 10


def test_quick_actions_are_offered_to_the_staff_and_link_only_to_pages_that_exist(
    client, staff, term, township
):
    response = home(client, township)
    assert reverse("roster:deputy_create", args=[township.pk, term.pk]) in response.text
    assert reverse("sessions:session_create", args=[township.pk]) in response.text


def test_county_staff_read_the_home_page_without_quick_actions(client, world, term, township):
    client.force_login(world.county_staff)
    response = home(client, township)
    assert not response.context["can_write"]
    assert reverse("roster:deputy_create", args=[township.pk, term.pk]) not in response.text


def test_the_home_page_costs_the_same_number_of_queries_whatever_the_size_of_the_record(
    client, staff, term, township
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            home(client, township)
        return len(captured)

    SessionFactory(term=term, ordinal=1, opens_at=aware(2024, 3, 5, 8, 30))
    DeputyFactory(term=term)
    small = queries()
    for n in range(2, 8):
        session = SessionFactory(term=term, ordinal=n, opens_at=aware(2024, n, 1, 8, 30))
        ReportFactory(session=session, kind=ReportKind.BUDGET)
        PresidiumMeetingFactory(township=township, held_on=D(2024, n, 2))
        DeputyActivityFactory(township=township, held_on=D(2024, n, 3))
        deputy = DeputyFactory(term=term)
        SuggestionFactory(township=township, lead_deputy=deputy)
        services.deputy_status_change(
            deputy=deputy, status=DeputyStatus.MOVED_AWAY, effective_on=D(2024, n, 4), acting_user=None
        )
    assert queries() == small


# Picking a township -----------------------------------------------------------------------


def test_staff_of_several_townships_pick_one(client):
    first = TownshipFactory(name="甲镇")
    second = TownshipFactory(name="乙乡", county=first.county)
    client.force_login(make_user(Role.TOWNSHIP_STAFF, first.county, [first, second]))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert list(response.context["townships"]) == [first, second]
    assert reverse("sessions:township_home", args=[second.pk]) in response.text


def test_staff_of_one_township_go_straight_to_it(client, world, township):
    client.force_login(world.staff)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("sessions:township_home", args=[township.pk])


def test_county_staff_start_on_the_dashboard(client, world):
    client.force_login(world.county_staff)
    assert client.get(reverse("home"))["Location"] == reverse("oversight:dashboard")
