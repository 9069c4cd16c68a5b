"""The pages between sessions: recording through the forms, the messages staff see, the
deputy's record, the roll call, the home-page fragment of suggestions due, and a fixed number
of queries on every list and record page."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from congress.models import PresidiumRole, Role
from sessions import services_recess as services
from sessions.models import (
    Attendance,
    AttendanceStatus,
    DeputyActivity,
    PresidiumMeeting,
    Suggestion,
    SuggestionRound,
)
from sessions.selectors_recess import suggestions_due
from tests.factories import (
    DeputyActivityFactory,
    DeputyFactory,
    PresidiumMeetingFactory,
    PresidiumMemberFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
    aware,
    make_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1, starts_on=D(2021, 12, 28))


@pytest.fixture
def township(term):
    return term.township


@pytest.fixture
def deputies(term):
    return [DeputyFactory(term=term, name=f"代表{i}") for i in range(4)]


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


def url(name, township, **kwargs):
    return reverse(f"sessions:{name}", kwargs={"township_pk": township.pk, **kwargs})


# Recording through the pages ---------------------------------------------------------------


def test_staff_record_a_presidium_meeting_and_land_on_its_page(client, staff, township, deputies, term):
    PresidiumMemberFactory(term=term, deputy=deputies[0], role=PresidiumRole.CHAIR)
    response = client.post(
        url("meeting_create", township),
        {
            "held_on": "2024-02-20",
            "topics": "研究会议议程",
            "decisions": "",
            "members_present": [deputies[0].pk],
        },
    )
    meeting = PresidiumMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == url("meeting_detail", township, meeting_pk=meeting.pk)
    assert list(meeting.members_present.all()) == [deputies[0]]
    page = client.get(response.url).content.decode()
    assert "代表0" in page and "研究会议议程" in page
    assert PresidiumMeeting.history.filter(id=meeting.pk, history_user=staff).exists()


def test_a_participant_not_in_office_that_day_is_refused_with_a_message_naming_the_field(
    client, staff, township, deputies
):
    deputies[1].left_on = D(2024, 5, 1)
    deputies[1].save()
    response = client.post(
        url("activity_create", township),
        {"held_on": "2024-06-12", "kind": "inspection", "topic": "视察", "participants": [deputies[1].pk]},
    )
    assert response.status_code == 200
    assert (
        "Participating deputies: 代表1 was not a deputy in office on 2024-06-12." in response.content.decode()
    )
    assert not DeputyActivity.objects.exists()


def test_a_participant_of_another_township_is_refused_by_the_form(client, staff, township):
    stranger = DeputyFactory()
    response = client.post(
        url("activity_create", township),
        {"held_on": "2024-06-12", "kind": "inspection", "topic": "视察", "participants": [stranger.pk]},
    )
    assert "Participating deputies: not a deputy of this township." in response.content.decode()
    assert not DeputyActivity.objects.exists()


def test_an_empty_form_names_each_missing_field(client, staff, township):
    page = client.post(url("suggestion_create", township), {"submitted_on": ""}).content.decode()
    assert "Submitted on: required." in page
    assert "Lead deputy: required." in page
    assert "Title: required." in page


def test_the_picker_offers_the_deputies_in_office_on_the_day_typed(client, staff, township, deputies, term):
    deputies[0].left_on = D(2024, 1, 1)
    deputies[0].save()
    newcomer = DeputyFactory(term=term, name="新代表", took_office_on=D(2024, 6, 1))
    PresidiumMemberFactory(term=term, deputy=deputies[1], role=PresidiumRole.CHAIR)
    response = client.get(url("activity_create", township), {"held_on": "2023-06-12"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="day-roster"' in page
    assert "代表0" in page and "新代表" not in page
    page = client.get(url("activity_create", township), {"held_on": "2024-06-12"}, HTTP_HX_REQUEST="true")
    page = page.content.decode()
    assert "代表0" not in page and "新代表" in page
    assert f'value="{newcomer.pk}"' in page
    assert "bi-star-fill" in page  # the chair is marked


def test_a_suggestion_recorded_through_the_form_gets_its_due_date_computed(client, staff, township, deputies):
    response = client.post(
        url("suggestion_create", township),
        {
            "submitted_on": "2023-11-20",
            "lead_deputy": deputies[0].pk,
            "co_signers": [deputies[1].pk],
            "title": "关于修缮村道的建议",
            "handling_unit": "镇交通办",
            "assigned_on": "2023-11-30",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.due_on == D(2024, 2, 29)
    assert list(suggestion.co_signers.all()) == [deputies[1]]


def test_a_late_reply_is_recorded_and_marked_late(client, staff, township, deputies):
    suggestion = SuggestionFactory(township=township, lead_deputy=deputies[0])  # due 2024-06-20
    response = client.post(
        url("suggestion_reply", township, suggestion_pk=suggestion.pk),
        {"replied_on": "2024-06-21", "outcome": "in_progress"},
        follow=True,
    )
    page = response.content.decode()
    assert "marked as late" in page
    assert 'data-state="replied_late"' in page


def test_a_reply_dated_before_the_assignment_is_refused_on_the_form(client, staff, township, deputies):
    suggestion = SuggestionFactory(township=township, lead_deputy=deputies[0])  # assigned 2024-03-20
    response = client.post(
        url("suggestion_reply", township, suggestion_pk=suggestion.pk),
        {"replied_on": "2024-03-01", "outcome": "solved"},
    )
    assert "Replied on: the reply is dated before the assignment." in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.replied_on is None


def test_a_dissatisfied_deputy_reopens_the_suggestion_from_its_page(client, staff, township, deputies):
    suggestion = SuggestionFactory(
        township=township, lead_deputy=deputies[0], replied_on=D(2024, 6, 1), outcome="explained"
    )
    response = client.post(
        url("suggestion_satisfaction", township, suggestion_pk=suggestion.pk),
        {"satisfaction": "dissatisfied", "reassigned_on": "2024-06-10"},
        follow=True,
    )
    suggestion.refresh_from_db()
    assert suggestion.due_on == D(2024, 9, 10) and suggestion.replied_on is None
    assert SuggestionRound.objects.filter(suggestion=suggestion).count() == 1
    assert "Earlier rounds of handling" in response.content.decode()


def test_a_dissatisfied_deputy_without_a_new_assignment_date_is_asked_for_it(
    client, staff, township, deputies
):
    suggestion = SuggestionFactory(
        township=township, lead_deputy=deputies[0], replied_on=D(2024, 6, 1), outcome="explained"
    )
    response = client.post(
        url("suggestion_satisfaction", township, suggestion_pk=suggestion.pk),
        {"satisfaction": "dissatisfied"},
    )
    assert "Assigned again on:" in response.content.decode()
    assert not SuggestionRound.objects.exists()


def test_the_suggestion_list_filters_by_state(client, staff, township, deputies):
    SuggestionFactory(
        township=township, lead_deputy=deputies[0], title="逾期建议"
    )  # due 2024-06-20, unanswered
    SuggestionFactory(
        township=township, lead_deputy=deputies[0], title="待交办建议", assigned_on=None, due_on=None
    )
    page = client.get(url("suggestion_list", township), {"state": "overdue"}).content.decode()
    assert "逾期建议" in page and "待交办建议" not in page
    page = client.get(url("suggestion_list", township), {"state": "awaiting_assignment"}).content.decode()
    assert "逾期建议" not in page and "待交办建议" in page


def test_deleting_an_activity_goes_back_to_the_list(client, staff, township):
    activity = DeputyActivityFactory(township=township)
    response = client.post(url("activity_delete", township, activity_pk=activity.pk))
    assert response.status_code == 302 and response.url == url("activity_list", township)
    assert not DeputyActivity.objects.exists()


# The roll call and the deputy's record -----------------------------------------------------


@pytest.fixture
def session(term, deputies):
    return SessionFactory(term=term, deputies_in_office=4, present=4, excused=0)


def test_the_roll_call_page_records_each_deputy_and_updates_the_session_counts(
    client, staff, township, session, deputies
):
    data = {f"deputy_{d.pk}": "present" for d in deputies}
    data[f"deputy_{deputies[3].pk}"] = "excused"
    response = client.post(url("session_attendance", township, session_pk=session.pk), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.present, session.excused) == (3, 1)
    assert Attendance.objects.filter(session=session).count() == 4


def test_county_staff_see_the_roll_call_without_a_way_to_change_it(
    client, world, township, session, deputies
):
    client.force_login(world.county_staff)
    page = client.get(url("session_attendance", township, session_pk=session.pk)).content.decode()
    assert "代表0" in page
    assert "Save the roll call" not in page and "disabled" in page


def _absent(term, deputy, times):
    for i in range(times):
        session = SessionFactory(
            term=term, opens_at=aware(2024, 3 + i, 5, 8, 30), deputies_in_office=1, present=1, excused=0
        )
        services.session_attendance_record(
            session=session, statuses={deputy.pk: AttendanceStatus.ABSENT}, acting_user=None
        )


@pytest.mark.parametrize(("absences", "flagged"), [(1, False), (2, True)])
def test_two_absences_without_leave_are_flagged_on_the_deputys_record(
    client, staff, township, term, absences, flagged
):
    deputy = DeputyFactory(term=term, name="缺席代表")
    _absent(term, deputy, absences)
    page = client.get(url("deputy_record", township, deputy_pk=deputy.pk)).content.decode()
    assert ('data-flag="absences"' in page) is flagged


def test_the_deputys_record_shows_the_term_at_a_glance(client, staff, township, term, deputies):
    deputy = deputies[0]
    session = SessionFactory(term=term, deputies_in_office=4, present=4, excused=0)
    services.session_attendance_record(
        session=session,
        statuses={d.pk: AttendanceStatus.EXCUSED if d == deputy else "present" for d in deputies},
        acting_user=None,
    )
    activity = DeputyActivityFactory(township=township, topic="专题调研养老服务", kind="research")
    activity.participants.add(deputy)
    led = SuggestionFactory(township=township, lead_deputy=deputy, title="领衔的建议")
    cosigned = SuggestionFactory(township=township, lead_deputy=deputies[1], title="附议的建议")
    cosigned.co_signers.add(deputy)
    meeting = PresidiumMeetingFactory(township=township)
    meeting.members_present.add(deputy)
    page = client.get(url("deputy_record", township, deputy_pk=deputy.pk)).content.decode()
    for text in ("专题调研养老服务", "领衔的建议", "附议的建议", session.full_name, "excused"):
        assert text in page
    assert led.title in page and 'data-flag="absences"' not in page


def test_a_deputy_of_another_township_is_not_found(client, staff, township):
    other = DeputyFactory()
    assert client.get(url("deputy_record", township, deputy_pk=other.pk)).status_code == 404


# Suggestions due, for the home page --------------------------------------------------------


def test_suggestions_due_splits_overdue_from_due_within_14_days_in_one_query(township, deputies):
    today = D(2024, 6, 21)
    for title, due_on in (
        ("逾期", D(2024, 6, 20)),
        ("今日到期", today),
        ("两周内", D(2024, 7, 5)),
        ("尚早", D(2024, 7, 6)),
    ):
        SuggestionFactory(township=township, lead_deputy=deputies[0], title=title, due_on=due_on)
    SuggestionFactory(
        township=township, lead_deputy=deputies[0], title="已答复", replied_on=D(2024, 6, 1), outcome="solved"
    )
    with CaptureQueriesContext(connection) as queries:
        due = suggestions_due(township, today)
        html = render_to_string(
            "sessions/_suggestions_due.html", {"township": township, "suggestions_due": due}
        )
    assert len(queries) == 1
    assert [s.title for s in due.overdue] == ["逾期"]
    assert [s.title for s in due.due_soon] == ["今日到期", "两周内"]
    assert "尚早" not in html and "已答复" not in html and "逾期" in html


# Fixed query counts ------------------------------------------------------------------------


def _fill(township, term, n):
    day = D(2024, 1, 10)
    deputies = [DeputyFactory(term=term) for _ in range(n)]
    for i in range(n):
        meeting = PresidiumMeetingFactory(township=township, held_on=day + datetime.timedelta(days=20 * i))
        meeting.members_present.set(deputies)
        activity = DeputyActivityFactory(township=township, held_on=day + datetime.timedelta(days=20 * i))
        activity.participants.set(deputies)
        suggestion = SuggestionFactory(township=township, lead_deputy=deputies[i])
        suggestion.co_signers.set(deputies[:i])
        SuggestionRound.objects.create(
            suggestion=suggestion,
            number=1,
            assigned_on=D(2024, 3, 20),
            due_on=D(2024, 6, 20),
            replied_on=D(2024, 6, 1),
            outcome="planned",
            satisfaction="dissatisfied",
        )
    session = SessionFactory(term=term, deputies_in_office=n, present=n, excused=0)
    services.session_attendance_record(
        session=session, statuses={d.pk: "present" for d in deputies}, acting_user=None
    )
    return deputies[0], session


PAGES = {
    "meeting_list": lambda t, d, s: url("meeting_list", t) + "?year=2024",
    "activity_list": lambda t, d, s: url("activity_list", t) + "?year=2024",
    "suggestion_list": lambda t, d, s: url("suggestion_list", t),
    "suggestion_list_filtered": lambda t, d, s: url("suggestion_list", t) + "?state=overdue&year=2024&q=建议",
    "deputy_record": lambda t, d, s: url("deputy_record", t, deputy_pk=d.pk),
    "session_attendance": lambda t, d, s: url("session_attendance", t, session_pk=s.pk),
    "suggestion_detail": lambda t, d, s: url(
        "suggestion_detail", t, suggestion_pk=d.suggestions_led.get().pk
    ),
    "activity_detail": lambda t, d, s: url("activity_detail", t, activity_pk=d.activities.first().pk),
    "meeting_detail": lambda t, d, s: url("meeting_detail", t, meeting_pk=d.presidium_meetings.first().pk),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_costs_the_same_number_of_queries_whatever_the_size(client, page):
    counts = []
    for n in (1, 6):
        term = TermFactory(starts_on=D(2021, 12, 28))
        deputy, session = _fill(term.township, term, n)
        client.force_login(make_user(Role.TOWNSHIP_STAFF, term.township.county, [term.township]))
        address = PAGES[page](term.township, deputy, session)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 1 record, {counts[1]} for 6"


def test_the_list_of_activities_is_paginated(client, staff, township):
    for i in range(30):
        DeputyActivityFactory(
            township=township, held_on=D(2024, 1, 1) + datetime.timedelta(days=i), topic=f"活动{i}"
        )
    page = client.get(url("activity_list", township), {"year": 2024}).content.decode()
    assert "活动29" in page and "活动0<" not in page
