"""congress.access: who may see or change what. Deny by default; another township's object
is a 404 (its existence is not disclosed); a user who may only read gets a 403 on a write."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from congress import access
from congress.models import Role, Township
from tests.factories import (
    TownshipFactory,
    UserFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def third(world):
    """A third township of county A, which no one of the world keeps."""
    return TownshipFactory(county=world.county_a)


def pks_of(queryset):
    return set(queryset.values_list("pk", flat=True))


def pks(*townships):
    return {t.pk for t in townships}


def test_township_staff_read_and_change_only_their_own_townships(world, third):
    user = make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1, world.t2])
    assert pks_of(access.townships(user)) == pks(world.t1, world.t2)
    assert pks_of(access.townships(user, write=True)) == pks(world.t1, world.t2)
    assert access.can_write(user, world.t1)
    assert not access.can_write(user, third)
    assert access.role(user) == Role.TOWNSHIP_STAFF
    assert not access.is_county_level(user)


def test_township_staff_never_see_a_township_of_another_county_even_if_assigned(world):
    user = make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1, world.t3])
    assert pks_of(access.townships(user)) == pks(world.t1)


def test_county_staff_read_every_township_of_their_county_and_change_none(world, third):
    user = world.county_staff
    assert pks_of(access.townships(user)) == pks(world.t1, world.t2, third)
    assert pks_of(access.townships(user, write=True)) == set()
    assert access.is_county_level(user)
    assert not access.can_manage_county(user, world.county_a)


def test_county_administrator_reads_the_county_manages_it_and_keeps_no_townships_record(world, third):
    user = world.county_admin
    assert pks_of(access.townships(user)) == pks(world.t1, world.t2, third)
    assert pks_of(access.townships(user, write=True)) == set()
    assert access.can_manage_county(user, world.county_a)
    assert not access.can_manage_county(user, world.county_b)
    assert access.get_county(user, world.county_a.pk, manage=True) == world.county_a
    with pytest.raises(Http404):
        access.get_county(user, world.county_b.pk)


def test_county_staff_may_not_manage_their_county(world):
    user = world.county_staff
    assert access.get_county(user, world.county_a.pk) == world.county_a
    with pytest.raises(PermissionDenied):
        access.get_county(user, world.county_a.pk, manage=True)


def test_superuser_sees_and_changes_everything(world):
    user = world.superuser
    everything = set(Township.objects.values_list("pk", flat=True))
    assert pks_of(access.townships(user)) == everything
    assert pks_of(access.townships(user, write=True)) == everything
    assert pks_of(access.counties(user)) == {world.county_a.pk, world.county_b.pk}
    assert access.role(user) == "superuser"
    assert access.is_county_level(user)
    assert access.can_manage_county(user, world.county_b)


def test_a_user_without_membership_sees_nothing(world):
    user = UserFactory()
    assert not access.townships(user).exists()
    assert not access.counties(user).exists()
    assert access.role(user) is None
    assert not access.is_county_level(user)
    with pytest.raises(Http404):
        access.get_township(user, world.t1.pk)


def test_an_anonymous_user_sees_nothing(world):
    user = AnonymousUser()
    assert not access.townships(user).exists()
    assert not access.counties(user).exists()
    assert access.role(user) is None
    assert access.membership(user) is None


def test_get_township_is_404_outside_the_scope_and_403_on_a_write_by_a_reader(world):
    staff = world.staff
    county_staff = world.county_staff
    assert access.get_township(staff, world.t1.pk, write=True) == world.t1
    with pytest.raises(Http404):
        access.get_township(staff, world.t2.pk)  # same county, not theirs
    with pytest.raises(Http404):
        access.get_township(staff, world.t2.pk, write=True)  # 404 wins over 403
    assert access.get_township(county_staff, world.t2.pk) == world.t2
    with pytest.raises(PermissionDenied):
        access.get_township(county_staff, world.t2.pk, write=True)
    with pytest.raises(Http404):
        access.get_township(county_staff, world.t3.pk)  # another county


@pytest.mark.parametrize("pk", ["abc", None, 10**9])
def test_get_township_with_a_malformed_or_unknown_pk_is_404(world, pk):
    user = UserFactory(is_superuser=True)
    with pytest.raises(Http404):
        access.get_township(user, pk)


def test_the_membership_is_read_once_per_request(world, django_assert_num_queries):
    user = world.county_staff
    user = type(user).objects.get(pk=user.pk)  # a fresh object, as a request has
    with django_assert_num_queries(1):
        access.role(user)
        access.is_county_level(user)
        access.membership(user)
        access.can_manage_county(user, world.county_a)
