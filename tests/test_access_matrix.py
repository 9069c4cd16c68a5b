"""Every URL × every kind of user → the expected status code (pretix's and zulip's way).

The cases live in tests/access_cases/<area>.py — read tests/access_cases/__init__.py for the
format and the world they point into: the shared `world` fixture (tests/world.py), completed
here with one object of every kind (complete_world). Two tests:

- test_url_answers_each_role_as_expected: one test per case; each of the six roles asks
  the URL (in a savepoint rolled back afterwards) and the codes must equal `expected`;
  an anonymous 302 must lead to the login page.
- test_every_url_pattern_has_an_access_case: walks the whole URL configuration (nested
  includes too) and fails for any pattern — named or not — with no case, outside admin/,
  static files and the debug-only _errors/.
"""

from __future__ import annotations

import importlib
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from congress.models import DeputyStatus, DeputyStatusChange, PresidiumRole
from sessions import models as s
from tests import factories as f
from tests.access_cases import ANONYMOUS, ROLES, Case, World
from tests.world import build_world as shared_world

AREAS = ("site", "workspace", "recess", "oversight", "county")
EXCLUDED_ROUTES = ("admin/", "static/", "media/", "_errors/")


def area_modules():
    return [importlib.import_module(f"tests.access_cases.{area}") for area in AREAS]


def all_cases() -> list[Case]:
    return [case for module in area_modules() for case in module.CASES]


def complete_world(w: World) -> World:
    """The shared world (tests/world.py) with one object of every kind, all in T1, and whatever
    an area module's extend_world adds."""
    w.term = f.TermFactory(township=w.t1)
    w.deputy = f.DeputyFactory(term=w.term, name="张三")
    w.former_deputy = f.DeputyFactory(term=w.term, name="李四")
    w.status_change = DeputyStatusChange.objects.create(
        deputy=w.former_deputy, status=DeputyStatus.MOVED_AWAY, effective_on="2023-05-01"
    )
    w.presidium_member = f.PresidiumMemberFactory(term=w.term, deputy=w.deputy, role=PresidiumRole.CHAIR)
    w.session = f.SessionFactory(term=w.term, ordinal=1)
    w.agenda_item = f.AgendaItemFactory(session=w.session)
    w.report = f.ReportFactory(session=w.session)
    w.resolution = f.ResolutionFactory(session=w.session)
    w.election = f.ElectionFactory(session=w.session)
    w.candidate = f.CandidateFactory(election=w.election, deputy=w.deputy)
    w.document = s.Document.objects.create(
        session=w.session,
        report=w.report,
        title="政府工作报告全文",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="report.pdf"),
        content_type="application/pdf",
        size=15,
    )
    w.presidium_meeting = f.PresidiumMeetingFactory(township=w.t1)
    w.activity = f.DeputyActivityFactory(township=w.t1)
    w.suggestion = f.SuggestionFactory(township=w.t1, lead_deputy=w.deputy)
    for module in area_modules():
        if hasattr(module, "extend_world"):
            module.extend_world(w)
    return w


def ask(case: Case, world: World, role: str):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    url = reverse(case.url_name, kwargs=case.kwargs(world)) + case.query
    headers = {"HX-Request": "true"} if case.htmx else {}
    data = case.data(world) if case.data else {}
    # A savepoint per request: a successful write (a delete…) leaves the world as it was.
    with transaction.atomic():
        response = getattr(client, case.method)(url, data=data, headers=headers)
        transaction.set_rollback(True)
    if response.streaming:
        # Read to the end: the test client then closes the file the way a server would.
        b"".join(response.streaming_content)
    return response


def build_world() -> World:
    """A complete world outside the `world` fixture (the words crawl, the phone e2e test)."""
    return complete_world(shared_world())


@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.test_id)
def test_url_answers_each_role_as_expected(case: Case, world: World):
    complete_world(world)
    answers = {}
    for role in ROLES:
        response = ask(case, world, role)
        answers[role] = response.status_code
        if role == ANONYMOUS and response.status_code == 302 and case.anonymous_to_login:
            assert urlparse(response["Location"]).path == reverse("login"), (
                f"{case.test_id}: an anonymous user is sent to {response['Location']}, not to the login page"
            )
    assert answers == dict(case.expected)


def url_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(full name or None, route) of every pattern, nested includes too."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route


def test_every_url_pattern_has_an_access_case():
    covered = {case.url_name for case in all_cases()}
    patterns = [(name, route) for name, route in url_patterns() if not route.startswith(EXCLUDED_ROUTES)]
    unnamed = [route for name, route in patterns if name is None]
    missing = sorted({f"{name} ({route})" for name, route in patterns if name and name not in covered})
    assert not unnamed, f"URL patterns without a name cannot join the access matrix: {unnamed}"
    assert not missing, (
        f"URL patterns with no access case (add them to tests/access_cases/<area>.py): {missing}"
    )


def test_the_walk_sees_nested_includes():
    """The coverage test above is only as good as the walk: it must reach namespaced includes."""
    names = {name for name, _ in url_patterns()}
    assert {"home", "sessions:township_home", "oversight:dashboard", "set_language"} <= names
