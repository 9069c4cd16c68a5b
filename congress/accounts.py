"""The county administrator's writes: the county's townships and the accounts of its staff.

Like congress.services: keyword-only, one transaction each, `validate()` before saving, and
the required `acting_user` on the history record (townships, memberships). Refusals are ValidationErrors
whose message names the field ("Role: …"), keyed by the field, so a form shows them in place.

Accounts are Django users with a Membership of the county (congress.models): the full name is
kept in `first_name`, as a Chinese name is one field. Superusers are never created or changed
here: they are the system administrator's (Django admin, command line).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress.history import audited
from congress.models import County, Membership, Role, Township
from congress.passwords import username_validator
from congress.services_common import validate

logger = logging.getLogger(__name__)
User = get_user_model()


# Townships --------------------------------------------------------------------------------


@transaction.atomic
def township_create(
    *,
    county: County,
    code: str,
    name: str,
    kind_override: str = "",
    established_on: datetime.date | None = None,
    abolished_on: datetime.date | None = None,
    acting_user,
) -> Township:
    """A township of the county, from the national list or typed by hand. Its nine-digit
    code begins with the county's code; its kind follows from the name unless overridden."""
    township = Township(
        county=county,
        code=code.strip(),
        name=name.strip(),
        kind_override=kind_override,
        established_on=established_on,
        abolished_on=abolished_on,
    )
    validate(township)
    audited(township, acting_user).save()
    return township


@transaction.atomic
def township_update(
    *,
    township: Township,
    name: str,
    kind_override: str = "",
    established_on: datetime.date | None = None,
    abolished_on: datetime.date | None = None,
    acting_user,
) -> Township:
    """Rename a township (撤乡设镇…), override its kind, date its establishment or abolition
    (mergers happen). Its code and county do not change."""
    # Not model_update: Township.save derives the kind from the name, a field not typed here.
    township.name = name.strip()
    township.kind_override = kind_override
    township.established_on = established_on
    township.abolished_on = abolished_on
    validate(township)
    audited(township, acting_user).save()
    return township


# Accounts ---------------------------------------------------------------------------------


def _check_role_and_townships(county: County, role: str, townships: list[Township]) -> None:
    errors: dict[str, str] = {}
    if role not in Role.values:
        errors["role"] = _("Role: choose one of the roles.")
    elif role == Role.TOWNSHIP_STAFF and not townships:
        errors["townships"] = _("Townships: township staff keep the record of at least one township.")
    foreign = [t.name for t in townships if t.county_id != county.pk]
    if foreign:
        errors["townships"] = _("Townships: %(names)s not of this county.") % {"names": "、".join(foreign)}
    if errors:
        raise ValidationError(errors)


def _check_password(password: str, account) -> None:
    # The messages of congress.passwords name the field already.
    try:
        password_validation.validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None


def _check_username(username: str) -> None:
    try:
        username_validator(username)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from None
    if User.objects.filter(username__iexact=username).exists():
        # Case-insensitively: "Wang" and "wang" would be two accounts a person cannot tell apart.
        raise ValidationError({"username": _("Username: another account already has this username.")})


def _save_new_account(account) -> None:
    """Two administrators creating one username at once both pass the check above, and the
    database's unique index on lower(username) refuses the second: a form error, not a 500.
    The service's own transaction (a savepoint when nested) is rolled back by the refusal."""
    try:
        account.save()
    except IntegrityError:
        raise ValidationError(
            {"username": _("Username: another account already has this username.")}
        ) from None


@transaction.atomic
def account_create(
    *,
    county: County,
    username: str,
    full_name: str,
    role: str,
    password: str,
    townships: Iterable[Township] = (),
    acting_user,
) -> User:
    """An account of the county's staff: township staff of some of its townships, county
    standing committee staff, or a county administrator. The initial password must pass
    AUTH_PASSWORD_VALIDATORS."""
    townships = list(townships) if role == Role.TOWNSHIP_STAFF else []
    username = username.strip()
    _check_role_and_townships(county, role, townships)
    _check_username(username)
    account = User(username=username, first_name=full_name.strip(), is_active=True)
    account.set_unusable_password()
    validate(account, exclude=["password"])
    _check_password(password, account)
    account.set_password(password)
    _save_new_account(account)
    membership = Membership(user=account, role=role, county=county, password_change_required=True)
    validate(membership)
    audited(membership, acting_user).save()
    membership.townships.set(townships)
    logger.info("account %s created (%s, %s) by %s", account.username, role, county.code, acting_user)
    return account


@transaction.atomic
def account_update(
    *,
    account,
    full_name: str,
    role: str,
    is_active: bool,
    townships: Iterable[Township] = (),
    acting_user,
) -> User:
    """Change an account's full name, role, townships, or whether it may log in. A county
    administrator can neither change their own role nor deactivate themselves (so the county
    never loses its last administrator by accident)."""
    membership = Membership.objects.select_for_update().select_related("county").get(user=account)
    townships = list(townships) if role == Role.TOWNSHIP_STAFF else []
    errors = {}
    if acting_user is not None and account.pk == acting_user.pk:
        if role != membership.role:
            errors["role"] = _("Role: you cannot change your own role.")
        if not is_active:
            errors["is_active"] = _("Active: you cannot deactivate your own account.")
    if errors:
        raise ValidationError(errors)
    _check_role_and_townships(membership.county, role, townships)

    account.first_name = full_name.strip()
    account.is_active = is_active
    validate(account, exclude=["password"])
    account.save(update_fields=["first_name", "is_active"])
    if membership.role != role:
        membership.role = role
        validate(membership)
        audited(membership, acting_user).save(update_fields=["role"])
    membership.townships.set(townships)
    logger.info("account %s updated (%s, active=%s) by %s", account.username, role, is_active, acting_user)
    return account


@transaction.atomic
def account_password_change(*, account, password: str, acting_user) -> User:
    """A new password (validated by AUTH_PASSWORD_VALIDATORS); a lock-out after failed logins
    (django-axes) is lifted, since the new password is the reason to try again. One set by
    somebody else (the county administrator) must be changed by its holder at the next login;
    one the holder chose clears that."""
    _check_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    required = acting_user is None or acting_user.pk != account.pk
    Membership.objects.filter(user=account).update(password_change_required=required)
    axes_reset(username=account.get_username())
    logger.info("password of account %s set by %s", account.username, acting_user)
    return account


@transaction.atomic
def totp_device_create(*, account, key: str, acting_user) -> TOTPDevice:
    """The user's authenticator app, confirmed by a code they typed from it (the view checked
    it against `key`, the hex secret it showed). It replaces any earlier one: one phone each."""
    TOTPDevice.objects.filter(user=account).delete()
    device = TOTPDevice.objects.create(user=account, name=_("Authenticator app"), key=key, confirmed=True)
    logger.info("authenticator app of account %s set up by %s", account.username, acting_user)
    return device


@transaction.atomic
def account_unlock(*, account, acting_user) -> int:
    """Lift a lock-out after failed logins (django-axes) without changing the password: the
    holder remembered it, or the failures were somebody else's. Returns the attempts removed."""
    removed = axes_reset(username=account.get_username())
    logger.info("account %s unlocked by %s", account.username, acting_user)
    return removed
