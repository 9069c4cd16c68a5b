"""Response headers (issue 11, finding 10): the Content-Security-Policy and no inline script or
style left for it to block, Permissions-Policy, no-store on everything a signed-in user gets
(offices share PCs), the CSRF cookie out of scripts' reach, HSTS preload only on request, and a
download keeping its whole name."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from congress.downloads import attachment
from sessions.models import Document
from tests.access_cases import ANONYMOUS, ROLES
from tests.congress.test_site import production_env, run_python
from tests.factories import SessionFactory
from tests.test_access_matrix import all_cases, ask, complete_world

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# What the policy blocks: a <script> with code in it (no src) and no nonce, a style attribute,
# an inline event handler (onclick=…), a javascript: URL.
SCRIPT_TAG = re.compile(r"<script\b(?![^>]*\b(?:src|nonce)=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
INLINE = (SCRIPT_TAG, STYLE_ATTRIBUTE, HANDLER_ATTRIBUTE, JAVASCRIPT_URL)


def inline_code(html: str) -> list[str]:
    return [match.group(0)[:120] for pattern in INLINE for match in pattern.finditer(html)]


def csp(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


def test_the_scan_finds_each_kind_of_inline_code():
    assert inline_code('<script>alert(1)</script><script src="/a.js"></script>') == ["<script>"]
    assert inline_code('<script nonce="abc">x()</script>') == []
    assert len(inline_code('<div class="a" style="width: 1px">')) == 1
    assert len(inline_code('<button onclick="print()">')) == 1
    assert inline_code('<a href="javascript:void(0)">') == ["javascript:"]
    assert inline_code('<div data-confirm="x" data-onward="y" class="style">') == []


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_no_template_holds_inline_script_or_style(template):
    assert inline_code(template.read_text()) == []


def test_every_page_of_the_access_matrix_is_free_of_inline_code_and_never_stored(world):
    """Every GET of the access matrix, as the first signed-in role that gets a 200 (or the first
    signed-in role, for a URL that only redirects): the rendered page, with what crispy and the
    widgets draw, has no inline code, and a signed-in user's answer — page, export, PDF,
    download, API, redirect — carries no-store."""
    complete_world(world)
    signed_in = [role for role in ROLES if role != ANONYMOUS]
    checked = 0
    for case in all_cases():
        if case.method != "get":
            continue
        role = max(signed_in, key=lambda r: case.expected[r] == 200)
        response = ask(case, world, role)
        assert "no-store" in response["Cache-Control"], case.test_id
        assert "Content-Security-Policy" in response, case.test_id
        if response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == [], case.test_id
        checked += 1
    assert checked > 50


def test_the_policy_allows_only_the_sites_own_files(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("sessions:township_home", args=[world.t1.pk]))
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]  # no nonce: nothing on the page needed one
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    # htmx must not inject its indicator styles inline: site.css ships them.
    assert b'<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in response.content
    assert ".htmx-request .htmx-indicator" in (Path(settings.BASE_DIR) / "static/css/site.css").read_text()


def test_the_year_reports_stylesheet_carries_the_nonce_the_policy_names(client, world):
    client.force_login(world.county_staff)
    response = client.get(reverse("oversight:year_report", args=[world.county_a.code, 2024]))
    nonce = re.search(rb'<style nonce="([^"]+)">', response.content).group(1).decode()
    assert csp(response)["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    again = client.get(reverse("oversight:year_report", args=[world.county_a.code, 2024]))
    assert f"'nonce-{nonce}'" not in again["Content-Security-Policy"]  # a new one each time


def test_permissions_policy_turns_off_the_devices_on_every_page(client, world):
    for response in (client.get(reverse("login")), client.get(reverse("health"))):
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


def test_static_files_may_be_cached(client, world, settings):
    # (The login page is never cached whoever asks: Django's LoginView says so itself.)
    settings.WHITENOISE_USE_FINDERS = True  # read at the client's first request: no collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    client.force_login(world.staff)
    static = client.get(settings.STATIC_URL + "css/site.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_no_store_follows_the_signed_in_user_not_the_url(client, world):
    url = "/no-such-page/"  # a 404 when signed in, a redirect to the login page when not
    client.force_login(world.staff)
    assert "no-store" in client.get(url)["Cache-Control"]
    client.logout()
    assert "no-store" not in client.get(url).get("Cache-Control", "")


def test_the_csrf_cookie_is_out_of_scripts_reach(client):
    response = client.get(reverse("login"))
    assert response.cookies[settings.CSRF_COOKIE_NAME]["httponly"] is True


def test_no_script_reads_the_csrf_cookie():
    for script in (Path(settings.BASE_DIR) / "static/js").rglob("*.js"):
        assert "cookie" not in script.read_text().lower(), script


@pytest.mark.parametrize(("env", "preload"), [({}, "False"), ({"SECURE_HSTS_PRELOAD": "1"}, "True")])
def test_hsts_preload_is_opt_in(tmp_path, env, preload):
    script = (
        "import django; django.setup(); from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD)"
    )
    result = run_python(["-c", script], production_env(SECRET_KEY="x" * 60, ALLOWED_HOSTS="x", **env))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [preload]


# The download name


@pytest.mark.parametrize(
    ("name", "fallback", "whole"),
    [
        ("year-report-A-2024.pdf", "year-report-A-2024.pdf", "year-report-A-2024.pdf"),
        ("预算/决算报告.pdf", "_______.pdf", "预算／决算报告.pdf"),
        ('a"b\\c\r\nd.txt', "a_b_c d.txt", 'a"b＼c d.txt'),
        ("\n", "download", "download"),
    ],
)
def test_attachment_keeps_the_whole_name_with_an_ascii_fallback(name, fallback, whole):
    assert (
        attachment(name) == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(whole, safe='')}"
    )


def test_a_document_titled_with_a_slash_downloads_under_its_whole_title(client, world):
    session = SessionFactory(term__township=world.t1)
    document = Document.objects.create(
        session=session,
        title="2024年预算/决算报告",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="report.pdf"),
        content_type="application/pdf",
        size=15,
    )
    client.force_login(world.staff)
    response = client.get(reverse("sessions:document_download", args=[world.t1.pk, document.pk]))
    b"".join(response.streaming_content)
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''" + quote("2024年预算／决算报告.pdf", safe="")
    )
    assert "no-store" in response["Cache-Control"]
