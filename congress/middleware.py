"""A password the county administrator set must be changed by its holder before anything else.

The flag lives on the Membership (congress.accounts sets it on a new account or a reset); at
login it is copied into the session, so the check on each request costs no query.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from congress.models import Membership

PASSWORD_CHANGE_REQUIRED_KEY = "_password_change_required"
# Pages open while the change is due: the change itself and the way out.
_OPEN_URL_NAMES = ("password_change", "logout", "set_language")


@receiver(user_logged_in, dispatch_uid="congress_password_change_required")
def remember_password_change_required(sender, request, user, **kwargs):
    if request is not None and Membership.objects.filter(user=user, password_change_required=True).exists():
        request.session[PASSWORD_CHANGE_REQUIRED_KEY] = True


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and request.session.get(PASSWORD_CHANGE_REQUIRED_KEY)
            and request.path not in {reverse(name) for name in _OPEN_URL_NAMES}
        ):
            return redirect("password_change")
        return self.get_response(request)
