"""The session pages: list, form, page, agenda (htmx), reports, resolutions, elections,
documents, dossier, history — as township staff (who change their own township) and county
staff (who only read)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sessions.models import AgendaItem, Candidate, Election, Report, Resolution, Session
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    DeputyFactory,
    ElectionFactory,
    ReportFactory,
    ResolutionFactory,
    SessionFactory,
    TermFactory,
    aware,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    # Assertions on messages read the English source strings (one test below reads Chinese).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def term(world):
    term = TermFactory(township=world.t1)
    DeputyFactory.create_batch(45, term=term)
    return term


@pytest.fixture
def township(term):
    return term.township


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


@pytest.fixture
def county_staff(world):
    return world.county_staff


def session_data(term, **overrides):
    data = {
        "term": term.pk,
        "ordinal": 3,
        "kind": "regular",
        "status": "held",
        "announced_on": "2024/2/20",
        "opens_on": "2024年3月5日",
        "opens_time": "08:30",
        "closes_on": "2024-03-05",
        "closes_time": "17:30",
        "venue": "镇政府大会议室",
        "deputies_in_office": "",
        "deputies_in_office_note": "",
        "present": "40",
        "excused": "3",
        "notes": "",
    }
    return data | overrides


def field_errors(response, name):
    """The messages shown under one field of the page's form (crispy's invalid-feedback)."""
    html = response.content.decode()
    block = re.search(rf'id="error_\d+_id_{name}"[^>]*>(.*?)</', html, re.S)
    return block.group(1).strip() if block else ""


# The list


def test_session_list_filters_by_term_and_year_and_paginates(client, staff, term):
    older = TermFactory(
        township=term.township, ordinal=17, starts_on=datetime.date(2016, 12, 1), elected_on=None
    )
    SessionFactory(term=older, ordinal=1, opens_at=aware(2019, 3, 1, 9))
    for n in range(22):
        SessionFactory(term=term, ordinal=n + 1, opens_at=aware(2022 + n % 3, 3, 1 + n, 9))
    url = reverse("sessions:session_list", args=[term.township_id])

    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 20
    assert response.context["page_obj"].paginator.count == 23

    response = client.get(url, {"term": older.pk})
    assert [s.term_id for s in response.context["page_obj"]] == [older.pk]

    response = client.get(url, {"year": 2023})
    years = {timezone.localtime(s.opens_at).year for s in response.context["page_obj"]}
    assert years == {2023}
    assert 'value="2019"' in response.content.decode()

    response = client.get(url, {"page": 2})
    assert len(response.context["page_obj"]) == 3


# Creating and editing a session


def test_staff_record_a_session_with_dates_typed_the_chinese_way(client, staff, term):
    response = client.post(reverse("sessions:session_create", args=[term.township_id]), session_data(term))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:session_detail", args=[term.township_id, session.pk])
    assert timezone.localtime(session.opens_at) == aware(2024, 3, 5, 8, 30)
    assert timezone.localtime(session.closes_at) == aware(2024, 3, 5, 17, 30)
    assert session.announced_on == datetime.date(2024, 2, 20)
    # N prefilled from the roster on the opening day.
    assert session.deputies_in_office == 45
    assert session.history.get().history_user == staff


def test_new_session_form_proposes_the_next_number_in_the_latest_term(client, staff, term):
    SessionFactory(term=term, ordinal=4)
    response = client.get(reverse("sessions:session_create", args=[term.township_id]))
    assert response.context["form"].initial["ordinal"] == 5
    assert response.context["form"].initial["term"] == term.pk


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"present": "46"}, "present", "Present: more deputies present than deputies in office."),
        ({"present": "-1"}, "present", "Present: must be 0 or more."),
        ({"present": "四十"}, "present", "Present: enter a whole number."),
        ({"excused": "6"}, "excused", "Excused: more excused absences than deputies absent."),
        ({"closes_on": "2024-03-04"}, "closes_on", "Closes at: the session closes before it opens."),
        (
            {"opens_on": "2021-01-05", "closes_on": "", "closes_time": ""},
            "opens_on",
            "Opens at: the opening day is outside the term",
        ),
        ({"opens_on": "2024-13-05"}, "opens_on", "Opening day: enter a date such as 2024-03-05"),
        (
            {"deputies_in_office": "44"},
            "deputies_in_office_note",
            "Reason for changing the number of deputies: the roster has 45 deputies",
        ),
        ({"closes_time": ""}, "closes_time", "Closing time: enter the time as well as the day."),
        ({"status": "held", "present": ""}, "present", "Present: a held session needs the number"),
    ],
)
def test_impossible_session_is_refused_next_to_the_field_and_nothing_is_saved(
    client, staff, term, overrides, field, message
):
    response = client.post(
        reverse("sessions:session_create", args=[term.township_id]), session_data(term, **overrides)
    )
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert not Session.objects.exists()


def test_refusal_is_in_chinese_for_a_chinese_user(client, staff, term):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = client.post(
        reverse("sessions:session_create", args=[term.township_id]), session_data(term, present="46")
    )
    message = field_errors(response, "present")
    assert "实到" in message
    assert "Present" not in message


def test_duplicate_session_number_in_the_term_is_refused_on_the_number(client, staff, term):
    SessionFactory(term=term, ordinal=3)
    response = client.post(reverse("sessions:session_create", args=[term.township_id]), session_data(term))
    assert "Session number: this term already has a session with this number." in field_errors(
        response, "ordinal"
    )
    assert Session.objects.count() == 1


def test_a_number_of_deputies_other_than_the_roster_is_kept_with_its_reason(client, staff, term):
    client.post(
        reverse("sessions:session_create", args=[term.township_id]),
        session_data(term, deputies_in_office="44", deputies_in_office_note="一名代表当日去世"),
    )
    session = Session.objects.get()
    assert (session.deputies_in_office, session.deputies_in_office_note) == (44, "一名代表当日去世")


def test_quorum_short_session_is_saved_and_shown_as_a_warning(client, staff, term):
    client.post(reverse("sessions:session_create", args=[term.township_id]), session_data(term, present="29"))
    session = Session.objects.get()
    response = client.get(reverse("sessions:session_detail", args=[term.township_id, session.pk]))
    assert "29 of 45 deputies present, fewer than the quorum of 30" in response.content.decode()
    assert "quorum not met" in response.content.decode()


def test_edit_keeps_the_form_filled_and_saves_changes(client, staff, term):
    session = SessionFactory(term=term, ordinal=2, deputies_in_office=45)
    url = reverse("sessions:session_edit", args=[term.township_id, session.pk])
    response = client.get(url)
    assert response.context["form"].initial["opens_on"] == datetime.date(2024, 3, 5)
    client.post(url, session_data(term, ordinal=2, venue="镇文化礼堂", deputies_in_office="45", version=1))
    session.refresh_from_db()
    assert session.venue == "镇文化礼堂"


def test_roster_hint_tells_n_for_the_chosen_term_and_day(client, staff, term):
    response = client.get(
        reverse("sessions:session_roster_count", args=[term.township_id]),
        {"term": term.pk, "opens_on": "2024/3/5"},
        headers={"HX-Request": "true"},
    )
    assert "45 deputies were in office" in response.content.decode()


def test_delete_asks_first_then_deletes_everything_under_the_session(client, staff, term):
    session = SessionFactory(term=term)
    AgendaItemFactory(session=session)
    ResolutionFactory(session=session)
    url = reverse("sessions:session_delete", args=[term.township_id, session.pk])
    response = client.get(url)
    assert "1 agenda item" in response.content.decode()
    assert Session.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Session.objects.exists()
    assert not AgendaItem.objects.exists()


# The session's page


def test_session_page_shows_the_whole_record_and_flags_what_is_unlawful(client, staff, term):
    session = SessionFactory(term=term, ordinal=3, present=40)
    AgendaItemFactory(session=session, title="听取和审议政府工作报告")
    ReportFactory(session=session, title="政府工作报告")
    ResolutionFactory(
        session=session, title="关于财政预算的决议", votes_for=22, votes_against=10, votes_abstain=8
    )
    election = ElectionFactory(session=session)
    CandidateFactory(election=election, name="王五", votes=23, elected=True)
    response = client.get(reverse("sessions:session_detail", args=[term.township_id, session.pk]))
    html = response.content.decode()
    assert session.full_name in html
    for text in ("听取和审议政府工作报告", "政府工作报告", "关于财政预算的决议", "王五"):
        assert text in html
    # 22 for of 45 is not a majority of all deputies; 23 is.
    assert "“关于财政预算的决议” recorded as adopted with 22 votes for" in html
    assert "王五 recorded as elected" not in html
    assert "Edit" in html and reverse("sessions:session_edit", args=[term.township_id, session.pk]) in html


def test_county_staff_read_the_page_without_any_way_to_change_it(client, county_staff, term):
    session = SessionFactory(term=term)
    client.force_login(county_staff)
    response = client.get(reverse("sessions:session_detail", args=[term.township_id, session.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("sessions:session_edit", args=[term.township_id, session.pk]) not in html
    assert reverse("sessions:agenda_item_add", args=[term.township_id, session.pk]) not in html
    response = client.post(
        reverse("sessions:agenda_item_add", args=[term.township_id, session.pk]), {"agenda-title": "x"}
    )
    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_another_townships_session_is_not_found(client, staff, term):
    other = SessionFactory()
    assert (
        client.get(reverse("sessions:session_detail", args=[term.township_id, other.pk])).status_code == 404
    )
    assert (
        client.get(reverse("sessions:session_detail", args=[other.township_id, other.pk])).status_code == 404
    )


# The agenda, in place


def test_agenda_items_are_added_reordered_and_removed_in_place(client, staff, term):
    session = SessionFactory(term=term)
    add = reverse("sessions:agenda_item_add", args=[term.township_id, session.pk])
    htmx = {"HX-Request": "true"}
    for title in ("一", "二", "三"):
        response = client.post(add, {"agenda-title": title, "agenda-kind": "report"}, headers=htmx)
    assert response.status_code == 200
    assert (
        response.content.decode().lstrip().startswith('<div id="agenda"')
    )  # the page's agenda partial alone
    third = AgendaItem.objects.get(title="三")
    client.post(
        reverse("sessions:agenda_item_move", args=[term.township_id, session.pk, third.pk]),
        {"direction": "up"},
        headers=htmx,
    )
    assert list(session.agenda_items.values_list("title", flat=True)) == ["一", "三", "二"]
    first = AgendaItem.objects.get(title="一")
    client.post(
        reverse("sessions:agenda_item_delete", args=[term.township_id, session.pk, first.pk]), headers=htmx
    )
    assert list(session.agenda_items.values_list("title", "position")) == [("三", 1), ("二", 2)]


def test_agenda_item_without_a_title_is_refused_in_place(client, staff, term):
    session = SessionFactory(term=term)
    response = client.post(
        reverse("sessions:agenda_item_add", args=[term.township_id, session.pk]),
        {"agenda-title": "", "agenda-kind": "report"},
        headers={"HX-Request": "true"},
    )
    assert "Title: required." in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_agenda_item_of_another_session_cannot_be_moved_through_this_one(client, staff, term):
    session = SessionFactory(term=term)
    foreign = AgendaItemFactory()
    response = client.post(
        reverse("sessions:agenda_item_move", args=[term.township_id, session.pk, foreign.pk]),
        {"direction": "up"},
    )
    assert response.status_code == 404


# Reports and resolutions: formset pages


def formset_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def test_reports_are_recorded_changed_and_removed_on_one_page(client, staff, term):
    session = SessionFactory(term=term)
    url = reverse("sessions:session_reports", args=[term.township_id, session.pk])
    response = client.post(
        url,
        formset_data(
            "reports",
            [
                {
                    "kind": "government_work",
                    "title": "政府工作报告",
                    "presenter": "镇长",
                    "outcome": "approved",
                },
                {
                    "kind": "budget",
                    "title": "2024年财政预算报告",
                    "fiscal_year": "2024",
                    "outcome": "approved",
                },
                {"kind": "", "title": "", "outcome": "approved"},
            ],
        ),
    )
    assert response.status_code == 302
    assert Report.objects.count() == 2
    government, budget = Report.objects.order_by("pk")
    response = client.post(
        url,
        formset_data(
            "reports",
            [
                {
                    "id": government.pk,
                    "version": government.version,
                    "kind": "government_work",
                    "title": "政府工作报告（修改）",
                    "outcome": "approved",
                },
                {
                    "id": budget.pk,
                    "version": budget.version,
                    "kind": "budget",
                    "title": budget.title,
                    "outcome": "approved",
                    "DELETE": "on",
                },
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert list(Report.objects.values_list("title", flat=True)) == ["政府工作报告（修改）"]


def test_a_bad_report_row_saves_none_of_the_rows(client, staff, term):
    session = SessionFactory(term=term)
    response = client.post(
        reverse("sessions:session_reports", args=[term.township_id, session.pk]),
        formset_data(
            "reports",
            [
                {"kind": "government_work", "title": "政府工作报告", "outcome": "approved"},
                {"kind": "government_work", "title": "另一份", "fiscal_year": "2024", "outcome": "approved"},
            ],
        ),
    )
    assert response.status_code == 200
    assert "Fiscal year: only budget" in response.content.decode()
    assert not Report.objects.exists()


def test_a_report_row_of_another_session_is_refused(client, staff, term):
    session = SessionFactory(term=term)
    foreign = ReportFactory()
    response = client.post(
        reverse("sessions:session_reports", args=[term.township_id, session.pk]),
        formset_data(
            "reports", [{"id": foreign.pk, "kind": "other", "title": "篡改", "outcome": "approved"}], 1
        ),
    )
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.title != "篡改"


def test_resolution_votes_above_those_present_are_refused_next_to_the_votes(client, staff, term):
    session = SessionFactory(term=term, present=40)
    response = client.post(
        reverse("sessions:session_resolutions", args=[term.township_id, session.pk]),
        formset_data(
            "resolutions",
            [{"title": "关于预算的决议", "kind": "resolution", "votes_for": "41", "adopted": "on"}],
        ),
    )
    assert response.status_code == 200
    assert "For: more votes cast than deputies present at the vote." in response.content.decode()
    assert not Resolution.objects.exists()


def test_resolution_present_at_the_vote_defaults_to_those_present(client, staff, term):
    session = SessionFactory(term=term, present=40)
    url = reverse("sessions:session_resolutions", args=[term.township_id, session.pk])
    assert client.get(url).context["formset"].forms[0]["present_at_vote"].value() == 40
    client.post(
        url,
        formset_data(
            "resolutions",
            [
                {
                    "title": "关于预算的决议",
                    "kind": "resolution",
                    "votes_for": "38",
                    "votes_against": "1",
                    "adopted": "on",
                }
            ],
        ),
    )
    resolution = Resolution.objects.get()
    assert (resolution.present_at_vote, resolution.votes_for, resolution.votes_abstain) == (40, 38, 0)


def test_resolution_present_at_the_vote_above_n_is_refused(client, staff, term):
    session = SessionFactory(term=term, present=40)
    response = client.post(
        reverse("sessions:session_resolutions", args=[term.township_id, session.pk]),
        formset_data(
            "resolutions",
            [{"title": "决议", "kind": "resolution", "present_at_vote": "46", "votes_for": "30"}],
        ),
    )
    assert "Present at the vote: more than the deputies in office." in response.content.decode()
    assert not Resolution.objects.exists()


# Elections


def test_an_election_is_recorded_with_its_candidates(client, staff, term):
    session = SessionFactory(term=term, present=40)
    deputy = term.deputies.first()
    response = client.post(
        reverse("sessions:election_create", args=[term.township_id, session.pk]),
        {
            "election-office": "head",
            "election-kind": "competitive",
            "election-seats": "1",
            "election-ballots_cast": "40",
            **formset_data(
                "candidates",
                [
                    {"name": deputy.name, "deputy": deputy.pk, "votes": "30", "elected": "on"},
                    {"name": "李四", "votes": "10"},
                    {"name": "", "votes": ""},
                ],
            ),
        },
    )
    assert response.status_code == 302
    election = Election.objects.get()
    assert list(election.candidates.values_list("name", "votes", "elected", "deputy")) == [
        (deputy.name, 30, True, deputy.pk),
        ("李四", 10, False, None),
    ]


def test_a_candidate_with_more_votes_than_ballots_is_refused_on_that_row(client, staff, term):
    session = SessionFactory(term=term, present=40)
    response = client.post(
        reverse("sessions:election_create", args=[term.township_id, session.pk]),
        {
            "election-office": "head",
            "election-kind": "competitive",
            "election-seats": "1",
            "election-ballots_cast": "40",
            **formset_data(
                "candidates",
                [{"name": "张三", "votes": "30", "elected": "on"}, {"name": "李四", "votes": "41"}],
            ),
        },
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.forms[1].errors["votes"] == ["Votes: more votes than ballots cast."]
    assert not formset.forms[0].errors
    assert not Election.objects.exists() and not Candidate.objects.exists()


def test_election_edit_changes_and_removes_candidates(client, staff, term):
    session = SessionFactory(term=term, present=40)
    election = ElectionFactory(session=session, ballots_cast=40)
    kept = CandidateFactory(election=election, name="张三", votes=30)
    dropped = CandidateFactory(election=election, name="李四", votes=8, elected=False)
    response = client.post(
        reverse("sessions:election_edit", args=[term.township_id, session.pk, election.pk]),
        {
            "election-version": election.version,
            "election-office": "head",
            "election-kind": "uncontested",
            "election-seats": "1",
            "election-ballots_cast": "40",
            **formset_data(
                "candidates",
                [
                    {"id": kept.pk, "name": "张三", "votes": "31", "elected": "on"},
                    {"id": dropped.pk, "name": "李四", "votes": "8", "DELETE": "on"},
                ],
                initial=2,
            ),
        },
    )
    assert response.status_code == 302
    assert list(election.candidates.values_list("name", "votes")) == [("张三", 31)]


def test_election_delete_asks_first(client, staff, term):
    election = ElectionFactory(session=SessionFactory(term=term))
    CandidateFactory(election=election)
    url = reverse("sessions:election_delete", args=[term.township_id, election.session_id, election.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Election.objects.exists()


# Dossier and history


def test_dossier_is_the_whole_session_without_navigation(client, staff, term):
    session = SessionFactory(term=term, ordinal=3)
    AgendaItemFactory(session=session, title="选举镇长")
    ResolutionFactory(session=session, title="关于政府工作报告的决议")
    election = ElectionFactory(session=session)
    CandidateFactory(election=election, name="王五")
    response = client.get(reverse("sessions:session_dossier", args=[term.township_id, session.pk]))
    html = response.content.decode()
    assert f"<h1>{session.full_name}</h1>" in html
    for text in ("选举镇长", "关于政府工作报告的决议", "王五", "镇政府大会议室", "quorum met"):
        assert text in html, text
    assert "navbar" not in html
    assert "township-nav" not in html


def test_history_page_shows_who_changed_what(client, staff, term):
    client.post(
        reverse("sessions:session_create", args=[term.township_id]), session_data(term, venue="甲会议室")
    )
    session = Session.objects.get()
    client.post(
        reverse("sessions:session_edit", args=[term.township_id, session.pk]),
        session_data(term, venue="乙会议室", deputies_in_office="45", version=session.version),
    )
    response = client.get(reverse("sessions:session_history", args=[term.township_id, session.pk]))
    html = response.content.decode()
    assert "甲会议室" in html and "乙会议室" in html
    changed = response.context["history"][0]
    assert changed.action == "changed" and changed.user == staff.username
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("venue", "甲会议室", "乙会议室")]
