"""The session services: every writer gets the same validation, impossible data is refused
with the field's message, possible-but-unlawful data is saved and flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from congress.models import Term
from oversight.templatetags.engine_flags import session_flags
from sessions import selectors, services
from sessions.models import AgendaItem, Candidate, Election, Resolution, Session
from tests.factories import (
    CandidateFactory,
    DeputyFactory,
    ElectionFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def term() -> Term:
    term = TermFactory()
    DeputyFactory.create_batch(45, term=term)
    return term


def record(term, **overrides):
    kwargs = {
        "township": term.township,
        "term": term,
        "ordinal": 1,
        "status": "held",
        "opens_at": aware(2024, 3, 5, 8, 30),
        "closes_at": aware(2024, 3, 5, 17, 30),
        "present": 40,
        "excused": 3,
        "acting_user": None,
    }
    if "session" in overrides:
        return services.session_update(version=overrides["session"].version, **(kwargs | overrides))
    return services.session_create(**(kwargs | overrides))


def rules(session) -> list[str]:
    """The rule engine's flags about the session, as its page shows them."""
    return [flag.rule for flag in session_flags(session)]


def messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in msgs] for field, msgs in error.message_dict.items()}


# Sessions


def test_n_is_taken_from_the_roster_on_the_opening_day(term):
    leaver = term.deputies.first()
    leaver.left_on = datetime.date(2024, 3, 5)  # leaves on the day: no longer counted that day
    leaver.save()
    assert record(term).deputies_in_office == 44


def test_n_other_than_the_roster_needs_a_reason(term):
    with pytest.raises(ValidationError) as refused:
        record(term, deputies_in_office=44)
    assert list(messages(refused.value)) == ["deputies_in_office_note"]
    assert "the roster has 45 deputies" in messages(refused.value)["deputies_in_office_note"][0]
    session = record(term, deputies_in_office=44, deputies_in_office_note="一名代表当日去世")
    assert session.deputies_in_office == 44


def test_n_must_be_typed_when_the_term_has_no_roster():
    term = TermFactory()
    with pytest.raises(ValidationError) as refused:
        record(term)
    assert "deputies_in_office" in refused.value.message_dict
    assert record(term, deputies_in_office=45, present=40).deputies_in_office == 45


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"present": 46}, "present", "Present: more deputies present than deputies in office."),
        ({"present": 40, "excused": 6}, "excused", "Excused: more excused absences than deputies absent."),
        ({"closes_at": aware(2024, 3, 5, 8)}, "closes_at", "Closes at: the session closes before it opens."),
        ({"opens_at": aware(2021, 1, 5, 9), "closes_at": None, "deputies_in_office": 45}, "opens_at", None),
        ({"present": None}, "present", "Present: a held session needs the number of deputies present."),
        ({"announced_on": datetime.date(2024, 3, 6)}, "announced_on", None),
        ({"present": -1}, "present", None),
    ],
)
def test_impossible_sessions_are_refused_on_their_field(term, overrides, field, message):
    with pytest.raises(ValidationError) as refused:
        record(term, **overrides)
    found = messages(refused.value)
    assert field in found
    if message:
        assert found[field] == [message]
    assert not Session.objects.exists()


def test_present_above_n_is_not_also_blamed_on_the_excused(term):
    with pytest.raises(ValidationError) as refused:
        record(term, present=46, excused=0)
    assert list(messages(refused.value)) == ["present"]


def test_the_boundaries_are_lawful(term):
    session = record(term, present=45, excused=0, closes_at=aware(2024, 3, 5, 8, 30))
    assert (session.present, session.closes_at) == (45, session.opens_at)


def test_a_session_number_is_used_once_in_a_term(term):
    record(term, ordinal=2)
    with pytest.raises(ValidationError) as refused:
        record(term, ordinal=2, opens_at=aware(2024, 6, 5, 8, 30), closes_at=None)
    assert messages(refused.value) == {
        "ordinal": ["Session number: this term already has a session with this number."]
    }


def test_a_term_of_another_township_is_refused(term):
    with pytest.raises(ValidationError) as refused:
        record(term, township=TownshipFactory())
    assert list(messages(refused.value)) == ["term"]


def test_quorum_short_is_saved_and_flagged(term):
    session = record(term, present=29, excused=10, announced_on=datetime.date(2024, 2, 20))
    assert session.quorum_met is False
    assert rules(session) == ["quorum-not-met"]


def test_changes_are_recorded_with_who_made_them(term):
    user = make_user("township_staff", term.township.county, [term.township], username="clerk")
    session = record(term, acting_user=user)
    record(term, session=session, venue="镇文化礼堂", acting_user=user)
    assert [h.history_user for h in session.history.all()] == [user, user]
    assert Session.objects.get().venue == "镇文化礼堂"


def test_deleting_a_session_deletes_its_documents_files(term, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = record(term)
    document = services.document_upload(
        session=session, file=SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n%%EOF\n"), acting_user=None
    )
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_delete(session=session, acting_user=None)
    assert not storage.exists(name)
    assert not Session.objects.exists()


# The agenda


def test_agenda_items_keep_positions_one_to_n(term):
    session = SessionFactory(term=term)
    first, second, third = (
        services.agenda_item_create(session=session, title=t, acting_user=None) for t in ("一", "二", "三")
    )
    services.agenda_item_move(item=first, offset=1, acting_user=None)
    services.agenda_item_move(item=third, offset=1, acting_user=None)  # already last: stays
    assert list(session.agenda_items.values_list("title", "position")) == [("二", 1), ("一", 2), ("三", 3)]
    services.agenda_item_delete(item=second, acting_user=None)
    assert list(session.agenda_items.values_list("title", "position")) == [("一", 1), ("三", 2)]


def test_agenda_item_needs_a_title(term):
    with pytest.raises(ValidationError):
        services.agenda_item_create(session=SessionFactory(term=term), title="  ", acting_user=None)
    assert not AgendaItem.objects.exists()


# Reports


def test_fiscal_year_only_where_it_applies(term):
    session = SessionFactory(term=term)
    report = services.report_create(
        session=session, kind="budget", title="预算", fiscal_year=2024, acting_user=None
    )
    assert report.fiscal_year == 2024
    with pytest.raises(ValidationError) as refused:
        services.report_create(
            session=session, kind="government_work", title="政府工作报告", fiscal_year=2024, acting_user=None
        )
    assert list(messages(refused.value)) == ["fiscal_year"]
    with pytest.raises(ValidationError) as refused:
        services.report_create(
            session=session, kind="budget", title="预算", fiscal_year=1900, acting_user=None
        )
    assert messages(refused.value) == {"fiscal_year": ["Fiscal year: not a plausible year."]}


# Resolutions


def test_present_at_the_vote_defaults_to_those_present(term):
    session = SessionFactory(term=term, present=40)
    resolution = services.resolution_create(session=session, title="决议", votes_for=35, acting_user=None)
    assert resolution.present_at_vote == 40


def test_votes_above_those_present_are_refused_on_the_votes(term):
    session = SessionFactory(term=term, present=40)
    with pytest.raises(ValidationError) as refused:
        services.resolution_create(
            session=session, title="决议", votes_for=30, votes_against=8, votes_abstain=3, acting_user=None
        )
    assert messages(refused.value) == {
        "votes_for": ["For: more votes cast than deputies present at the vote."]
    }
    assert not Resolution.objects.exists()


def test_present_at_the_vote_above_n_is_refused(term):
    session = SessionFactory(term=term, present=40, deputies_in_office=45)
    with pytest.raises(ValidationError) as refused:
        services.resolution_create(
            session=session, title="决议", votes_for=30, present_at_vote=46, acting_user=None
        )
    assert messages(refused.value)["present_at_vote"] == [
        "Present at the vote: more than the deputies in office."
    ]


def test_present_at_the_vote_is_needed_while_attendance_is_unknown(term):
    session = SessionFactory(term=term, status="planned", present=None, excused=0)
    with pytest.raises(ValidationError) as refused:
        services.resolution_create(session=session, title="决议", votes_for=30, acting_user=None)
    assert list(messages(refused.value)) == ["present_at_vote"]


def test_resolution_without_majority_of_all_deputies_is_saved_and_flagged(term):
    session = SessionFactory(term=term, deputies_in_office=45, present=40)
    services.resolution_create(
        session=session, title="关于预算的决议", votes_for=22, votes_against=10, acting_user=None
    )
    services.resolution_create(session=session, title="关于决算的决议", votes_for=23, acting_user=None)
    page = selectors.session_page(session=session)
    assert [r.majority_of_all for r in page.resolutions] == [False, True]
    [flag] = session_flags(session)
    assert flag.rule == "resolution-majority-not-reached"
    assert "“关于预算的决议” recorded as adopted with 22 votes for" in flag.message


def test_a_rejected_resolution_without_majority_is_not_flagged(term):
    session = SessionFactory(term=term, deputies_in_office=45, present=40)
    services.resolution_create(
        session=session, title="决议", votes_for=10, votes_against=30, adopted=False, acting_user=None
    )
    assert rules(session) == []


# Elections


def entry(name, votes, elected=False, **kwargs):
    return services.CandidateEntry(name=name, votes=votes, elected=elected, **kwargs)


def test_an_election_is_recorded_with_its_candidates(term):
    session = SessionFactory(term=term, present=40)
    deputy = term.deputies.first()
    election = services.election_create(
        session=session,
        office="head",
        kind="competitive",
        seats=1,
        ballots_cast=40,
        candidates=[entry(deputy.name, 30, True, deputy=deputy), entry("李四", 10)],
        acting_user=None,
    )
    assert list(election.candidates.values_list("name", "votes", "elected", "deputy")) == [
        (deputy.name, 30, True, deputy.pk),
        ("李四", 10, False, None),
    ]


def test_a_candidate_with_more_votes_than_ballots_is_refused_on_its_row(term):
    session = SessionFactory(term=term, present=40)
    with pytest.raises(services.RowsInvalid) as refused:
        services.election_create(
            session=session,
            office="head",
            kind="competitive",
            seats=1,
            ballots_cast=40,
            candidates=[entry("张三", 30, True), entry("李四", 41)],
            acting_user=None,
        )
    assert list(refused.value.rows) == [1]
    assert messages(refused.value.rows[1]) == {"votes": ["Votes: more votes than ballots cast."]}
    assert not Election.objects.exists() and not Candidate.objects.exists()


def test_more_elected_than_seats_and_more_ballots_than_n_are_refused(term):
    session = SessionFactory(term=term, present=40, deputies_in_office=45)
    with pytest.raises(services.RowsInvalid) as refused:
        services.election_create(
            session=session,
            office="vice_chair",
            kind="competitive",
            seats=1,
            ballots_cast=46,
            candidates=[entry("张三", 30, True), entry("李四", 25, True)],
            acting_user=None,
        )
    found = messages(refused.value)
    assert found["ballots_cast"] == ["Ballots cast: more than the deputies in office."]
    assert found["seats"] == ["Seats: 2 candidates marked elected for 1 seats."]


def test_a_deputy_of_another_term_cannot_be_a_candidate(term):
    session = SessionFactory(term=term, present=40)
    stranger = DeputyFactory()
    with pytest.raises(services.RowsInvalid) as refused:
        services.election_create(
            session=session,
            office="head",
            kind="uncontested",
            seats=1,
            ballots_cast=40,
            candidates=[entry("外人", 30, True, deputy=stranger)],
            acting_user=None,
        )
    assert list(messages(refused.value.rows[0])) == ["deputy"]


def test_raising_ballots_lets_a_candidate_keep_more_votes(term):
    """Candidates are checked against the ballots as entered, not as stored."""
    session = SessionFactory(term=term, present=42)
    election = ElectionFactory(session=session, ballots_cast=40)
    candidate = CandidateFactory(election=election, votes=40)
    services.election_update(
        session=session,
        election=election,
        version=election.version,
        office=election.office,
        kind=election.kind,
        seats=1,
        ballots_cast=42,
        candidates=[entry(candidate.name, 42, True, candidate=candidate)],
        acting_user=None,
    )
    candidate.refresh_from_db()
    assert candidate.votes == 42


def test_elected_without_majority_of_all_deputies_is_saved_and_flagged(term):
    session = SessionFactory(term=term, deputies_in_office=45, present=40)
    services.election_create(
        session=session,
        office="head",
        kind="competitive",
        seats=1,
        ballots_cast=40,
        candidates=[entry("张三", 22, True), entry("李四", 18)],
        acting_user=None,
    )
    [flag] = session_flags(session)
    assert flag.rule == "election-majority-not-reached" and "张三 recorded as elected" in flag.message


def test_a_candidate_of_another_election_cannot_be_changed_through_this_one(term):
    session = SessionFactory(term=term, present=40)
    election = ElectionFactory(session=session)
    foreign = CandidateFactory()
    with pytest.raises(services.RowsInvalid):
        services.election_update(
            session=session,
            election=election,
            version=election.version,
            office="head",
            kind="uncontested",
            seats=1,
            ballots_cast=40,
            candidates=[entry("张三", 30, True, candidate=foreign)],
            acting_user=None,
        )
    foreign.refresh_from_db()
    assert foreign.name != "张三"


def test_deleting_an_election_deletes_its_candidates(term):
    election = ElectionFactory(session=SessionFactory(term=term))
    CandidateFactory.create_batch(2, election=election)
    services.election_delete(election=election, acting_user=None)
    assert not Candidate.objects.exists()


def test_deleting_a_report_deletes_its_documents_but_not_the_sessions(term):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = SessionFactory(term=term)
    report = services.report_create(
        session=session, kind="government_work", title="政府工作报告", acting_user=None
    )
    services.document_upload(
        session=session, report=report, file=SimpleUploadedFile("全文.pdf", b"%PDF-1.4\n"), acting_user=None
    )
    services.document_upload(
        session=session, file=SimpleUploadedFile("议程.pdf", b"%PDF-1.4\n"), acting_user=None
    )
    services.report_delete(report=report, acting_user=None)
    assert list(session.documents.values_list("title", flat=True)) == ["议程"]
