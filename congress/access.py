"""Who may see or change what: the one place that answers it.

Every view fetches what a user asked for through these helpers, never through
`Model.objects.get(pk=…)` on user input. A township's pages are decorated with
`township_view(write=…)`, which resolves the township once per request, and fetch each object
with its kind's getter (`access_term`, `access_deputy`…; sessions' kinds in sessions/access.py),
which looks only inside that township. Deny by default: a user with no membership sees
nothing; another township's object is a 404 (its existence is not disclosed), and a user
who may read but not change gets a 403 on a write.

Roles (congress.models.Role):
- township staff: read and change their own townships;
- county staff: read every township of their county; change nothing;
- county administrator: read every township of the county; manage the county's townships,
  users and rule profile;
- superuser: everything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from congress.models import County, Deputy, Membership, PresidiumMember, Role, Term, Township

M = TypeVar("M", bound=models.Model)


def membership(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    # Cached on the user object for the request: one query, however often it is asked.
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = Membership.objects.select_related("county").filter(user=user).first()
    return user._membership_cache


def role(user) -> str | None:
    if user.is_authenticated and user.is_superuser:
        return "superuser"
    m = membership(user)
    return m.role if m else None


def is_county_level(user) -> bool:
    """County staff, county administrators and superusers see the county dashboard."""
    return role(user) in {"superuser", Role.COUNTY_STAFF, Role.COUNTY_ADMIN}


def counties(user) -> models.QuerySet[County]:
    if not user.is_authenticated:
        return County.objects.none()
    if user.is_superuser:
        return County.objects.all()
    m = membership(user)
    if m is None:
        return County.objects.none()
    return County.objects.filter(pk=m.county_id)


def townships(user, *, write: bool = False) -> models.QuerySet[Township]:
    """The townships whose record the user may read (or, with write=True, change)."""
    if not user.is_authenticated:
        return Township.objects.none()
    if user.is_superuser:
        return Township.objects.all()
    m = membership(user)
    if m is None:
        return Township.objects.none()
    if m.role == Role.TOWNSHIP_STAFF:
        return Township.objects.filter(staff=m, county_id=m.county_id)
    if write:
        # County staff and administrators keep no township's record.
        return Township.objects.none()
    return Township.objects.filter(county_id=m.county_id)


def can_write(user, township: Township) -> bool:
    return townships(user, write=True).filter(pk=township.pk).exists()


def writes_what_it_reads(user) -> bool:
    """Whether the user may change every township they may read: township staff and superusers
    change exactly what they read (`townships()` gives both the same filter), county staff and
    administrators change none. So once a township is known to be readable, whether it is
    writable needs no query."""
    return role(user) in {"superuser", Role.TOWNSHIP_STAFF}


def can_manage_county(user, county: County) -> bool:
    r = role(user)
    return r == "superuser" or (r == Role.COUNTY_ADMIN and membership(user).county_id == county.pk)


def get_township(user, pk, *, write: bool = False) -> Township:
    """A township the user may see; 404 if it is not theirs, 403 if they may only read it."""
    try:
        township = townships(user).select_related("county").get(pk=pk)
    except (Township.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not writes_what_it_reads(user):
        raise PermissionDenied
    return township


def township_view(*, write: bool = False) -> Callable:
    """Decorate a view of one township's record, whose URL carries `township_pk`.

    Resolves the township through the user's scope in one query (the membership it needs is
    read once per request, and the navigation reads it anyway): 404 outside the scope, 403 on
    a `write` view for a user who may only read it (county staff). Sets `request.township` and
    `request.can_write`, and calls the view without `township_pk`. A view that reads on GET and
    writes on POST is a read view that calls `require_write(request)` before it writes.
    """

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, township_pk, **kwargs):
            request.township = get_township(request.user, township_pk, write=write)
            request.can_write = writes_what_it_reads(request.user)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_write(request) -> None:
    """403 unless the user may change `request.township` (set by `township_view`)."""
    if not request.can_write:
        raise PermissionDenied


def in_township(request, queryset: models.QuerySet[M], pk, *, via: str = "township") -> M:
    """The object `pk` of `queryset` that belongs to `request.township` (set by
    `township_view`, so the user's scope is already checked); 404 for any other.

    `via` is the lookup from the model to its Township ("township", "term__township",
    "session__township", …). The getters below, one per kind, are the views' only way in;
    sessions' kinds are in `sessions/access.py`, because congress imports nothing above it:
    they name their queryset and path and call this function, which keeps the rule."""
    try:
        return queryset.get(pk=pk, **{via: request.township})
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_term(request, pk) -> Term:
    return in_township(request, Term.objects.select_related("township"), pk)


def access_deputy(request, pk) -> Deputy:
    return in_township(request, Deputy.objects.select_related("term__township"), pk, via="term__township")


def access_presidium_member(request, pk) -> PresidiumMember:
    return in_township(
        request, PresidiumMember.objects.select_related("term__township", "deputy"), pk, via="term__township"
    )


def get_county(user, pk, *, manage: bool = False) -> County:
    try:
        county = counties(user).get(pk=pk)
    except (County.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if manage and not can_manage_county(user, county):
        raise PermissionDenied
    return county


# The county administrator's pages: the county's townships and accounts ----------------------


def get_managed_county(user, code: str) -> County:
    """A county the user manages, by its statistical code: 404 outside the user's counties,
    403 for a user who may only read it (county staff, township staff)."""
    try:
        county = counties(user).get(code=code)
    except (County.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can_manage_county(user, county):
        raise PermissionDenied
    return county


def get_managed_township(user, county: County, pk) -> Township:
    """A township of a county the user manages (abolished ones included); 404 for any other."""
    if not can_manage_county(user, county):
        raise PermissionDenied
    try:
        return Township.objects.select_related("county").get(pk=pk, county=county)
    except (Township.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def accounts(user, county: County) -> models.QuerySet:
    """The accounts of a county, for its administrator: every user whose membership is of the
    county. Superusers are never among them (they are the system administrator's business)."""
    if not can_manage_county(user, county):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(membership__county=county, is_superuser=False)


def get_account(user, county: County, pk):
    """One account of a county the user manages: 404 for an account of another county, a
    superuser or no account at all; 403 for a user who may not manage the county."""
    if not can_manage_county(user, county):
        raise PermissionDenied
    try:
        return accounts(user, county).select_related("membership__county").get(pk=pk)
    except (get_user_model().DoesNotExist, ValueError, TypeError):
        raise Http404 from None
