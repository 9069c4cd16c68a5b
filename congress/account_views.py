"""The user's own account: changing one's password (any user, from the navigation; the first
thing a user whose password the county administrator set must do), and the second factor, an
authenticator app (TOTP, django-otp): set up by the user, asked for after the password."""

from __future__ import annotations

import base64
import binascii

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from congress import accounts
from congress.forms import submit
from congress.forms_county import OtpTokenForm, OwnPasswordForm
from congress.middleware import OTP_SETUP_KEY, OTP_VERIFY_KEY, PASSWORD_CHANGE_REQUIRED_KEY

# The secret being set up, kept in the session between showing it and the first code.
_NEW_SECRET_KEY = "_otp_new_secret"


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.POST or None, user=request.user)
    account = submit(
        request,
        form,
        lambda data: accounts.account_password_change(
            account=request.user, password=data["password"], acting_user=request.user
        ),
    )
    if account is not None:
        update_session_auth_hash(request, account)  # stay logged in
        request.session.pop(PASSWORD_CHANGE_REQUIRED_KEY, None)
        messages.success(request, _("Your new password is set."))
        return redirect("home")
    return render(
        request,
        "registration/password_change.html",
        {"form": form, "required": request.session.get(PASSWORD_CHANGE_REQUIRED_KEY, False)},
    )


def _setup(request: HttpRequest, secret: str, data: dict) -> TOTPDevice:
    # The device is saved only once a code from the app proves the secret reached it.
    if not TOTP(binascii.unhexlify(secret)).verify(int(data["token"]), tolerance=1):
        raise ValidationError({"token": _("Code: not the code of this secret; check the phone's time.")})
    return accounts.totp_device_create(account=request.user, key=secret, acting_user=request.user)


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Show a new secret (a QR code, and the text for typing) and confirm it with a code."""
    secret = request.session.setdefault(_NEW_SECRET_KEY, random_hex(20))
    form = OtpTokenForm(request.POST or None)
    device = submit(request, form, lambda data: _setup(request, secret, data))
    if device is not None:
        del request.session[_NEW_SECRET_KEY]
        request.session.pop(OTP_SETUP_KEY, None)
        django_otp.login(request, device)
        messages.success(request, _("The authenticator app is set up: logins ask for its code."))
        return redirect("home")
    unsaved = TOTPDevice(user=request.user, key=secret)
    qr_svg = qrcode.make(unsaved.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            # Our own SVG of the secret's address: no user text in it.
            "qr_svg": mark_safe(qr_svg.to_string(encoding="unicode")),  # noqa: S308
            "secret": base64.b32encode(unsaved.bin_key).decode(),
            "has_device": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "required": request.session.get(OTP_SETUP_KEY, False),
        },
    )


def _verify(request: HttpRequest, data: dict) -> TOTPDevice:
    device = django_otp.match_token(request.user, data["token"])
    if device is None:
        raise ValidationError({"token": _("Code: not the code the authenticator app shows now.")})
    return device


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """After the password, the code of the user's authenticator app."""
    form = OtpTokenForm(request.POST or None)
    device = submit(request, form, lambda data: _verify(request, data))
    if device is not None:
        request.session.pop(OTP_VERIFY_KEY, None)
        django_otp.login(request, device)
        return redirect("home")
    return render(request, "registration/otp_verify.html", {"form": form})
