"""The code's shape, checked over every module outside tests and migrations: no function too
long or too branched to read in one go (at most 80 lines and a cyclomatic complexity, radon's
count, of 15: a function over either limit is split into named steps), and one translation
import style. Both are described in docs/contributing.md."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.visitors import Class, ComplexityVisitor, Function

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "congress", "sessions", "oversight", "demo")
MAX_LINES = 80
MAX_COMPLEXITY = 15


def functions(blocks):
    """Every function and method, nested ones and those of nested classes too."""
    for block in blocks:
        if isinstance(block, Function):
            yield block
        yield from functions(block.methods if isinstance(block, Class) else [])
        yield from functions(block.inner_classes if isinstance(block, Class) else block.closures)


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def over_limits(source: str, where: str = "") -> list[str]:
    visitor = ComplexityVisitor.from_code(source)
    return [
        f"{where}:{f.lineno} {f.fullname}: {f.endline - f.lineno + 1} lines, complexity {f.complexity}"
        for f in functions(visitor.functions + visitor.classes)
        if f.endline - f.lineno + 1 > MAX_LINES or f.complexity > MAX_COMPLEXITY
    ]


def test_no_function_over_80_lines_or_complexity_15():
    offending = [
        line
        for path in source_files()
        for line in over_limits(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert not offending, "Functions over the limits (split them into named steps):\n" + "\n".join(offending)


def branches(count: int) -> str:
    return "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(count))


def test_the_limits_are_exact():
    """Both sides of each threshold, nested functions and methods included."""
    assert not over_limits(branches(14))  # complexity 15
    assert over_limits(branches(15))  # complexity 16
    body = "    x = 1\n"
    assert not over_limits("def f():\n" + body * 79)  # 80 lines
    assert over_limits("def f():\n" + body * 80)  # 81 lines
    method = "class A:\n    class B:\n        def m(self):\n" + "            x = 1\n" * 80
    assert over_limits(method)
    closure = "def outer():\n    def inner():\n" + "        x = 1\n" * 80 + "    return inner\n"
    assert any("inner" in line for line in over_limits(closure))


# One translation import style ------------------------------------------------------------------

TRANSLATION = "django.utils.translation"


def translation_imports(source: str) -> dict[str, str]:
    """name → local name of gettext and gettext_lazy imported from django.utils.translation."""
    return {
        alias.name: alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module == TRANSLATION
        for alias in node.names
        if alias.name in {"gettext", "gettext_lazy"}
    }


def translation_style_problem(source: str) -> str | None:
    """None if the module follows docs/contributing.md: the one of gettext/gettext_lazy a module
    uses is imported as `_`; a module using both (a model or form module: lazy declarations,
    clean() messages made per call) imports gettext_lazy as `_` and gettext by its name."""
    imported = translation_imports(source)
    if len(imported) == 1:
        ((name, local),) = imported.items()
        return None if local == "_" else f"imports {name} as {local}, not as _"
    if len(imported) == 2 and (imported["gettext_lazy"], imported["gettext"]) != ("_", "gettext"):
        return "uses both: gettext_lazy as _, gettext by its name"
    return None


def test_one_translation_import_style():
    offending = {
        str(path.relative_to(ROOT)): problem
        for path in source_files()
        if (problem := translation_style_problem(path.read_text(encoding="utf-8")))
    }
    assert not offending, (
        f"Translation imports not in the one style (docs/contributing.md): {offending}. A module using "
        "only gettext: import it as _ and rename its calls (sed -i 's/\\bgettext(/_(/g')."
    )


@pytest.mark.parametrize(
    ("imports", "problem"),
    [
        ("from django.utils.translation import gettext as _", False),
        ("from django.utils.translation import gettext_lazy as _", False),
        ("from django.utils.translation import gettext", True),
        ("from django.utils.translation import gettext_lazy", True),
        ("from django.utils.translation import gettext, gettext_lazy as _", False),
        ("from django.utils.translation import gettext as _, gettext_lazy", True),
        ("from django.utils.translation import gettext, gettext_lazy", True),
        ("from django.utils.translation import pgettext_lazy", False),
    ],
)
def test_the_translation_style_check(imports, problem):
    assert (translation_style_problem(imports) is not None) is problem
