"""The session pages cost a fixed number of queries whatever the number of sessions, agenda
items, reports, resolutions, elections, candidates, documents, changes and deputies."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congress.models import Role
from sessions import services
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    DeputyFactory,
    ElectionFactory,
    ReportFactory,
    ResolutionFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    aware,
    make_user,
)

pytestmark = pytest.mark.django_db


def township_with(size: int):
    """A township whose record has `size` of everything: terms, deputies, sessions, and in
    each session `size` agenda items, reports (with documents), resolutions, elections
    (with `size` candidates each)."""
    township = TownshipFactory()
    for t in range(size):
        term = TermFactory(
            township=township, ordinal=10 + t, elected_on=None, starts_on=aware(1990 + 5 * t, 1, 1).date()
        )
        DeputyFactory.create_batch(size * 3, term=term)
    term = township.terms.order_by("-ordinal").first()
    sessions = []
    for n in range(size):
        session = SessionFactory(term=term, ordinal=n + 1, opens_at=aware(2011 + n, 3, 5, 8, 30))
        for i in range(size):
            AgendaItemFactory(session=session, position=i + 1)
            report = ReportFactory(session=session, title=f"报告{i}")
            services.document_upload(
                session=session,
                report=report,
                file=SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n"),
                acting_user=None,
            )
            ResolutionFactory(session=session, votes_for=20)  # no majority of 45: a warning each
            election = ElectionFactory(session=session)
            CandidateFactory.create_batch(size, election=election, votes=20)
        services.session_update(
            version=session.version,
            township=township,
            session=session,
            term=term,
            ordinal=session.ordinal,
            opens_at=session.opens_at,
            closes_at=session.closes_at,
            status="held",
            deputies_in_office=45,
            deputies_in_office_note="补录",
            present=40,
            excused=3,
            venue=f"会场{n}",
            acting_user=None,
        )
        sessions.append(session)
    return township, sessions


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


URL_NAMES = (
    "sessions:session_list",
    "sessions:session_detail",
    "sessions:session_dossier",
    "sessions:session_history",
)


def test_session_pages_cost_the_same_at_one_and_at_five(client):
    """Each page, as township staff and as county staff, with one of everything and with five."""
    counts: dict[tuple[str, str], list[int]] = {}
    for size in (1, 5):
        township, sessions = township_with(size)
        users = {
            Role.TOWNSHIP_STAFF: make_user(Role.TOWNSHIP_STAFF, township.county, [township]),
            Role.COUNTY_STAFF: make_user(Role.COUNTY_STAFF, township.county),
        }
        for role, user in users.items():
            client.force_login(user)
            for url_name in URL_NAMES:
                kwargs = {"township_pk": township.pk}
                if url_name != "sessions:session_list":
                    kwargs["session_pk"] = sessions[-1].pk
                counts.setdefault((role, url_name), []).append(
                    count_queries(client, reverse(url_name, kwargs=kwargs))
                )
    growing = {key: pair for key, pair in counts.items() if pair[0] != pair[1]}
    assert not growing, f"queries at one of everything vs five: {growing}"


def test_session_list_filtered_by_year_and_term_is_fixed_too(client):
    counts = []
    for size in (1, 5):
        township, sessions = township_with(size)
        client.force_login(make_user(Role.TOWNSHIP_STAFF, township.county, [township]))
        url = reverse("sessions:session_list", args=[township.pk])
        counts.append(count_queries(client, f"{url}?term={sessions[0].term_id}&year=2011"))
    assert counts[0] == counts[1]


def test_session_page_query_budget(client, django_assert_max_num_queries):
    township, sessions = township_with(3)
    client.force_login(make_user(Role.TOWNSHIP_STAFF, township.county, [township]))
    # Session and user (2), membership, township, session, write check (4), the record (7),
    # the history (8 tables + the objects its changed foreign keys point to), the rule engine's
    # flags for the session's township-year (7: its facts, whatever their number; the test above
    # shows the page's count does not grow).
    with django_assert_max_num_queries(37):
        client.get(reverse("sessions:session_detail", args=[township.pk, sessions[0].pk]))
