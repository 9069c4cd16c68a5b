"""The packages form layers: config → oversight → sessions → congress, with the tooling (demo)
beside config, above the domain. A package imports only
the ones below it, so the domain can be read (and changed) from the bottom up. Templates may
still link across areas by URL name: navigation and htmx fragments are how the areas meet on
a page."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each package must not import (anything above it).
FORBIDDEN = {
    "congress": {"sessions", "oversight", "config", "demo"},
    "sessions": {"elections", "oversight", "config", "demo"},
    "elections": {"oversight", "config", "demo"},
    "oversight": {"config", "demo"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level package names imported by a module, wherever the import statement sits."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_above_it(package):
    offending = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    offending = {path: names for path, names in offending.items() if names}
    assert not offending, f"{package} imports a package above it: {offending}"


def test_the_walk_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from oversight.rules import RULES\n    import config.settings\n")
    assert imported_packages(module) == {"oversight", "config"}
