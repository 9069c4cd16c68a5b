"""The views and the access code stay readable: no function over 80 lines or of cyclomatic
complexity over 15 (radon's measure). A longer view is split into named helpers."""

from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "config/views.py",
    "congress/access.py",
    "congress/county_views.py",
    "congress/roster.py",
    "oversight/api.py",
    "oversight/exports.py",
    "oversight/views.py",
    "sessions/access.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sessions/views").glob("*.py")),
]
MAX_LINES = 80
MAX_COMPLEXITY = 15


@pytest.mark.parametrize("module", MODULES)
def test_no_view_function_is_too_long_or_too_branched(module):
    blocks = cc_visit((ROOT / module).read_text())
    functions = [b for b in blocks if b.letter in "FM"] + [
        m for b in blocks if b.letter == "C" for m in b.methods
    ]
    too_long = {f.name: f.endline - f.lineno + 1 for f in functions if f.endline - f.lineno + 1 > MAX_LINES}
    too_branched = {f.name: f.complexity for f in functions if f.complexity > MAX_COMPLEXITY}
    assert (too_long, too_branched) == ({}, {})
