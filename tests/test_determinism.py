"""The same content gives byte-identical outputs, wherever and whenever it is built.

Two clean builds of test-basic in two folders (paths of different lengths), a second apart,
under different time zones, clocks for reproducible builds (SOURCE_DATE_EPOCH), locales and
hash seeds: every file under build/ except doit's state and the compiled templates (which
name the templates' own paths) must be the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import make_project

ENVIRONMENTS = [
    {"TZ": "UTC", "PYTHONHASHSEED": "1", "LC_ALL": "C"},
    {"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "2", "LC_ALL": "C.UTF-8",
     "SOURCE_DATE_EPOCH": "1"},
]


def _build(project: Path, env: dict[str, str]) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "doit"], cwd=project, capture_output=True,
                            text=True, timeout=300, env={**environ, **env})
    assert result.returncode == 0, result.stdout + result.stderr


def _outputs(project: Path) -> dict[str, bytes]:
    build = project / "build"
    return {p.relative_to(build).as_posix(): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and not p.name.startswith(".doit.db")
            and not p.relative_to(build).parts[0] == ".templates"}  # state: compiled code


def test_two_builds_in_two_places_and_times_are_byte_identical(tmp_path):
    first = make_project(tmp_path / "a")
    second = make_project(tmp_path / "a-much-longer-folder-name" / "and deeper, with a space")
    _build(first, ENVIRONMENTS[0])
    time.sleep(1.1)
    _build(second, ENVIRONMENTS[1])
    one, two = _outputs(first), _outputs(second)
    assert {"briefing.pdf", "briefing-letter.pdf", "briefing.html", "content.json",
            "ledger.json", "ledger.csv", "figures/timeline.svg", "briefing-evidence.zip"} <= set(one)
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert differ == []
