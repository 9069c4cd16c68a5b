"""What a user must do after logging in before anything else, in this order:

1. give the code of their authenticator app (a TOTP device, django-otp), when they have one;
2. set one up, when OTP_REQUIRED_FOR_COUNTY_ADMINS and they are a county administrator;
3. change a password the county administrator set (Membership.password_change_required).

Each step due is decided once, at login, and kept in the (server-side) session, so the check on
each request costs no query; the page of a step takes its key out of the session when done.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress.models import Membership, Role

OTP_VERIFY_KEY = "_otp_verification_due"
OTP_SETUP_KEY = "_otp_setup_due"
PASSWORD_CHANGE_REQUIRED_KEY = "_password_change_required"
# The session key of each step and the page that does it, in the order they are due.
STEPS = (
    (OTP_VERIFY_KEY, "otp_verify"),
    (OTP_SETUP_KEY, "otp_setup"),
    (PASSWORD_CHANGE_REQUIRED_KEY, "password_change"),
)
# Open while a step is due, besides the step's own page: the way out.
_ALWAYS_OPEN = ("logout", "set_language")


@receiver(user_logged_in, dispatch_uid="congress_steps_after_login")
def remember_steps_due(sender, request, user, **kwargs):
    if request is None:
        return
    membership = Membership.objects.filter(user=user).first()
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        request.session[OTP_VERIFY_KEY] = True
    elif settings.OTP_REQUIRED_FOR_COUNTY_ADMINS and membership and membership.role == Role.COUNTY_ADMIN:
        request.session[OTP_SETUP_KEY] = True
    if membership and membership.password_change_required:
        request.session[PASSWORD_CHANGE_REQUIRED_KEY] = True


class StepsAfterLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            due = next((url_name for key, url_name in STEPS if request.session.get(key)), None)
            if due and request.path not in {reverse(name) for name in (due, *_ALWAYS_OPEN)}:
                return redirect(due)
        return self.get_response(request)
