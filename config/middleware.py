"""Response headers every page needs, the idle and the absolute limits of a login session, the
limit on failed logins per address, and the refusal of NUL characters in an address.

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

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from congress.client_address import client_address
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
                    "session ended after its absolute lifetime: username=%r", request.user.get_username()
                )
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SESSION_RENEWED_KEY, 0) >= settings.SESSION_RENEWAL_INTERVAL:
                request.session[SESSION_RENEWED_KEY] = now
        return self.get_response(request)


class LoginAddressLimitMiddleware:
    """A login from an address with LOGIN_ADDRESS_FAILURE_LIMIT failed logins, over all usernames,
    in the last LOGIN_ADDRESS_FAILURE_WINDOW is answered 429 before any password is checked.

    django-axes locks one username at one address; this stops one address trying many usernames.
    The failures are counted in django-axes' AccessFailureLog rows, in the database, rather than
    in the cache: every app server (gunicorn worker, machine) sees the same rows and a restart
    forgets none, where the default local-memory cache is one count per process.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info in (reverse("login"), reverse("admin:login")):
            address = client_address(request)
            window = settings.LOGIN_ADDRESS_FAILURE_WINDOW
            failures = AccessFailureLog.objects.filter(
                ip_address=address, attempt_time__gte=timezone.now() - window
            ).count()
            if failures >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
                logger.warning("login refused: %s failed logins from address=%s", failures, address)
                context = {"minutes": int(window.total_seconds() // 60)}
                return render(request, "429.html", context, status=429)
        return self.get_response(request)


class RefuseNulBytesMiddleware:
    """A NUL character is no part of any address or query value the site takes, and PostgreSQL
    refuses it in a query (a 500 wherever a parameter reaches a lookup): refuse it up front with
    the 400 page. Form fields refuse it themselves (Django's CharField)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        values = [request.path, *request.GET.keys(), *(v for _key, vs in request.GET.lists() for v in vs)]
        if any("\x00" in value for value in values):
            raise BadRequest(_("The address holds a NUL character: no parameter may."))
        return self.get_response(request)
