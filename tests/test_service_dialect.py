"""Every service speaks one dialect (docs/contributing.md, "Services"): named `<noun>_create`,
`<noun>_update`, `<noun>_delete` or after its act, keyword-only, `@transaction.atomic`, with a
required `acting_user`; and every form view ends in `congress.forms.submit`, so no view catches
a service's ValidationError itself."""

import ast
import datetime
import importlib
import inspect
import re
from pathlib import Path

import pytest

from congress import services as roster
from tests.factories import TownshipFactory

ROOT = Path(__file__).resolve().parents[1]

SERVICE_MODULES = [
    "congress.services",
    "congress.accounts",
    "sessions.services",
    "sessions.services_recess",
    "oversight.services",
]
# Public functions of the service modules that only read.
READS = {"first_free_day", "suggestion_due_on", "session_roster"}
# Services named after their act rather than create/update/delete.
ACTS = {
    "county_load",
    "deputy_status_change",
    "account_password_change",
    "account_unlock",
    "county_profile_change",
    "agenda_item_move",
    "document_upload",
    "suggestion_reply_record",
    "suggestion_satisfaction_record",
    "session_attendance_record",
}
VIEW_MODULES = [
    "congress/roster.py",
    "congress/county_views.py",
    "sessions/views/sittings.py",
    "sessions/views/recess.py",
    "oversight/views.py",
]


def services():
    for module_name in SERVICE_MODULES:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module_name and not name.startswith("_") and name not in READS:
                yield module_name, name, function


def decorators(module_name: str) -> dict[str, list[str]]:
    path = ROOT / (module_name.replace(".", "/") + ".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: [ast.unparse(d) for d in node.decorator_list]
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


SERVICES = sorted((module, name) for module, name, _function in services())


def test_the_service_modules_are_found():
    assert len(SERVICES) >= 40
    assert ("sessions.services", "session_create") in SERVICES


@pytest.mark.parametrize(("module_name", "name"), SERVICES)
def test_a_service_is_named_after_its_noun_and_act(module_name, name):
    assert re.fullmatch(r"[a-z_]+_(create|update|delete)", name) or name in ACTS, name


@pytest.mark.parametrize(("module_name", "name"), SERVICES)
def test_a_service_requires_its_acting_user_by_keyword(module_name, name):
    parameters = inspect.signature(getattr(importlib.import_module(module_name), name)).parameters
    assert "user" not in parameters and "by" not in parameters
    acting_user = parameters["acting_user"]
    assert acting_user.kind is inspect.Parameter.KEYWORD_ONLY
    assert acting_user.default is inspect.Parameter.empty
    assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters.values())


@pytest.mark.parametrize(("module_name", "name"), SERVICES)
def test_a_service_runs_in_one_transaction_by_its_decorator(module_name, name):
    assert "transaction.atomic" in decorators(module_name)[name]


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_no_service_opens_a_transaction_in_its_body(module_name):
    source = (ROOT / (module_name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    assert "with transaction.atomic" not in source


@pytest.mark.django_db
def test_a_forgotten_acting_user_is_a_type_error_not_a_system_entry():
    township = TownshipFactory()
    with pytest.raises(TypeError, match="acting_user"):
        roster.term_create(township=township, ordinal=1, starts_on=datetime.date(2022, 1, 1), seat_quota=9)
    assert not township.terms.exists()


@pytest.mark.parametrize("path", VIEW_MODULES)
def test_form_views_take_service_errors_back_only_through_submit(path):
    """A view never catches a service's ValidationError: `submit` does. The formset of reports and
    resolutions (`_save_rows`, all rows or none) is the one place that catches it per row; the
    roster hint parses a typed day with the date field, calling no service."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    catching = sorted(
        function.name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef)
        for handler in ast.walk(function)
        if isinstance(handler, ast.ExceptHandler)
        and handler.type is not None
        and "ValidationError" in ast.unparse(handler.type)
    )
    assert set(catching) <= {"_save_rows", "session_roster_count"}, catching
