"""Temporary projects for the benchmark, made the way the tests make theirs.

A project is a folder with its own copy of a ``content/`` tree and links to an engine's
``dodo.py``, ``templates/``, ``figures/`` and ``pyproject.toml``: doit runs there exactly as
in the repository, and the repository's own ``build/`` is never touched. The engine is a
snapshot of the repository taken when the benchmark starts (see ``snapshot``), so that
colleagues editing the tree during a 25-minute run do not change what is measured.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
LINKED = ("dodo.py", "templates", "figures", "pyproject.toml")
ENGINE = (*LINKED, "briefing", "bench")

ONE_TASK_DODO = '''\
"""The smallest useful dodo file: one task, one file_dep, one target."""


def task_copy():
    """Copy input.txt to output.txt."""
    return {
        "actions": ["cp input.txt output.txt"],
        "file_dep": ["input.txt"],
        "targets": ["output.txt"],
    }
'''


def snapshot(folder: Path, content: Path) -> tuple[Path, Path]:
    """Copies of the engine (with ``briefing/``, which runs put first on PYTHONPATH) and
    of ``content``, as they are now. Returns the engine folder and the content folder."""
    engine = folder / "engine"
    engine.mkdir(parents=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ENGINE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, engine / name, ignore=skip)
        else:
            shutil.copy2(source, engine / name)
    shutil.copytree(content, folder / "content", ignore=skip)
    return engine, folder / "content"


def make_project(folder: Path, content: Path, engine: Path = REPO) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content, folder / "content")
    for name in LINKED:
        (folder / name).symlink_to(engine / name)
    return folder


def make_one_task_project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dodo.py").write_text(ONE_TASK_DODO, encoding="utf-8")
    (folder / "input.txt").write_text("input\n", encoding="utf-8")
    return folder


def empty_build(project: Path) -> None:
    """Remove build/ with doit's state in it: the next ``doit`` is a clean build."""
    shutil.rmtree(project / "build", ignore_errors=True)


def first_event_file(project: Path) -> Path:
    return sorted((project / "content" / "ledger").glob("*.yaml"))[0]


def edit_summary(path: Path, original: str, mark: str) -> str:
    """Rewrite the summary of the first event in ``original`` (a ledger file's text).

    Only the summary's scalar is replaced, in place, by a double-quoted string (JSON string
    syntax is valid YAML): the rest of the file stays byte for byte as it was.
    Returns the new summary.
    """
    events = yaml.compose(original, Loader=yaml.SafeLoader)
    node = next(value for key, value in events.value[0].value if key.value == "summary")
    summary = f"{node.value} ({mark})"
    replacement = json.dumps(summary, ensure_ascii=False)
    span = original[node.start_mark.index: node.end_mark.index]
    if span.endswith("\n"):  # a block scalar (>-, |) ends at the start of the next line
        replacement += "\n" + " " * node.end_mark.column
    text = original[: node.start_mark.index] + replacement + original[node.end_mark.index:]
    path.write_text(text, encoding="utf-8")
    return summary
