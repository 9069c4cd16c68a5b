"""congress.access.township_view and the getters: a township's pages resolve the township
through the user's scope once (one query), and fetch each object within that township."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from congress import access
from congress.models import Role
from sessions.access import access_meeting, access_session
from tests import factories as f

pytestmark = pytest.mark.django_db


def _reads(request):
    return HttpResponse(f"{request.township.pk} {request.can_write}")


read_view = access.township_view()(_reads)
write_view = access.township_view(write=True)(_reads)


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _fresh(user):
    """The user as a request has it: nothing cached yet."""
    return type(user).objects.get(pk=user.pk)


def test_the_township_is_resolved_in_one_query_once_the_membership_is_read(world, django_assert_num_queries):
    user = _fresh(f.make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1]))
    request = _request(user)
    access.membership(user)  # the navigation reads it on every page anyway
    with django_assert_num_queries(1):
        response = write_view(request, township_pk=world.t1.pk)
    assert response.content.decode() == f"{world.t1.pk} True"
    assert request.township == world.t1
    assert request.township.county == world.county_a  # joined: no query to show the county


def test_township_staff_write_their_own_township_and_get_404_for_any_other(world):
    user = f.make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1])
    assert write_view(_request(user), township_pk=world.t1.pk).status_code == 200
    for other in (world.t2, world.t3):
        with pytest.raises(Http404):
            read_view(_request(user), township_pk=other.pk)


def test_county_staff_read_every_township_of_their_county_and_get_403_on_a_write(world):
    user = f.make_user(Role.COUNTY_STAFF, world.county_a)
    request = _request(user)
    assert read_view(request, township_pk=world.t2.pk).status_code == 200
    assert request.can_write is False
    with pytest.raises(PermissionDenied):
        write_view(_request(user), township_pk=world.t1.pk)
    with pytest.raises(Http404):  # another county's township: not disclosed, even on a write view
        write_view(_request(user), township_pk=world.t3.pk)


def test_superusers_write_every_township_and_strangers_see_none(world):
    request = _request(f.UserFactory(is_superuser=True))
    assert write_view(request, township_pk=world.t3.pk).status_code == 200
    assert request.can_write is True
    for user in (f.UserFactory(), AnonymousUser()):
        with pytest.raises(Http404):
            read_view(_request(user), township_pk=world.t1.pk)


def test_a_getter_finds_only_the_objects_of_the_requested_township(world):
    """County staff may read both townships, yet t2's objects are a 404 under t1's URL."""
    user = f.make_user(Role.COUNTY_STAFF, world.county_a)
    term = f.TermFactory(township=world.t2)
    session = f.SessionFactory(term=term, ordinal=1)
    meeting = f.PresidiumMeetingFactory(township=world.t2)
    found = {}

    def view(request, **kwargs):
        found["term"] = access.access_term(request, term.pk)
        found["session"] = access_session(request, session.pk)
        found["meeting"] = access_meeting(request, meeting.pk)
        return HttpResponse()

    access.township_view()(view)(_request(user), township_pk=world.t2.pk)
    assert found == {"term": term, "session": session, "meeting": meeting}
    for getter, pk in (
        (access.access_term, term.pk),
        (access_session, session.pk),
        (access_meeting, meeting.pk),
    ):
        request = _request(user)
        request.township = world.t1
        with pytest.raises(Http404):
            getter(request, pk)
        with pytest.raises(Http404):
            getter(request, "x")  # a malformed pk is a 404, not a 500


# What access costs a page: before the decorator, a write page spent 4 queries on access (the
# membership, the township, "may they write it?", the object) and the session's form 5 (the
# object's write check again); now 3: the membership, the township, the object.


@pytest.fixture
def own_staff_client(client, world):
    client.force_login(f.make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1]))
    return client


def test_the_term_form_costs_ten_queries(own_staff_client, world, django_assert_num_queries):
    term = f.TermFactory(township=world.t1)
    url = reverse("roster:term_edit", kwargs={"township_pk": world.t1.pk, "term_pk": term.pk})
    with django_assert_num_queries(10):  # 11 before the decorator
        assert own_staff_client.get(url).status_code == 200


def test_the_session_form_costs_eleven_queries(own_staff_client, world, django_assert_num_queries):
    session = f.SessionFactory(term=f.TermFactory(township=world.t1), ordinal=1)
    url = reverse("sessions:session_edit", kwargs={"township_pk": world.t1.pk, "session_pk": session.pk})
    with django_assert_num_queries(11):  # 13 before the decorator
        assert own_staff_client.get(url).status_code == 200
