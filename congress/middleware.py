"""An absolute limit on a login session, on top of the idle timeout.

Idle: SESSION_COOKIE_AGE (30 minutes), renewed on every request (SESSION_SAVE_EVERY_REQUEST):
a session left alone that long is gone. Absolute: SESSION_ABSOLUTE_LIFETIME (12 hours) from
the login (congress.signals records the time), however active the user has been.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SESSION_STARTED_KEY = "_login_started_at"

logger = logging.getLogger("congress.auth")


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            # Set at login; a session from before that signal existed starts counting now.
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logger.info(
                    "session ended after its absolute lifetime: username=%s", request.user.get_username()
                )
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
