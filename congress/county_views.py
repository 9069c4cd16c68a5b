"""The county administrator's pages (namespace "county"): the county's townships and the
accounts of its staff. In the app, not the Django admin, which is the superuser's tool.

Every page is for a county the user manages (congress.access.get_managed_county): its
administrator or a superuser; county and township staff get a 403, a user of another county
a 404. Townships and accounts are fetched through congress.access within that county; every
write goes through congress.accounts.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable

from axes.helpers import get_cool_off as axes_get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress import access, accounts, divisions
from congress.filters import AccountFilter
from congress.forms import submit
from congress.forms_county import (
    AccountCreateForm,
    AccountEditForm,
    AccountPasswordForm,
    TownshipForm,
    TownshipFromListForm,
    TownshipManualForm,
)
from congress.models import County, Role, Township, TownshipKind

PAGE_SIZE = 50


@functools.cache
def _national_units(county_code: str) -> tuple[divisions.Division, ...]:
    """The county's units in the national statistics (a file shipped with the code: read once)."""
    return tuple(divisions.townships(county_code))


def _units_not_loaded(county: County) -> list[divisions.Division]:
    units = _national_units(county.code)
    loaded = set(Township.objects.filter(code__in=[u.code for u in units]).values_list("code", flat=True))
    return [u for u in units if u.code not in loaded]


# The entry point --------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The administrator's own county; a superuser picks one (straight in when there is one)."""
    user = request.user
    if user.is_superuser:
        counties = list(
            access.counties(user)
            .annotate(
                township_count=Count("townships", distinct=True),
                account_count=Count("memberships", distinct=True),
            )
            .order_by("code")
        )
        if len(counties) == 1:
            return redirect("county:township_list", county_code=counties[0].code)
        return render(request, "congress/county_pick.html", {"counties": counties})
    membership = access.membership(user)
    if membership is None or membership.role != Role.COUNTY_ADMIN:
        raise PermissionDenied
    return redirect("county:township_list", county_code=membership.county.code)


# Townships --------------------------------------------------------------------------------


@require_GET
def township_list(request: HttpRequest, county_code: str) -> HttpResponse:
    """Every township of the county, abolished ones too: code, name, kind (derived from the name
    or set by hand), dates, and how many active staff accounts keep its record."""
    county = access.get_managed_county(request.user, county_code)
    townships = list(
        county.townships.annotate(
            staff_count=Count("staff", filter=Q(staff__user__is_active=True), distinct=True)
        ).order_by("code")
    )
    kind_labels = dict(TownshipKind.choices)
    for township in townships:
        township.derived_kind_label = kind_labels[divisions.classify(township.name)]
    summary = {
        "total": len(townships),
        "congress_units": sum(
            1 for t in townships if t.kind in divisions.CONGRESS_KINDS and not t.abolished_on
        ),
        "abolished": sum(1 for t in townships if t.abolished_on),
        "without_staff": sum(1 for t in townships if not t.staff_count and not t.abolished_on),
    }
    return render(
        request,
        "congress/county_township_list.html",
        {
            "county": county,
            "townships": townships,
            "summary": summary,
            "not_loaded": len(_units_not_loaded(county)),
            "section": "townships",
        },
    )


@require_http_methods(["GET", "POST"])
def township_add(request: HttpRequest, county_code: str) -> HttpResponse:
    """Add a township from the national list (the county's units not yet added) or by hand."""
    county = access.get_managed_county(request.user, county_code)
    units = _units_not_loaded(county)
    from_list = request.method == "POST" and request.POST.get("source") == "national"
    national_form = TownshipFromListForm(request.POST if from_list else None, units=units)
    manual_form = TownshipManualForm(
        request.POST if request.method == "POST" and not from_list else None, county=county
    )
    form = national_form if from_list else manual_form

    def add(data: dict) -> Township:
        if from_list:
            unit = next(u for u in units if u.code == data["unit"])
            return accounts.township_create(
                county=county, code=unit.code, name=unit.name, acting_user=request.user
            )
        return accounts.township_create(county=county, acting_user=request.user, **data)

    township = submit(request, form, add)
    if township is not None:
        messages.success(
            request,
            _("Township %(name)s (%(code)s) added.") % {"name": township.name, "code": township.code},
        )
        return redirect("county:township_list", county_code=county.code)
    return render(
        request,
        "congress/county_township_add.html",
        {
            "county": county,
            "national_form": national_form,
            "manual_form": manual_form,
            "units": units,
            "national_count": len(_national_units(county.code)),
            "section": "townships",
        },
    )


@require_http_methods(["GET", "POST"])
def township_edit(request: HttpRequest, county_code: str, township_pk: int) -> HttpResponse:
    county = access.get_managed_county(request.user, county_code)
    township = access.get_managed_township(request.user, county, township_pk)
    # The form works on a copy: a refused change leaves the page's heading as it was.
    form = TownshipForm(request.POST or None, instance=copy.copy(township))
    saved = submit(
        request,
        form,
        lambda data: accounts.township_update(township=township, acting_user=request.user, **data),
    )
    if saved is not None:
        messages.success(request, _("Township %(name)s saved.") % {"name": township.name})
        return redirect("county:township_list", county_code=county.code)
    return render(
        request,
        "congress/county_township_form.html",
        {"county": county, "managed_township": township, "form": form, "section": "townships"},
    )


# Accounts ---------------------------------------------------------------------------------


@require_GET
def account_list(request: HttpRequest, county_code: str) -> HttpResponse:
    """The county's accounts (superusers never): username, full name, role, townships, active,
    last login. Filtered by role, township or a name; 50 a page."""
    county = access.get_managed_county(request.user, county_code)
    accounts_qs = (
        access.accounts(request.user, county)
        .select_related("membership")
        .prefetch_related(Prefetch("membership__townships", queryset=Township.objects.order_by("code")))
        .order_by("-is_active", "username")
    )
    filters = AccountFilter(request.GET, queryset=accounts_qs)
    chosen = filters.chosen
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "congress/county_account_list.html",
        {
            "county": county,
            "page": page,
            "locked_out": _locked_out(a.username for a in page),
            "roles": Role.choices,
            "role": chosen["role"],
            "townships": county.townships.order_by("code"),
            "township_pk": chosen["township"] or None,
            "query": chosen["q"],
            "filtered": any(value != "" for value in chosen.values()),
            "section": "accounts",
        },
    )


@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest, county_code: str) -> HttpResponse:
    county = access.get_managed_county(request.user, county_code)
    form = AccountCreateForm(request.POST or None, county=county, initial={"role": Role.TOWNSHIP_STAFF})
    account = submit(
        request,
        form,
        lambda data: accounts.account_create(
            county=county,
            acting_user=request.user,
            **{key: value for key, value in data.items() if key != "password_confirmation"},
        ),
    )
    if account is not None:
        messages.success(
            request,
            _("Account %(username)s created. Give its holder the password in person.")
            % {"username": account.username},
        )
        return redirect("county:account_list", county_code=county.code)
    return render(
        request,
        "congress/county_account_form.html",
        {"county": county, "form": form, "account": None, "section": "accounts"},
    )


@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, county_code: str, user_pk: int) -> HttpResponse:
    county = access.get_managed_county(request.user, county_code)
    account = access.get_account(request.user, county, user_pk)
    is_self = account.pk == request.user.pk
    membership = account.membership
    initial = {
        "full_name": account.first_name,
        "role": membership.role,
        "townships": list(membership.townships.all()),
        "is_active": account.is_active,
    }
    form = AccountEditForm(request.POST or None, county=county, initial=initial, is_self=is_self)
    saved = submit(
        request, form, lambda data: accounts.account_update(account=account, acting_user=request.user, **data)
    )
    if saved is not None:
        messages.success(request, _("Account %(username)s saved.") % {"username": account.username})
        return redirect("county:account_list", county_code=county.code)
    return render(
        request,
        "congress/county_account_form.html",
        {
            "county": county,
            "form": form,
            "account": account,
            "membership": membership,
            "is_self": is_self,
            "section": "accounts",
        },
    )


@require_http_methods(["GET", "POST"])
def account_password(request: HttpRequest, county_code: str, user_pk: int) -> HttpResponse:
    """Set a new password for an account (one who forgot theirs, or was locked out)."""
    county = access.get_managed_county(request.user, county_code)
    account = access.get_account(request.user, county, user_pk)
    form = AccountPasswordForm(request.POST or None)
    saved = submit(
        request,
        form,
        lambda data: accounts.account_password_change(
            account=account, password=data["password"], acting_user=request.user
        ),
    )
    if saved is not None:
        if account.pk == request.user.pk:
            update_session_auth_hash(request, account)  # stay logged in
        messages.success(request, _("New password of %(username)s set.") % {"username": account.username})
        return redirect("county:account_list", county_code=county.code)
    return render(
        request,
        "congress/county_account_password.html",
        {"county": county, "account": account, "form": form, "section": "accounts"},
    )


def _locked_out(usernames: Iterable[str]) -> set[str]:
    """Which of these usernames django-axes locks out now (from some address): a failure count
    at the limit within the cool-off. One query for a whole page of accounts."""
    since = timezone.now() - axes_get_cool_off()
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


@require_POST
def account_unlock(request: HttpRequest, county_code: str, user_pk: int) -> HttpResponse:
    """Lift an account's lock-out after failed logins, its password unchanged."""
    county = access.get_managed_county(request.user, county_code)
    account = access.get_account(request.user, county, user_pk)
    accounts.account_unlock(account=account, acting_user=request.user)
    messages.success(request, _("Account %(username)s unlocked.") % {"username": account.username})
    return redirect("county:account_list", county_code=county.code)
