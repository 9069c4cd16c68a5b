"""The roster pages: terms, the roster of a term on a day, deputies, status changes, presidium."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress import services
from congress.models import Deputy, DeputyStatus, DeputyStatusChange, PresidiumRole, Term
from tests.factories import DeputyFactory, PresidiumMemberFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def term(world):
    return TermFactory(township=world.t1, seat_quota=45)


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff)
    return world.staff


def roster_url(term, on=None):
    url = reverse("roster:term_detail", args=[term.township_id, term.pk])
    return f"{url}?on={on}" if on else url


# The roster on a day ----------------------------------------------------------------------


def test_the_roster_counts_the_deputies_in_office_on_the_day_asked(client, staff, term):
    DeputyFactory.create_batch(3, term=term)
    leaving = DeputyFactory(term=term, name="离任代表")
    services.deputy_status_change(
        deputy=leaving, status=DeputyStatus.RESIGNED, effective_on=D(2024, 3, 5), acting_user=None
    )

    before = client.get(roster_url(term, "2024-03-04"))
    on_the_day = client.get(roster_url(term, "2024-03-05"))

    assert before.context["in_office"] == 4
    assert on_the_day.context["in_office"] == 3
    assert on_the_day.context["vacancies"] == 42
    row = next(row for row in on_the_day.context["rows"] if row.deputy == leaving)
    assert not row.in_office
    assert 'class="roster-out' in on_the_day.text


def test_the_roster_accepts_chinese_date_forms(client, staff, term):
    response = client.get(roster_url(term, "2024年3月5日"))
    assert response.context["day"] == D(2024, 3, 5)


def test_a_day_outside_the_term_shows_the_nearest_day_of_the_term_with_a_note(client, staff, term):
    response = client.get(roster_url(term, "2020-01-01"))
    assert response.context["day"] == term.starts_on
    assert response.context["day_note"]


def test_the_roster_breaks_the_deputies_down_by_gender_ethnicity_and_occupation(client, staff, term):
    DeputyFactory.create_batch(2, term=term, gender="female", ethnicity="苗族", occupation_group="farmer")
    DeputyFactory(term=term, gender="male", occupation_group="worker")
    response = client.get(roster_url(term, "2024-01-01"))
    assert response.context["women"] == 2 and response.context["women_share"] == 67
    assert response.context["minorities"] == 2
    assert [(b.label, b.count) for b in response.context["by_ethnicity"]] == [("苗族", 2), ("汉族", 1)]


def test_presidium_members_on_the_day_are_marked(client, staff, term):
    chair = PresidiumMemberFactory(term=term, role=PresidiumRole.CHAIR, until=D(2023, 12, 31))
    assert client.get(roster_url(term, "2023-06-01")).context["current_members"] == [chair]
    assert client.get(roster_url(term, "2024-06-01")).context["current_members"] == []


def test_the_roster_costs_the_same_number_of_queries_whatever_its_size(client, staff, term):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(roster_url(term, "2024-03-05")).status_code == 200
        return len(captured)

    DeputyFactory(term=term)
    small = queries()
    for deputy in DeputyFactory.create_batch(8, term=term):
        PresidiumMemberFactory(term=term, deputy=deputy)
        services.deputy_status_change(
            deputy=deputy, status=DeputyStatus.MOVED_AWAY, effective_on=D(2025, 1, 1), acting_user=None
        )
    assert queries() == small


def test_the_term_list_costs_the_same_number_of_queries_whatever_its_size(client, staff, term):
    url = reverse("roster:term_list", args=[term.township_id])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = queries()
    for ordinal in range(10, 15):
        older = TermFactory(
            township=term.township,
            ordinal=ordinal,
            elected_on=None,
            starts_on=D(1990 + ordinal, 1, 1),
            ends_on=D(1990 + ordinal, 12, 31),
        )
        DeputyFactory.create_batch(3, term=older)
    assert queries() == small


def test_the_term_list_shows_the_deputies_in_office_today(client, staff, term):
    DeputyFactory.create_batch(2, term=term)
    gone = DeputyFactory(term=term)
    services.deputy_status_change(
        deputy=gone, status=DeputyStatus.DECEASED, effective_on=D(2022, 5, 1), acting_user=None
    )
    response = client.get(reverse("roster:term_list", args=[term.township_id]))
    (listed,) = response.context["terms"]
    assert (listed.in_office_today, listed.deputy_count) == (2, 3)


# Writing through the forms ----------------------------------------------------------------


def test_staff_create_a_term(client, staff, term):
    response = client.post(
        reverse("roster:term_create", args=[term.township_id]),
        {"ordinal": 19, "elected_on": "2026-11-20", "starts_on": "2026-12-30", "seat_quota": 46},
    )
    new = Term.objects.get(township=term.township, ordinal=19)
    assert response.status_code == 302 and response["Location"] == roster_url(new)
    term.refresh_from_db()
    assert term.ends_on == D(2026, 12, 29)


def test_a_duplicate_term_number_is_shown_on_the_number_field(client, staff, term):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages in their English source
    response = client.post(
        reverse("roster:term_create", args=[term.township_id]),
        {"ordinal": term.ordinal, "starts_on": "2027-01-05", "seat_quota": 46},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ordinal"] == [
        "Term number: this township already has a term with this number."
    ]
    assert Term.objects.count() == 1


def test_staff_add_a_deputy_and_add_another(client, staff, term):
    url = reverse("roster:deputy_create", args=[term.township_id, term.pk])
    data = {
        "name": "王芳",
        "gender": "female",
        "ethnicity": "苗族",
        "occupation_group": "farmer",
        "constituency": "第三选区",
        "took_office_on": "2021/12/28",
    }
    response = client.post(url, {**data, "add_another": ""})
    assert response.status_code == 302 and response["Location"] == url
    deputy = Deputy.objects.get(name="王芳")
    assert (deputy.term, deputy.took_office_on, deputy.ethnicity) == (term, D(2021, 12, 28), "苗族")
    assert deputy.history.latest().history_user == staff


def test_a_deputy_taking_office_before_the_term_is_shown_on_the_field(client, staff, term):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages in their English source
    response = client.post(
        reverse("roster:deputy_create", args=[term.township_id, term.pk]),
        {
            "name": "王芳",
            "gender": "female",
            "ethnicity": "汉族",
            "occupation_group": "other",
            "took_office_on": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert (
        response.context["form"].errors["took_office_on"][0].startswith("Took office on: the date is before")
    )
    assert not Deputy.objects.exists()


def test_staff_change_a_deputys_status_and_the_page_keeps_the_past(client, staff, term):
    deputy = DeputyFactory(term=term, name="李四")
    url = reverse("roster:deputy_status_change", args=[term.township_id, deputy.pk])
    client.post(url, {"status": "resigned", "effective_on": "2023-05-01", "note": "本人辞职"})
    response = client.post(url, {"status": "in_office", "effective_on": "2023-09-01", "note": "补选当选"})
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.status == DeputyStatus.IN_OFFICE and deputy.left_on is None

    page = client.get(reverse("roster:deputy_detail", args=[term.township_id, deputy.pk]))
    assert [c.status for c in page.context["changes"]] == ["in_office", "resigned"]
    assert "本人辞职" in page.text
    assert any(entry.model == str(DeputyStatusChange._meta.verbose_name) for entry in page.context["history"])


def test_a_status_change_before_taking_office_is_shown_on_the_date(client, staff, term):
    deputy = DeputyFactory(term=term)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages in their English source
    response = client.post(
        reverse("roster:deputy_status_change", args=[term.township_id, deputy.pk]),
        {"status": "resigned", "effective_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["effective_on"][0]
        .startswith("Effective on: the date is before the deputy took office")
    )
    assert not DeputyStatusChange.objects.exists()


def test_the_status_form_does_not_offer_the_current_status(client, staff, term):
    deputy = DeputyFactory(term=term)
    response = client.get(reverse("roster:deputy_status_change", args=[term.township_id, deputy.pk]))
    offered = [value for value, _label in response.context["form"].fields["status"].choices]
    assert "in_office" not in offered and "resigned" in offered


def test_staff_add_and_end_a_presidium_membership(client, staff, term):
    deputy = DeputyFactory(term=term)
    response = client.post(
        reverse("roster:presidium_member_add", args=[term.township_id, term.pk]),
        {"deputy": deputy.pk, "role": "chair", "since": "2021-12-28"},
    )
    assert response.status_code == 302
    member = deputy.presidium_memberships.get()
    client.post(
        reverse("roster:presidium_member_edit", args=[term.township_id, member.pk]),
        {"role": "chair", "since": "2021-12-28", "until": "2024-03-05"},
    )
    member.refresh_from_db()
    assert member.until == D(2024, 3, 5)


def test_a_second_chair_is_refused_on_the_role(client, staff, term):
    PresidiumMemberFactory(term=term, role=PresidiumRole.CHAIR)
    other = DeputyFactory(term=term)
    response = client.post(
        reverse("roster:presidium_member_add", args=[term.township_id, term.pk]),
        {"deputy": other.pk, "role": "chair", "since": "2023-01-01"},
    )
    assert response.status_code == 200 and "role" in response.context["form"].errors


def test_a_deputy_of_another_township_cannot_be_picked(client, staff, term):
    stranger = DeputyFactory()
    response = client.post(
        reverse("roster:presidium_member_add", args=[term.township_id, term.pk]),
        {"deputy": stranger.pk, "role": "member", "since": "2023-01-01"},
    )
    assert response.status_code == 200 and "deputy" in response.context["form"].errors


# Reading without writing ------------------------------------------------------------------


def test_county_staff_read_the_roster_without_the_buttons_to_change_it(client, world, term):
    client.force_login(world.county_staff)
    DeputyFactory(term=term)
    response = client.get(roster_url(term))
    assert response.status_code == 200
    assert reverse("roster:deputy_create", args=[term.township_id, term.pk]) not in response.text
