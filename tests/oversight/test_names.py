"""Names that mean one thing: the engine's yearly summary and its bounds of a year are not named
like other things of the project (issue 10 item 7)."""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "congress", "sessions", "oversight", "demo")


def top_level_definitions() -> dict[str, list[str]]:
    found = defaultdict(list)
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.FunctionDef | ast.ClassDef):
                    found[node.name].append(str(path.relative_to(ROOT)))
    return found


def test_year_facts_and_year_bounds_each_name_one_thing():
    found = top_level_definitions()
    assert len(found["YearFacts"]) == 1, found["YearFacts"]
    assert len(found["year_bounds"]) == 1, found["year_bounds"]
    assert found["YearSummary"] == ["oversight/facts.py"]
    assert found["years_span"] == ["oversight/figures.py"]
