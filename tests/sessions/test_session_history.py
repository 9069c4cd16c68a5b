"""The history of a session and everything under it: who changed what and when, read from
django-simple-history by the generic helper congress.history (which other pages reuse)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from congress.history import history_entries
from sessions import selectors, services
from sessions.models import Session
from tests.factories import DeputyFactory, ElectionFactory, SessionFactory, TermFactory, aware, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def clerk():
    return make_user("township_staff", TermFactory().township.county, username="clerk")


def record(term, session=None, user=None, **overrides):
    kwargs = {
        "township": term.township,
        "term": term,
        "ordinal": 1,
        "status": "held",
        "opens_at": aware(2024, 3, 5, 8, 30),
        "deputies_in_office": 45,
        "present": 40,
        "excused": 3,
        "venue": "甲会议室",
    }
    if session is None:
        return services.session_create(acting_user=user, **(kwargs | overrides))
    return services.session_update(
        session=session, version=session.version, acting_user=user, **(kwargs | overrides)
    )


def test_a_change_lists_each_changed_field_old_and_new_in_readable_form(clerk):
    term = TermFactory()
    session = record(term, user=clerk)
    record(
        term,
        session=session,
        user=clerk,
        venue="乙会议室",
        status="postponed",
        announced_on=datetime.date(2024, 2, 20),
    )
    changed, created = history_entries(Session.history.filter(id=session.pk))
    assert (created.action, changed.action) == ("created", "changed")
    assert changed.user == "clerk"
    assert {(c.field, c.old, c.new) for c in changed.changes} == {
        ("venue", "甲会议室", "乙会议室"),
        ("status", "held", "postponed"),
        ("announced on", "—", "Feb. 20, 2024"),
    }
    # A creation lists what was set, leaving out what was left empty.
    assert ("venue", "", "甲会议室") in {(c.field, c.old, c.new) for c in created.changes}
    assert "announced on" not in {c.field for c in created.changes}


def test_a_changed_foreign_key_shows_the_object_not_its_number():
    first = TermFactory(ordinal=17, starts_on=datetime.date(2016, 12, 1), elected_on=None)
    second = TermFactory(township=first.township, ordinal=18)
    session = record(first, opens_at=aware(2021, 3, 5, 9))
    record(second, session=session, opens_at=aware(2024, 3, 5, 9))
    changed = history_entries(Session.history.filter(id=session.pk))[0]
    term_change = next(c for c in changed.changes if c.field == "term")
    assert (term_change.old, term_change.new) == (str(first), str(second))


def test_saving_without_a_change_shows_nothing_and_a_deletion_shows_who(clerk):
    term = TermFactory()
    session = record(term)
    record(term, session=session)  # the same values again
    pk = session.pk
    services.session_delete(session=session, acting_user=clerk)
    entries = history_entries(Session.history.filter(id=pk))
    assert [e.action for e in entries] == ["deleted", "created"]
    assert entries[0].user == "clerk" and entries[0].changes == ()


def test_a_sessions_history_covers_its_agenda_reports_resolutions_elections_and_candidates():
    session = SessionFactory(present=40)
    services.agenda_item_create(session=session, title="选举镇长", kind="election", acting_user=None)
    services.report_create(session=session, kind="government_work", title="政府工作报告", acting_user=None)
    services.resolution_create(
        session=session, title="关于政府工作报告的决议", votes_for=38, acting_user=None
    )
    election = services.election_create(
        session=session,
        office="head",
        kind="uncontested",
        seats=1,
        ballots_cast=40,
        candidates=[services.CandidateEntry(name="王五", votes=38, elected=True)],
        acting_user=None,
    )
    services.election_delete(election=election, acting_user=None)
    entries = selectors.session_history(session=session)
    kinds = {(e.model, e.action) for e in entries}
    assert {
        ("session", "created"),
        ("agenda item", "created"),
        ("report", "created"),
        ("resolution or decision", "created"),
        ("election", "created"),
        ("candidate", "created"),
        ("candidate", "deleted"),
        ("election", "deleted"),
    } <= kinds
    # Newest first, and the limit keeps the newest.
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)
    assert selectors.session_history(session=session, limit=2) == entries[:2]


def test_another_sessions_changes_are_not_shown():
    session = SessionFactory()
    ElectionFactory(session=SessionFactory())
    assert {e.model for e in selectors.session_history(session=session)} == {"session"}


def test_history_costs_the_same_however_many_changes():
    def queries(n):
        session = SessionFactory(present=40)
        for i in range(n):
            services.agenda_item_create(session=session, title=f"议程{i}", acting_user=None)
            services.resolution_create(session=session, title=f"决议{i}", votes_for=30, acting_user=None)
            services.election_create(
                session=session,
                office="head",
                kind="competitive",
                seats=1,
                ballots_cast=40,
                candidates=[
                    services.CandidateEntry(
                        name=f"候选人{i}", votes=30, elected=True, deputy=DeputyFactory(term=session.term)
                    ),
                    services.CandidateEntry(name=f"另一位{i}", votes=10),
                ],
                acting_user=None,
            )
        with CaptureQueriesContext(connection) as captured:
            selectors.session_history(session=session)
        return len(captured)

    assert queries(1) == queries(5)
