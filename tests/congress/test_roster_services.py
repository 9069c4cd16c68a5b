"""congress.services: terms, deputies, dated status changes, the presidium — and the number
of deputies in office on a day, derived from them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from congress import services
from congress.models import Deputy, DeputyStatus, PresidiumRole, Role, Term
from tests.factories import DeputyFactory, TermFactory, TownshipFactory, make_user

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def in_office(term, day) -> int:
    return Deputy.objects.filter(term=term).in_office_on(day).count()


# Terms ------------------------------------------------------------------------------------


def test_term_create_records_the_term_with_its_author():
    township = TownshipFactory()
    user = make_user(Role.TOWNSHIP_STAFF, township.county, [township])
    term = services.term_create(
        township=township,
        ordinal=18,
        elected_on=D(2021, 11, 20),
        starts_on=D(2021, 12, 28),
        seat_quota=45,
        acting_user=user,
    )
    assert Term.objects.get(pk=term.pk).seat_quota == 45
    assert term.history.latest().history_user == user


def test_a_duplicate_term_number_is_refused_on_the_number():
    township = TownshipFactory()
    TermFactory(township=township, ordinal=18)
    with pytest.raises(ValidationError) as excinfo:
        services.term_create(
            township=township, ordinal=18, starts_on=D(2027, 1, 5), seat_quota=45, acting_user=None
        )
    assert errors_of(excinfo)["ordinal"] == [
        "Term number: this township already has a term with this number."
    ]


def test_a_term_ending_before_it_starts_is_refused_on_the_end():
    with pytest.raises(ValidationError) as excinfo:
        services.term_create(
            township=TownshipFactory(),
            ordinal=18,
            starts_on=D(2021, 12, 28),
            ends_on=D(2021, 12, 27),
            seat_quota=45,
            acting_user=None,
        )
    assert errors_of(excinfo)["ends_on"] == ["End of term: the date is before the start of the term."]


def test_a_term_ending_on_its_first_day_is_accepted():
    term = services.term_create(
        township=TownshipFactory(),
        ordinal=18,
        starts_on=D(2021, 12, 28),
        ends_on=D(2021, 12, 28),
        seat_quota=45,
        acting_user=None,
    )
    assert term.ends_on == term.starts_on


def test_an_election_completed_after_the_start_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.term_create(
            township=TownshipFactory(),
            ordinal=18,
            elected_on=D(2022, 1, 2),
            starts_on=D(2021, 12, 28),
            seat_quota=45,
            acting_user=None,
        )
    assert "elected_on" in errors_of(excinfo)


def test_a_new_term_closes_the_open_previous_term_the_day_before_it_starts():
    township = TownshipFactory()
    previous = TermFactory(township=township, ordinal=18, starts_on=D(2021, 12, 28), ends_on=None)
    services.term_create(
        township=township, ordinal=19, starts_on=D(2026, 12, 30), seat_quota=45, acting_user=None
    )
    previous.refresh_from_db()
    assert previous.ends_on == D(2026, 12, 29)


def test_an_older_term_added_later_ends_the_day_before_the_next_one():
    township = TownshipFactory()
    TermFactory(township=township, ordinal=18, starts_on=D(2021, 12, 28))
    older = services.term_create(
        township=township, ordinal=17, starts_on=D(2016, 12, 20), seat_quota=40, acting_user=None
    )
    assert older.ends_on == D(2021, 12, 27)


def test_overlapping_terms_are_refused():
    township = TownshipFactory()
    TermFactory(township=township, ordinal=18, starts_on=D(2021, 12, 28), ends_on=D(2026, 12, 29))
    with pytest.raises(ValidationError) as excinfo:
        services.term_create(
            township=township, ordinal=19, starts_on=D(2026, 6, 1), seat_quota=45, acting_user=None
        )
    assert "starts_on" in errors_of(excinfo)


def test_term_numbers_must_follow_the_order_of_the_dates():
    township = TownshipFactory()
    TermFactory(township=township, ordinal=18, starts_on=D(2021, 12, 28), ends_on=D(2026, 12, 29))
    with pytest.raises(ValidationError) as excinfo:
        services.term_create(
            township=township, ordinal=16, starts_on=D(2027, 1, 5), seat_quota=45, acting_user=None
        )
    assert "ordinal" in errors_of(excinfo)


def test_the_seat_quota_cannot_drop_below_the_deputies_in_office_at_once():
    term = TermFactory(seat_quota=3)
    DeputyFactory.create_batch(3, term=term)
    with pytest.raises(ValidationError) as excinfo:
        services.term_update(
            term=term, ordinal=term.ordinal, starts_on=term.starts_on, seat_quota=2, acting_user=None
        )
    assert errors_of(excinfo)["seat_quota"] == ["Seat quota: 3 deputies were in office at the same time."]


def test_the_term_cannot_start_after_a_deputy_took_office():
    term = TermFactory(starts_on=D(2021, 12, 28))
    DeputyFactory(term=term, took_office_on=D(2021, 12, 28))
    with pytest.raises(ValidationError) as excinfo:
        services.term_update(
            term=term, ordinal=term.ordinal, starts_on=D(2022, 1, 1), seat_quota=45, acting_user=None
        )
    assert "starts_on" in errors_of(excinfo)


# Deputies ---------------------------------------------------------------------------------


def test_deputy_create_adds_a_deputy_in_office_from_the_day_given():
    term = TermFactory()
    deputy = services.deputy_create(
        term=term,
        name="王芳",
        gender="female",
        ethnicity="苗族",
        took_office_on=D(2022, 3, 1),
        constituency="第三选区",
        acting_user=None,
    )
    assert deputy.status == DeputyStatus.IN_OFFICE and deputy.left_on is None
    assert in_office(term, D(2022, 2, 28)) == 0
    assert in_office(term, D(2022, 3, 1)) == 1


def test_a_deputy_taking_office_before_the_term_is_refused():
    term = TermFactory(starts_on=D(2021, 12, 28))
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_create(
            term=term, name="王芳", gender="female", took_office_on=D(2021, 12, 27), acting_user=None
        )
    assert errors_of(excinfo)["took_office_on"][0].startswith(
        "Took office on: the date is before the start of the term"
    )


def test_a_deputy_taking_office_after_the_term_is_refused():
    term = TermFactory(starts_on=D(2016, 12, 20), ends_on=D(2021, 12, 27), elected_on=None)
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_create(
            term=term, name="王芳", gender="female", took_office_on=D(2021, 12, 28), acting_user=None
        )
    assert "took_office_on" in errors_of(excinfo)


def test_no_more_deputies_than_seats_on_any_day():
    term = TermFactory(seat_quota=2)
    DeputyFactory.create_batch(2, term=term)
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_create(
            term=term, name="王芳", gender="female", took_office_on=D(2023, 1, 1), acting_user=None
        )
    assert errors_of(excinfo)["took_office_on"] == [
        "Took office on: on Jan. 1, 2023 the term already has 2 deputies in office, its full seat "
        "quota of 2, and no seat frees up later. First record a deputy leaving office (resignation, "
        "recall…), then choose a day from then on."
    ]


def test_a_seat_left_free_can_be_filled_from_the_day_it_is_free():
    term = TermFactory(seat_quota=2)
    first, _second = DeputyFactory.create_batch(2, term=term)
    services.deputy_status_change(
        deputy=first, status=DeputyStatus.RESIGNED, effective_on=D(2023, 5, 1), acting_user=None
    )
    with pytest.raises(ValidationError):
        services.deputy_create(
            term=term, name="补选代表", gender="male", took_office_on=D(2023, 4, 30), acting_user=None
        )
    services.deputy_create(
        term=term, name="补选代表", gender="male", took_office_on=D(2023, 5, 1), acting_user=None
    )
    assert in_office(term, D(2023, 5, 1)) == 2


def test_deputy_update_cannot_move_taking_office_after_a_status_change():
    deputy = DeputyFactory()
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.MOVED_AWAY, effective_on=D(2023, 5, 1), acting_user=None
    )
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_update(
            deputy=deputy,
            name=deputy.name,
            gender=deputy.gender,
            took_office_on=D(2023, 6, 1),
            acting_user=None,
        )
    assert "took_office_on" in errors_of(excinfo)


# Status changes and the deputies in office ------------------------------------------------


def test_a_status_change_keeps_the_past_and_sets_the_latest_status():
    term = TermFactory()
    deputy = DeputyFactory(term=term)
    user = make_user(Role.TOWNSHIP_STAFF, term.township.county, [term.township])
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.RESIGNED, effective_on=D(2023, 5, 1), note="辞职", acting_user=user
    )
    deputy.refresh_from_db()
    assert (deputy.status, deputy.left_on) == (DeputyStatus.RESIGNED, D(2023, 5, 1))
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.IN_OFFICE, effective_on=D(2023, 9, 1), acting_user=None
    )
    deputy.refresh_from_db()
    assert (deputy.status, deputy.left_on) == (DeputyStatus.IN_OFFICE, None)
    assert list(deputy.status_changes.values_list("status", flat=True)) == ["resigned", "in_office"]
    assert deputy.status_changes.first().history.latest().history_user == user


def test_a_deputy_who_leaves_on_a_day_is_not_counted_on_that_day():
    term = TermFactory()
    staying = DeputyFactory.create_batch(2, term=term)
    leaving = DeputyFactory(term=term)
    services.deputy_status_change(
        deputy=leaving, status=DeputyStatus.DECEASED, effective_on=D(2024, 3, 5), acting_user=None
    )
    assert in_office(term, D(2024, 3, 4)) == 3
    assert in_office(term, D(2024, 3, 5)) == 2
    assert len(staying) == 2


def test_the_count_on_a_past_day_does_not_change_when_a_deputy_leaves_later():
    term = TermFactory()
    deputies = DeputyFactory.create_batch(3, term=term)
    before = in_office(term, D(2023, 1, 1))
    services.deputy_status_change(
        deputy=deputies[0], status=DeputyStatus.RECALLED, effective_on=D(2024, 1, 1), acting_user=None
    )
    assert in_office(term, D(2023, 1, 1)) == before == 3


def test_a_status_change_before_taking_office_is_refused_on_its_date():
    deputy = DeputyFactory(took_office_on=D(2022, 6, 1), term__starts_on=D(2021, 12, 28))
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_status_change(
            deputy=deputy, status=DeputyStatus.RESIGNED, effective_on=D(2022, 5, 31), acting_user=None
        )
    assert errors_of(excinfo)["effective_on"][0].startswith(
        "Effective on: the date is before the deputy took office"
    )


def test_a_status_change_on_the_day_of_taking_office_is_accepted():
    deputy = DeputyFactory(took_office_on=D(2022, 6, 1), term__starts_on=D(2021, 12, 28))
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.RESIGNED, effective_on=D(2022, 6, 1), acting_user=None
    )
    deputy.refresh_from_db()
    assert deputy.left_on == D(2022, 6, 1)


def test_a_status_change_dated_before_the_last_one_is_refused():
    deputy = DeputyFactory()
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.RESIGNED, effective_on=D(2023, 5, 1), acting_user=None
    )
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_status_change(
            deputy=deputy, status=DeputyStatus.IN_OFFICE, effective_on=D(2023, 4, 1), acting_user=None
        )
    assert "effective_on" in errors_of(excinfo)


def test_changing_to_the_current_status_is_refused():
    deputy = DeputyFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_status_change(
            deputy=deputy, status=DeputyStatus.IN_OFFICE, effective_on=D(2023, 4, 1), acting_user=None
        )
    assert errors_of(excinfo)["status"] == ["Status: the deputy's status is already “in office”."]


def test_a_status_change_after_the_term_ended_is_refused():
    deputy = DeputyFactory(
        term__starts_on=D(2016, 12, 20), term__ends_on=D(2021, 12, 27), term__elected_on=None
    )
    with pytest.raises(ValidationError) as excinfo:
        services.deputy_status_change(
            deputy=deputy, status=DeputyStatus.DECEASED, effective_on=D(2022, 1, 5), acting_user=None
        )
    assert "effective_on" in errors_of(excinfo)


# The presidium ----------------------------------------------------------------------------


def test_a_deputy_joins_the_presidium():
    deputy = DeputyFactory()
    member = services.presidium_member_create(
        term=deputy.term,
        deputy=deputy,
        role=PresidiumRole.CHAIR,
        since=deputy.term.starts_on,
        acting_user=None,
    )
    assert member.deputy == deputy


def test_a_deputy_of_another_term_cannot_join():
    deputy = DeputyFactory()
    other_term = TermFactory(
        township=deputy.term.township,
        ordinal=17,
        starts_on=D(2016, 12, 20),
        ends_on=D(2021, 12, 27),
        elected_on=None,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_member_create(
            term=other_term, deputy=deputy, role=PresidiumRole.MEMBER, since=D(2017, 1, 1), acting_user=None
        )
    assert "deputy" in errors_of(excinfo)


def test_one_chair_at_a_time():
    term = TermFactory()
    first, second = DeputyFactory.create_batch(2, term=term)
    services.presidium_member_create(
        term=term,
        deputy=first,
        role=PresidiumRole.CHAIR,
        since=term.starts_on,
        until=D(2023, 6, 30),
        acting_user=None,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_member_create(
            term=term, deputy=second, role=PresidiumRole.CHAIR, since=D(2023, 6, 30), acting_user=None
        )
    assert errors_of(excinfo)["role"] == ["Role: the presidium already has a chair for some of these dates."]
    # The day after the first chair's last day, the second may take over.
    services.presidium_member_create(
        term=term, deputy=second, role=PresidiumRole.CHAIR, since=D(2023, 7, 1), acting_user=None
    )


def test_two_vice_chairs_at_most():
    term = TermFactory()
    a, b, c = DeputyFactory.create_batch(3, term=term)
    for deputy in (a, b):
        services.presidium_member_create(
            term=term, deputy=deputy, role=PresidiumRole.VICE_CHAIR, since=term.starts_on, acting_user=None
        )
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_member_create(
            term=term, deputy=c, role=PresidiumRole.VICE_CHAIR, since=D(2024, 1, 1), acting_user=None
        )
    assert "role" in errors_of(excinfo)


def test_a_deputy_no_longer_in_office_cannot_join():
    deputy = DeputyFactory()
    services.deputy_status_change(
        deputy=deputy, status=DeputyStatus.MOVED_AWAY, effective_on=D(2023, 5, 1), acting_user=None
    )
    deputy.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_member_create(
            term=deputy.term, deputy=deputy, role=PresidiumRole.MEMBER, since=D(2023, 5, 1), acting_user=None
        )
    assert "since" in errors_of(excinfo)


def test_ending_a_membership_sets_its_last_day():
    deputy = DeputyFactory()
    member = services.presidium_member_create(
        term=deputy.term,
        deputy=deputy,
        role=PresidiumRole.MEMBER,
        since=deputy.term.starts_on,
        acting_user=None,
    )
    services.presidium_member_update(
        member=member, role=member.role, since=member.since, until=D(2024, 3, 5), acting_user=None
    )
    member.refresh_from_db()
    assert member.until == D(2024, 3, 5)
    with pytest.raises(ValidationError) as excinfo:
        services.presidium_member_update(
            member=member, role=member.role, since=member.since, until=D(2020, 1, 1), acting_user=None
        )
    assert "until" in errors_of(excinfo)
