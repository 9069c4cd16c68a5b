"""Every login attempt is logged, success and failure, with the username and the address.

django-axes counts the failures (and logs them itself); these lines make a success, a failure
and a logout read the same way in the log, so one search finds a user's whole day.
The address is the client's behind trusted proxies (congress.client_address), as django-axes sees
it. A username is written repr-quoted (%r): one typed with a newline cannot forge a log line.
"""

from __future__ import annotations

import logging
import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from congress.client_address import client_address

logger = logging.getLogger("congress.auth")

# When the login happened: the absolute session lifetime counts from it (config.middleware).
SESSION_STARTED_KEY = "_login_started_at"


def _address(request) -> str:
    if request is None:
        return "-"
    return client_address(request) or "-"


@receiver(user_logged_in, dispatch_uid="congress_log_login")
def log_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The absolute session lifetime counts from here (config.middleware).
        request.session[SESSION_STARTED_KEY] = time.time()
    logger.info("login succeeded: username=%r address=%s", user.get_username(), _address(request))


@receiver(user_login_failed, dispatch_uid="congress_log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Never the password: django cleanses credentials, and only the username is read here.
    username = (credentials or {}).get("username", "")
    logger.warning("login failed: username=%r address=%s", username, _address(request))


@receiver(user_logged_out, dispatch_uid="congress_log_logout")
def log_logout(sender, request, user, **kwargs):
    username = user.get_username() if user is not None else "-"
    logger.info("logout: username=%r address=%s", username, _address(request))
