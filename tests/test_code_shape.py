"""No function too long or too branched to read in one go: at most 80 lines and a cyclomatic
complexity (radon's count) of 15, everywhere outside tests and migrations. A function over either
limit is split into named steps (see docs/contributing.md, "Tests")."""

from __future__ import annotations

from pathlib import Path

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
