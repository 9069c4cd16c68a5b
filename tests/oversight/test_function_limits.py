"""No function of the engine (oversight) or of the tooling (demo) over 80 lines or a cyclomatic
complexity over 15 (issue 10 "Done means"): past that, a function is split into named steps."""

import ast
from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("oversight", "demo")
MAX_LINES = 80
MAX_COMPLEXITY = 15


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_is_over_80_lines(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = {f"{f.name}:{f.lineno}": f.end_lineno - f.lineno + 1 for f in functions(tree)}
    assert {name: n for name, n in long.items() if n > MAX_LINES} == {}


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_is_over_complexity_15(path):
    blocks = cc_visit(path.read_text(encoding="utf-8"))
    found = {f"{b.fullname}:{b.lineno}": b.complexity for b in blocks if b.complexity > MAX_COMPLEXITY}
    assert found == {}


def test_the_limits_catch_a_function_over_them():
    body = "\n".join(f"    if x == {i}:\n        x += 1" for i in range(MAX_LINES // 2))
    source = f"def f(x):\n{body}\n    return x\n"
    [function] = functions(ast.parse(source))
    assert function.end_lineno - function.lineno + 1 > MAX_LINES
    [block] = cc_visit(source)
    assert block.complexity > MAX_COMPLEXITY
    small = (
        "def g(x):\n" + "\n".join(f"    if x == {i}:\n        x += 1" for i in range(14)) + "\n    return x\n"
    )
    assert cc_visit(small)[0].complexity == MAX_COMPLEXITY
