"""Site-wide views: home, health, and error pages in the site's layout."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from congress import access

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """County-level users land on the dashboard; township staff on their township."""
    if access.is_county_level(request.user):
        return redirect("oversight:dashboard")
    townships = list(access.townships(request.user).select_related("county").order_by("code"))
    if len(townships) == 1:
        return redirect("sessions:township_home", township_pk=townships[0].pk)
    return render(request, "congress/township_pick.html", {"townships": townships})


@login_not_required
@require_safe
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# No HTTP-method decorator: Django calls these for any refused request (handler400)
@login_not_required
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, with the refusal's own message where the site raised it (BadRequest); a
    SuspiciousOperation's (too many fields…) is for the log, not the page."""
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)


# No HTTP-method decorator: Django calls this for any refused request (CSRF_FAILURE_VIEW), a POST
# most often; it is no URL of its own.
@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
