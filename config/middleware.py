"""Response headers every page needs, and the idle and the absolute limits of a login session.

Headers: Permissions-Policy turns off the browser features the app never uses; a signed-in
user's responses — pages, exports, PDFs, downloads, the API — are never stored by the browser or
a proxy: offices share PCs, and the next person must not find them in the cache or the back
button. Static files and the login page stay cacheable (WhiteNoise answers static files before
this middleware; the login page is answered to an anonymous user).

Sessions. Idle: SESSION_COOKIE_AGE (30 minutes) from the last renewal: a session left alone that long is
gone. A request renews it — saves it, which pushes its expiry and its cookie's ahead — when the
last renewal is SESSION_RENEWAL_INTERVAL (a minute) old or more: saving on every request
(SESSION_SAVE_EVERY_REQUEST) would cost a database write and commit per page. Absolute:
SESSION_ABSOLUTE_LIFETIME (12 hours) from the login (congress.signals records the time), however
active the user has been.
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from congress.signals import SESSION_STARTED_KEY

SESSION_RENEWED_KEY = "_renewed_at"

logger = logging.getLogger("congress.auth")


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_FEATURES)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreForUsersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


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
            if now - request.session.get(SESSION_RENEWED_KEY, 0) >= settings.SESSION_RENEWAL_INTERVAL:
                request.session[SESSION_RENEWED_KEY] = now
        return self.get_response(request)
