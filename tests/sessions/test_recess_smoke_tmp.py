import datetime
import pytest
from django.urls import reverse
from congress.models import Role
from tests.factories import *  # noqa
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pages(client):
    township = f.TownshipFactory()
    term = f.TermFactory(township=township)
    deputies = f.DeputyFactory.create_batch(5, term=term)
    session = f.SessionFactory(term=term, deputies_in_office=5, present=4, excused=1)
    meeting = f.PresidiumMeetingFactory(township=township)
    meeting.members_present.set(deputies[:2])
    activity = f.DeputyActivityFactory(township=township)
    activity.participants.set(deputies)
    sug = f.SuggestionFactory(township=township, lead_deputy=deputies[0])
    user = f.make_user(Role.TOWNSHIP_STAFF, township.county, [township])
    client.force_login(user)
    t = township.pk
    for name, kw in [
        ("meeting_list", {}), ("meeting_create", {}), ("meeting_detail", {"pk": meeting.pk}), ("meeting_edit", {"pk": meeting.pk}), ("meeting_delete", {"pk": meeting.pk}),
        ("activity_list", {}), ("activity_create", {}), ("activity_detail", {"pk": activity.pk}), ("activity_edit", {"pk": activity.pk}), ("activity_delete", {"pk": activity.pk}),
        ("suggestion_list", {}), ("suggestion_create", {}), ("suggestion_detail", {"pk": sug.pk}), ("suggestion_edit", {"pk": sug.pk}), ("suggestion_reply", {"pk": sug.pk}), ("suggestion_satisfaction", {"pk": sug.pk}), ("suggestion_delete", {"pk": sug.pk}),
        ("deputy_record", {"deputy_pk": deputies[0].pk}), ("session_attendance", {"session_pk": session.pk}),
    ]:
        r = client.get(reverse(f"sessions:{name}", kwargs={"township_pk": t, **kw}))
        assert r.status_code == 200, name
        open(f"/tmp/b/{name}.html", "wb").write(r.content)
