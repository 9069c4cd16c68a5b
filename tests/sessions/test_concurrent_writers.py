"""Two people at one record (issue 11, findings 3 and 9).

Lost updates: two forms opened at the same version; the first saves; the second is refused with
a message naming what the first person changed, keeps its input, and nothing of it is saved
(saving again on purpose then goes through, and the history holds both changes).

Double submits: a create form POSTed twice with its one-time token records once, and the second
POST lands where the first did; two agenda adds at once never share a position.
"""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from congress.models import Role
from sessions import services, services_recess
from sessions.concurrency import VersionConflict
from sessions.models import AgendaItem, Document, Session, Suggestion
from tests import factories as f
from tests.factories import DeputyFactory, ReportFactory, SessionFactory, SuggestionFactory, TermFactory
from tests.sessions.test_session_views import formset_data, session_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def term(world):
    term = TermFactory(township=world.t1)
    DeputyFactory.create_batch(45, term=term)
    return term


def logged_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def first(world):
    return logged_in(world.staff)


@pytest.fixture
def second(world):
    """Another clerk of the same township, at another desk."""
    return logged_in(f.make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1], username="second_clerk"))


# Lost updates ------------------------------------------------------------------------------


def test_the_second_session_edit_opened_at_the_same_version_is_refused_and_shows_the_first(
    term, first, second
):
    session = SessionFactory(term=term, ordinal=2, deputies_in_office=45)
    url = reverse("sessions:session_edit", args=[term.township_id, session.pk])
    assert first.get(url).context["form"].initial["version"] == 1
    assert second.get(url).context["form"].initial["version"] == 1

    saved = first.post(
        url, session_data(term, ordinal=2, venue="镇文化礼堂", deputies_in_office="45", version=1)
    )
    assert saved.status_code == 302
    refused = second.post(
        url, session_data(term, ordinal=2, venue="村委会", deputies_in_office="45", version=1)
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "someone else saved this record after you opened the form" in page
    assert "镇文化礼堂" in page  # what the first clerk changed
    assert 'value="村委会"' in page  # the second clerk's input, kept
    assert 'name="version" value="2"' in page  # offered for a deliberate second save
    session.refresh_from_db()
    assert (session.venue, session.version) == ("镇文化礼堂", 2)

    # Having read it, the second clerk saves again on purpose: both changes are in the history.
    again = second.post(
        url, session_data(term, ordinal=2, venue="村委会", deputies_in_office="45", version=2)
    )
    assert again.status_code == 302
    venues = list(
        Session.history.filter(id=session.pk).order_by("history_date").values_list("venue", flat=True)
    )
    assert venues[-2:] == ["镇文化礼堂", "村委会"]


def test_an_edit_at_the_current_version_is_saved(term, first):
    session = SessionFactory(term=term, ordinal=2, deputies_in_office=45)
    url = reverse("sessions:session_edit", args=[term.township_id, session.pk])
    first.post(url, session_data(term, ordinal=2, venue="甲", deputies_in_office="45", version=1))
    response = first.post(url, session_data(term, ordinal=2, venue="乙", deputies_in_office="45", version=2))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.venue, session.version) == ("乙", 3)


def test_the_second_report_list_save_is_refused_on_the_row_and_nothing_is_saved(term, first, second):
    session = SessionFactory(term=term)
    report = ReportFactory(session=session, kind="government_work", title="政府工作报告")
    url = reverse("sessions:session_reports", args=[term.township_id, session.pk])

    def row(title):
        return formset_data(
            "reports",
            [
                {
                    "id": report.pk,
                    "version": 1,
                    "kind": "government_work",
                    "title": title,
                    "outcome": "approved",
                }
            ],
            initial=1,
        )

    assert first.post(url, row("政府工作报告（第一稿）")).status_code == 302
    refused = second.post(url, row("政府工作报告（第二稿）"))
    assert refused.status_code == 200
    assert "someone else saved this record" in refused.content.decode()
    assert "政府工作报告（第一稿）" in refused.content.decode()
    report.refresh_from_db()
    assert (report.title, report.version) == ("政府工作报告（第一稿）", 2)


def test_a_suggestion_update_at_an_old_version_raises_and_saves_nothing(world):
    suggestion = SuggestionFactory(township=world.t1)
    values = {
        "township": world.t1,
        "submitted_on": suggestion.submitted_on,
        "lead_deputy": suggestion.lead_deputy,
        "assigned_on": suggestion.assigned_on,
        "handling_unit": suggestion.handling_unit,
        "acting_user": None,
    }
    services_recess.suggestion_update(suggestion=suggestion, version=1, title="第一稿", **values)
    stale = Suggestion.objects.get(pk=suggestion.pk)
    stale.version = 1  # as the second form saw it
    with pytest.raises(VersionConflict) as conflict:
        services_recess.suggestion_update(suggestion=stale, version=1, title="第二稿", **values)
    assert conflict.value.version == 2
    assert "第一稿" in conflict.value.messages[0]
    assert Suggestion.objects.get(pk=suggestion.pk).title == "第一稿"


def test_a_report_update_needs_the_version_it_was_opened_at():
    report = ReportFactory()
    with pytest.raises(TypeError):
        services.report_update(
            report=report, session=report.session, kind="other", title="x", acting_user=None
        )


# Double submits ----------------------------------------------------------------------------


def test_a_session_form_sent_twice_records_one_session_and_lands_on_it(term, first):
    url = reverse("sessions:session_create", args=[term.township_id])
    token = first.get(url).context["form"].initial["form_token"]
    data = session_data(term, form_token=str(token))
    one, two = first.post(url, data), first.post(url, data)
    assert Session.objects.count() == 1
    assert one.status_code == two.status_code == 302
    assert one["Location"] == two["Location"]


def test_two_session_forms_record_two_sessions(term, first):
    url = reverse("sessions:session_create", args=[term.township_id])
    first.post(url, session_data(term, ordinal=3, form_token=str(uuid.uuid4())))
    first.post(url, session_data(term, ordinal=4, form_token=str(uuid.uuid4())))
    assert Session.objects.count() == 2


def test_an_agenda_add_sent_twice_adds_one_item(term, first):
    session = SessionFactory(term=term)
    url = reverse("sessions:agenda_item_add", args=[term.township_id, session.pk])
    data = {
        "agenda-title": "听取政府工作报告",
        "agenda-kind": "report",
        "agenda-form_token": str(uuid.uuid4()),
    }
    first.post(url, data)
    first.post(url, data)
    assert list(session.agenda_items.values_list("title", "position")) == [("听取政府工作报告", 1)]


def test_a_document_uploaded_twice_with_one_form_is_stored_once(term, first):
    session = SessionFactory(term=term)
    url = reverse("sessions:document_upload", args=[term.township_id, session.pk])
    token = str(uuid.uuid4())
    for _ in range(2):
        upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        assert first.post(url, {"file": upload, "form_token": token}).status_code == 302
    assert Document.objects.count() == 1


def test_a_suggestion_created_twice_with_one_token_is_recorded_once(world):
    deputy = DeputyFactory(term__township=world.t1)
    token = uuid.uuid4()
    values = {
        "township": world.t1,
        "submitted_on": datetime.date(2024, 3, 5),
        "lead_deputy": deputy,
        "title": "关于修缮村道的建议",
        "acting_user": world.staff,
        "form_token": token,
    }
    first = services_recess.suggestion_create(**values)
    assert services_recess.suggestion_create(**values) == first
    assert Suggestion.objects.count() == 1


def test_another_users_token_gets_nothing_of_theirs(world):
    report = ReportFactory(session__term__township=world.t1)
    token = uuid.uuid4()
    services.agenda_item_create(session=report.session, title="甲", form_token=token, acting_user=world.staff)
    with pytest.raises(ValidationError):
        services.agenda_item_create(
            session=report.session, title="甲", form_token=token, acting_user=world.county_admin
        )
    assert AgendaItem.objects.count() == 1


def test_the_database_refuses_two_items_at_one_place():
    item = f.AgendaItemFactory(position=1)
    with pytest.raises(IntegrityError):
        AgendaItem.objects.create(session=item.session, position=1, title="乙")


def test_an_agenda_add_racing_another_is_refused_cleanly_not_a_500(monkeypatch):
    """The other add commits between this one reading the last position and saving its own."""
    session = SessionFactory()
    real_validate = services.validate

    def the_other_add_slips_in(item, **kwargs):
        if not AgendaItem.objects.filter(session=session).exists():
            AgendaItem.objects.create(session=session, position=item.position, title="另一项")
        real_validate(item, **kwargs)

    monkeypatch.setattr(services, "validate", the_other_add_slips_in)
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_create(session=session, title="这一项", acting_user=None)
    assert "another item of the agenda has this place" in str(refused.value)
    assert not AgendaItem.objects.filter(title="这一项").exists()


def test_renumbering_keeps_positions_unique_at_every_step():
    session = SessionFactory()
    items = [f.AgendaItemFactory(session=session, position=n) for n in (1, 2, 3)]
    services.agenda_item_move(item=items[2], offset=-1, acting_user=None)
    services.agenda_item_delete(item=items[0], acting_user=None)
    assert list(session.agenda_items.order_by("position").values_list("title", "position")) == [
        (items[2].title, 1),
        (items[1].title, 2),
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL (SQLite serialises writes)"
)
@pytest.mark.django_db(transaction=True)
def test_two_agenda_adds_at_the_same_moment_take_distinct_places():
    session = SessionFactory()
    start = threading.Barrier(2)
    refusals = []

    def add(title):
        start.wait()
        try:
            services.agenda_item_create(session=session, title=title, acting_user=None)
        except ValidationError as refused:
            refusals.append(refused)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(title,)) for title in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    positions = sorted(session.agenda_items.values_list("position", flat=True))
    assert positions == [1, 2] or (positions == [1] and len(refusals) == 1)
