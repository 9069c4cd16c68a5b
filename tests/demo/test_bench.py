"""bench_oversight runs end to end on the configured database engine (a throwaway database of its
own) and prints every figure the issue asks for; the speed targets are read off its output, not
asserted here."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmark_builds_its_own_database_and_prints_every_figure():
    done = subprocess.run(
        [sys.executable, "manage.py", "bench_oversight", "--townships", "40", "--years", "1", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "40 townships" in out
    for label in ("load facts", "evaluate rules", "load + evaluate", "dashboard (", "floor: one aggregate"):
        assert re.search(rf"{re.escape(label)}.*\d+\.\d ms", out), label
    assert re.search(r"ratio \(load \+ evaluate\) / floor\s+\d+\.\d\d ×", out)
