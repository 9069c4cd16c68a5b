"""Logins and sessions: throttling by username and address together (a township office shares
one NAT address), a cool-off rather than a permanent lock, every attempt logged, and idle and
absolute session timeouts."""

import datetime
import logging
import re
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session as StoredSession
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from config.middleware import SESSION_RENEWED_KEY
from congress.models import Role
from congress.signals import SESSION_STARTED_KEY
from tests.factories import make_user

pytestmark = pytest.mark.django_db

OFFICE = "10.20.30.40"  # the township office's NAT address
ELSEWHERE = "10.99.0.7"
PASSWORD = "pass-word-123"


@pytest.fixture
def clerk(world):
    return world.staff


@pytest.fixture
def colleague(world):
    """A second clerk of T1, in the same office."""
    return make_user(Role.TOWNSHIP_STAFF, world.county_a, [world.t1], username="colleague")


def attempt(client, username, password, address=OFFICE, **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, username, times, address=OFFICE, **headers):
    """`times` wrong passwords; the form comes back with its error until the limit, where
    the failure that reaches it is answered with the locked-out page."""
    for n in range(1, times + 1):
        response = attempt(client, username, "wrong-password", address, **headers)
        assert response.status_code == (429 if n >= settings.AXES_FAILURE_LIMIT else 200)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_settings_throttle_on_username_and_address_with_a_cool_off():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) <= settings.AXES_COOLOFF_TIME <= datetime.timedelta(minutes=30)


def test_five_failures_lock_that_username_from_that_address(client, clerk):
    fail(client, clerk.username, 5)
    response = attempt(client, clerk.username, PASSWORD)  # even the right password
    assert response.status_code == 429
    assert not logged_in(client)


def test_four_failures_do_not_lock(client, clerk):
    fail(client, clerk.username, 4)
    assert attempt(client, clerk.username, PASSWORD).status_code == 302
    assert logged_in(client)


def test_a_colleague_behind_the_same_address_still_logs_in(client, clerk, colleague):
    fail(client, clerk.username, 5)
    response = attempt(client, "colleague", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_same_username_from_another_address_still_logs_in(client, clerk):
    fail(client, clerk.username, 5)
    assert attempt(client, clerk.username, PASSWORD, ELSEWHERE).status_code == 302


def test_the_lock_ends_when_the_cool_off_has_passed(client, clerk):
    fail(client, clerk.username, 5)
    assert attempt(client, clerk.username, PASSWORD).status_code == 429
    # Time passes: the failures are now older than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = attempt(client, clerk.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_lock_still_holds_just_before_the_cool_off_ends(client, clerk):
    fail(client, clerk.username, 5)
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=30)
    )
    assert attempt(client, clerk.username, PASSWORD).status_code == 429


def test_the_locked_out_page_says_what_happened_and_for_how_long(client, clerk):
    fail(client, clerk.username, 5)
    response = attempt(client, clerk.username, PASSWORD, OFFICE)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    text = response.content.decode()
    assert f"“{clerk.username}”" in text
    message = text.split('class="locked-out-message"')[1].split("</p>")[0]
    assert re.search(rf"(?<!\d){minutes}(?!\d)", message)
    assert "PT" not in message  # not django-axes' ISO 8601 duration (PT20M)


def test_every_attempt_is_logged_with_username_and_address(client, clerk, caplog):
    with caplog.at_level(logging.INFO, logger="congress.auth"):
        attempt(client, clerk.username, "wrong-password")
        attempt(client, clerk.username, PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "congress.auth"]
    assert f"login failed: username='{clerk.username}' address={OFFICE}" in lines
    assert f"login succeeded: username='{clerk.username}' address={OFFICE}" in lines
    assert all("wrong-password" not in line for line in lines)


def test_a_logout_is_logged(client, clerk, caplog):
    attempt(client, clerk.username, PASSWORD)
    with caplog.at_level(logging.INFO, logger="congress.auth"):
        client.post(reverse("logout"), REMOTE_ADDR=OFFICE)
    assert f"logout: username='{clerk.username}' address={OFFICE}" in [r.getMessage() for r in caplog.records]


# Session timeouts -------------------------------------------------------------------------


def home_url(user) -> str:
    return reverse("sessions:township_home", args=[user.membership.townships.get().pk])


def expire_soon(client, *, renewed_seconds_ago: float) -> None:
    """The stored session as if last renewed that long ago, and expiring in a minute."""
    session = client.session
    session[SESSION_RENEWED_KEY] = time.time() - renewed_seconds_ago
    session.save()
    StoredSession.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))


def test_a_request_renews_the_idle_timeout_of_about_thirty_minutes_once_a_minute(client, clerk, settings):
    settings.SESSION_RENEWAL_INTERVAL = 60
    attempt(client, clerk.username, PASSWORD)
    assert 20 * 60 <= settings.SESSION_COOKIE_AGE <= 40 * 60
    renewed_after = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Last renewed a minute ago: this request renews it.
    expire_soon(client, renewed_seconds_ago=60)
    assert client.get(home_url(clerk)).status_code == 200
    assert StoredSession.objects.get().expire_date > renewed_after
    # Renewed just now: the next request writes nothing.
    expire_soon(client, renewed_seconds_ago=1)
    assert client.get(home_url(clerk)).status_code == 200
    assert StoredSession.objects.get().expire_date < renewed_after


def test_an_idle_session_is_logged_out(client, clerk):
    attempt(client, clerk.username, PASSWORD)
    assert client.get(home_url(clerk)).status_code == 200
    # Thirty idle minutes later the stored session has expired.
    StoredSession.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(home_url(clerk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_absolute_lifetime_counts_from_the_login(client, clerk):
    before = time.time()
    attempt(client, clerk.username, PASSWORD)
    assert before <= client.session[SESSION_STARTED_KEY] <= time.time()
    assert 8 * 3600 <= settings.SESSION_ABSOLUTE_LIFETIME <= 16 * 3600


def test_an_active_session_ends_after_its_absolute_lifetime(client, clerk):
    attempt(client, clerk.username, PASSWORD)
    url = home_url(clerk)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME + 60
    session.save()
    assert client.get(url).status_code == 200  # a minute to go
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME - 1
    session.save()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not logged_in(client)


def test_a_newline_in_the_username_cannot_forge_a_log_line(client, clerk, caplog):
    forged = f"nobody\n2026-01-01 00:00:00,000 INFO congress.auth login succeeded: username={clerk.username}"
    with caplog.at_level(logging.INFO, logger="congress.auth"):
        attempt(client, forged, "wrong-password")
    [line] = [r.getMessage() for r in caplog.records if r.name == "congress.auth"]
    assert "\n" not in line
    assert line == f"login failed: username={forged!r} address={OFFICE}"


# Behind a reverse proxy (congress.client_address) --------------------------------------------

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def test_behind_a_trusted_proxy_the_client_is_locked_out_not_everyone(client, clerk, behind_proxy):
    fail(client, clerk.username, 5, PROXY, HTTP_X_FORWARDED_FOR=OFFICE)
    assert attempt(client, clerk.username, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 429
    # The same proxy forwards the same user from another address: not locked.
    response = attempt(client, clerk.username, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert response.status_code == 302 and logged_in(client)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}


def test_behind_a_trusted_proxy_the_login_log_shows_the_client(client, clerk, behind_proxy, caplog):
    with caplog.at_level(logging.INFO, logger="congress.auth"):
        attempt(client, clerk.username, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {OFFICE}")
    assert f"login succeeded: username='{clerk.username}' address={OFFICE}" in caplog.messages


def test_a_spoofed_header_from_an_untrusted_address_cannot_dodge_the_lockout(client, clerk, behind_proxy):
    # Straight from the office, not through the proxy: its header is the client's own words.
    for n, spoofed in enumerate(["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"], start=1):
        response = attempt(client, clerk.username, "wrong-password", OFFICE, HTTP_X_FORWARDED_FOR=spoofed)
        assert response.status_code == (429 if n == 5 else 200)
    response = attempt(client, clerk.username, PASSWORD, OFFICE, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert response.status_code == 429


def test_through_a_trusted_proxy_a_hop_the_client_wrote_is_not_believed(client, clerk, behind_proxy):
    """The client writes a left part of the header; the proxy appends the address it saw."""
    fail(client, clerk.username, 5, PROXY, HTTP_X_FORWARDED_FOR=f"1.1.1.1, {OFFICE}")
    response = attempt(client, clerk.username, PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=f"9.9.9.9, {OFFICE}")
    assert response.status_code == 429


# Failed logins from one address over all usernames ---------------------------------------


def test_the_address_limit_is_thirty_failures_in_fifteen_minutes():
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 30
    assert datetime.timedelta(minutes=15) == settings.LOGIN_ADDRESS_FAILURE_WINDOW


def fail_over_usernames(client, times: int, address=OFFICE) -> None:
    """`times` wrong passwords spread over twelve usernames, none reaching its own lock."""
    for n in range(times):
        assert attempt(client, f"someone{n % 12}", "wrong-password", address).status_code in (200, 429)


def test_thirty_failures_over_many_usernames_stop_that_address(client, clerk):
    fail_over_usernames(client, 29)
    assert attempt(client, clerk.username, "wrong-password").status_code == 200  # the 30th: still a form
    response = attempt(client, clerk.username, PASSWORD)  # the 31st, even the right password
    assert response.status_code == 429 and not logged_in(client)
    assert "429.html" in [t.name for t in response.templates]
    assert "登录失败次数过多" in response.content.decode()
    # Another address is not stopped.
    response = attempt(client, clerk.username, PASSWORD, ELSEWHERE)
    assert response.status_code == 302 and logged_in(client)


def test_twenty_nine_failures_over_many_usernames_do_not_stop_the_address(client, clerk):
    fail_over_usernames(client, 29)
    response = attempt(client, clerk.username, PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_failures_older_than_the_window_do_not_count(client, clerk):
    fail_over_usernames(client, 30)
    AccessFailureLog.objects.update(
        attempt_time=F("attempt_time") - settings.LOGIN_ADDRESS_FAILURE_WINDOW - datetime.timedelta(seconds=1)
    )
    assert attempt(client, clerk.username, PASSWORD).status_code == 302
