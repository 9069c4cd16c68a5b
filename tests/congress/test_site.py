"""Running for real: health, error pages in the site's layout and in Chinese, login required,
the language switch, production settings (secret key, deploy check, logging), the admin."""

from __future__ import annotations

import datetime
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import translation

from config import urls as root_urls
from congress.models import DeputyStatusChange, Role
from sessions import documents
from sessions.models import Attendance, Document, SuggestionRound
from tests.factories import (
    AgendaItemFactory,
    CandidateFactory,
    CountyFactory,
    DeputyActivityFactory,
    DeputyFactory,
    ElectionFactory,
    PresidiumMeetingFactory,
    PresidiumMemberFactory,
    ReportFactory,
    ResolutionFactory,
    SessionFactory,
    SuggestionFactory,
    TermFactory,
    TownshipFactory,
    make_user,
)

ROOT = Path(__file__).resolve().parents[2]
BRAND = "bi-bank2"  # the navbar brand's icon: the page is in the site's layout


# A test-only URL configuration: the site's, plus views that fail on purpose.
def _server_error(request):
    raise RuntimeError("a bug, on purpose")


def _forbidden(request):
    raise PermissionDenied


def _forbidden_with_a_reason(request):
    raise PermissionDenied("Only the county administrator changes the rule profile.")


urlpatterns = [
    path("_test/server-error/", _server_error),
    path("_test/forbidden/", _forbidden),
    path("_test/forbidden-with-a-reason/", _forbidden_with_a_reason),
    *root_urls.urlpatterns,
]


def chinese(text: str) -> str:
    """The Chinese of an English source string — which must have one."""
    with translation.override("zh-hans"):
        translated = translation.gettext(text)
    assert translated != text, f"no Chinese for {text!r}"
    return translated


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff(world):
    return world.staff


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# Health


@pytest.mark.django_db
def test_health_answers_200_without_login_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/health/").status_code == 200  # load balancers often ask with HEAD


@pytest.mark.django_db
def test_health_answers_503_when_the_database_does_not(client, caplog):
    with mock.patch("config.views.connection") as broken:
        broken.cursor.side_effect = DatabaseError("connection refused")
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}
    assert "health check: database unreachable" in caplog.text


# Error pages: in the site's layout, in Chinese by default


@pytest.mark.django_db
def test_404_page_is_in_the_layout_and_in_chinese(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    page = html(response)
    assert BRAND in page
    assert "own_township" in page  # the navbar knows the user (tests/world.py names them)
    assert chinese("Page not found") in page
    assert '<html lang="zh-hans">' in page


@pytest.mark.django_db
def test_another_townships_page_is_the_same_404(staff_client, world):
    other = world.t2
    response = staff_client.get(reverse("sessions:township_home", kwargs={"township_pk": other.pk}))
    assert response.status_code == 404
    assert chinese("Page not found") in html(response)
    assert other.name not in html(response)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_403_page_is_in_the_layout_and_in_chinese(staff_client):
    response = staff_client.get("/_test/forbidden/")
    assert response.status_code == 403
    page = html(response)
    assert BRAND in page
    assert chinese("Not allowed") in page
    english = html(staff_client.get("/_test/forbidden/", headers={"accept-language": "en"}))
    assert "Your account is not allowed to open this page or to make this change." in english


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_403_page_gives_the_views_reason_when_it_has_one(staff_client):
    response = staff_client.get("/_test/forbidden-with-a-reason/")
    assert response.status_code == 403
    assert "Only the county administrator changes the rule profile." in html(response)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_renders_through_handler500_in_the_layout_and_in_chinese(staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    response = client.get("/_test/server-error/")
    assert response.status_code == 500
    page = html(response)
    assert BRAND in page
    assert chinese("Server error") in page
    assert "a bug, on purpose" not in page  # nothing of the error is disclosed


@pytest.mark.django_db
def test_csrf_failure_page_is_in_the_layout_and_in_chinese(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    page = html(response)
    assert BRAND in page
    assert chinese("The form has expired") in page


@pytest.mark.django_db
def test_csrf_failure_on_the_login_form_is_explained_to_an_anonymous_user():
    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "someone", "password": "pass-word-123"}
    )
    assert response.status_code == 403
    assert chinese("The form has expired") in html(response)


@pytest.mark.django_db
def test_error_pages_follow_the_chosen_language(staff_client):
    response = staff_client.get("/no-such-page/", headers={"accept-language": "en"})
    assert "Page not found" in html(response)
    assert '<html lang="en">' in html(response)


# Login and language


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/county/", "/townships/1/"])
def test_every_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_the_language_switch_sets_english_and_back_to_chinese(staff_client):
    response = staff_client.post(reverse("set_language"), {"language": "en", "next": "/no-such-page/"})
    assert response.status_code == 302
    assert response["Location"] == "/no-such-page/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Page not found" in html(staff_client.get("/no-such-page/"))

    staff_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert chinese("Page not found") in html(staff_client.get("/no-such-page/"))


# Production settings, in a fresh interpreter as the server starts them


def production_env(**extra: str) -> dict[str, str]:
    # Only what the server's environment has: not this test run's settings, nor the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE (which the deploy check rightly refuses).
    ours = {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", **extra})
    return env


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_settings_refuse_to_start_with_debug_off_and_no_secret_key():
    result = run_python(["-c", "import config.settings"], production_env())
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def without_debug(**extra: str) -> dict[str, str]:
    """The server's environment with DEBUG not set at all: a forgotten variable."""
    env = production_env(**extra)
    del env["DEBUG"]
    return env


def test_a_forgotten_debug_variable_means_debug_off(tmp_path):
    script = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = without_debug(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="rd.example.gov.cn")
    result = run_python(["-c", script], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_manage_py_refuses_to_start_with_debug_unset_and_no_secret_key():
    result = run_python(["manage.py", "check"], without_debug())
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_makemigrations_checks_the_models_with_nothing_set():
    """Writing migrations serves nothing: it needs neither DEBUG nor a key (a CI step or a
    developer's shell runs it bare); every other command keeps the refusal above."""
    result = run_python(["manage.py", "makemigrations", "--check", "--dry-run"], without_debug())
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_manage_py_refuses_to_start_with_debug_off_and_the_development_key():
    from config.settings import DEVELOPMENT_SECRET_KEY

    for env in (
        without_debug(SECRET_KEY=DEVELOPMENT_SECRET_KEY),
        production_env(SECRET_KEY=DEVELOPMENT_SECRET_KEY),
    ):
        result = run_python(["manage.py", "check"], {**env, "ALLOWED_HOSTS": "rd.example.gov.cn"})
        assert result.returncode != 0
        assert "ImproperlyConfigured: SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_debug_on_starts_with_the_development_key():
    result = run_python(["manage.py", "check"], production_env(DEBUG="1"))
    assert result.returncode == 0, result.stderr


def test_settings_refuse_a_trusted_proxy_that_is_no_address():
    result = run_python(
        ["manage.py", "check"], production_env(DEBUG="1", TRUSTED_PROXIES="127.0.0.1,proxy.lan")
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: 'proxy.lan' is not an address or network." in result.stderr
    assert (
        run_python(["manage.py", "check"], production_env(DEBUG="1", TRUSTED_PROXIES="10.0.0.0/8")).returncode
        == 0
    )


def test_make_run_sets_debug_on_explicitly():
    assert re.search(r"^export DEBUG = 1$", (ROOT / "Makefile").read_text(), re.MULTILINE)


def test_the_readmes_production_settings_pass_the_deploy_check(tmp_path):
    readme = (ROOT / "README.md").read_text()
    exported = re.search(r"^export (DEBUG=0 .+)$", readme, re.MULTILINE).group(1)
    assert set(re.findall(r"(\w+)=", exported)) == {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
    }
    assert "manage.py check --deploy" in readme
    env = production_env(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="rd.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_keeps_connections_serves_static_files_and_logs_to_stdout_with_timestamps(tmp_path):
    script = (
        "import django, logging; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['CONN_MAX_AGE'], s.STORAGES['staticfiles']['BACKEND'],"
        " s.MIDDLEWARE.index('whitenoise.middleware.WhiteNoiseMiddleware'), s.SESSION_COOKIE_SECURE);"
        "logging.getLogger('config.views').warning('a line for the log')"
    )
    env = production_env(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="rd.example.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    result = run_python(["-c", script], env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "60 whitenoise.storage.CompressedManifestStaticFilesStorage 1 True"
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING config\.views a line for the log", lines[-1]
    )
    assert len(lines) == 2  # nothing else on stdout at start-up: `dumpdata > backup.json` stays clean


def test_the_readme_clears_expired_sessions_daily_from_cron():
    readme = (ROOT / "README.md").read_text()
    minute, hour, *every = re.search(
        r"^(\S+) (\S+) (\S+) (\S+) (\S+) .*manage\.py clearsessions$", readme, re.M
    ).groups()
    assert every == ["*", "*", "*"] and minute.isdigit() and hour.isdigit()


def test_the_sample_proxy_refuses_a_body_larger_than_a_document_before_the_app_reads_it():
    sample = (ROOT / "docs" / "nginx.conf.example").read_text()
    megabytes = int(re.search(r"^\s*client_max_body_size (\d+)m;", sample, re.M).group(1))
    limit = megabytes * 1024 * 1024
    assert limit > documents.MAX_SIZE
    # A body's fields apart from files have their own, much smaller limit in the app.
    assert limit > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # Larger files go to a temporary file, not memory, while the form checks them.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < documents.MAX_SIZE
    # The proxy appends the address it saw: the hop congress.client_address believes.
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in sample
    assert "TRUSTED_PROXIES" in sample and "`TRUSTED_PROXIES`" in (ROOT / "README.md").read_text()


def test_the_readme_starts_the_wsgi_application_with_gunicorn():
    readme = (ROOT / "README.md").read_text()
    module, name = re.search(r"gunicorn ([\w.]+):(\w+)", readme).groups()
    assert (ROOT / Path(*module.split("."))).with_suffix(".py").exists()
    assert name == "application"


# The admin


def populate(county, n: int) -> None:
    """n townships, each with one row of every kind the admin lists."""
    for _ in range(n):
        township = TownshipFactory(county=county)
        term = TermFactory(township=township)
        deputy, other = DeputyFactory.create_batch(2, term=term)
        PresidiumMemberFactory(term=term, deputy=deputy)
        DeputyStatusChange.objects.create(
            deputy=other, status="moved_away", effective_on=datetime.date(2023, 5, 1)
        )
        session = SessionFactory(term=term, ordinal=1)
        AgendaItemFactory(session=session)
        ReportFactory(session=session)
        ResolutionFactory(session=session)
        CandidateFactory(election=ElectionFactory(session=session), deputy=deputy)
        Document.objects.create(
            session=session,
            title="会议公告",
            file="documents/notice.pdf",
            content_type="application/pdf",
            size=10,
        )
        Attendance.objects.create(session=session, deputy=deputy, status="present")
        PresidiumMeetingFactory(township=township).members_present.add(deputy)
        DeputyActivityFactory(township=township).participants.add(deputy, other)
        suggestion = SuggestionFactory(township=township, lead_deputy=deputy)
        suggestion.co_signers.add(other)
        SuggestionRound.objects.create(
            suggestion=suggestion,
            number=1,
            assigned_on=suggestion.assigned_on,
            due_on=suggestion.due_on,
            replied_on=suggestion.due_on,
            outcome="solved",
            satisfaction="dissatisfied",
        )
        make_user(Role.TOWNSHIP_STAFF, county, [township])


OUR_APPS = {"congress", "congress_sessions"}


def our_model_admins():
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    }


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser(world):
    return world.superuser


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


# Bookkeeping, not the record: a create form's one-time token (sessions.concurrency).
NOT_THE_RECORD = {"FormToken"}


def test_every_model_of_the_record_has_an_admin():
    models = {
        model
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical") and model.__name__ not in NOT_THE_RECORD
    }
    assert models - set(our_model_admins()) == set()


def test_the_admin_index_is_in_chinese(superuser_client):
    response = superuser_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = html(response)
    assert chinese("Township congress record: administration") in page
    assert chinese("Townships and deputies") in page
    assert chinese("Congress work") in page


def test_every_admin_page_renders_for_a_superuser(superuser_client, superuser):
    populate(CountyFactory(), 1)
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():  # auth and axes too
        name = model.__name__
        assert superuser_client.get(admin_url(model, "changelist")).status_code == 200, name
        add = superuser_client.get(admin_url(model, "add"))
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403), f"{name} add"
    for model in our_model_admins():
        name = model.__name__
        response = superuser_client.get(admin_url(model, "changelist"), {"q": "测试"})
        assert response.status_code == 200, f"{name} search"
        obj = model.objects.first()
        assert obj is not None, f"populate() makes no {name}"
        assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200, f"{name} change"
        assert superuser_client.get(admin_url(model, "history", obj.pk)).status_code == 200, f"{name} history"


def test_admin_lists_cost_the_same_queries_for_one_township_and_for_five(superuser_client):
    county = CountyFactory()

    def counts() -> dict[str, int]:
        result = {}
        for model in our_model_admins():
            with CaptureQueriesContext(connection) as queries:
                assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
            result[model.__name__] = len(queries)
        return result

    populate(county, 1)
    small = counts()
    populate(county, 4)
    large = counts()
    grown = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert grown == {}, "changelist queries (1 township, 5 townships)"


def test_anonymous_users_can_switch_language_on_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.cookies["django_language"].value == "en"
