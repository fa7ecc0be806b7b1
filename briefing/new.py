"""``python -m briefing new DIR``: start a briefing project in a new folder.

The project gets a small ``content/`` that shows the format (the vocabulary, a document,
one source with its archive, one event, one section, one judgment), a ``dodo.py`` that
runs the engine's tasks on it, and the engine's doit settings. Templates and charts stay
the engine's (``briefing.paths``): a project that makes its own ``templates/`` or
``figures/`` uses those instead. An existing folder is never touched.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import sys
from pathlib import Path

from .paths import ENGINE_ROOT

STARTER = Path(__file__).parent / "starter"
#: what the engine itself must offer for a project to build
ENGINE_FILES = ("dodo.py", "templates", "figures", "pyproject.toml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="the folder to create (it must not exist yet)")


def run(args: argparse.Namespace) -> int:
    target = Path(args.folder)
    problem = _refusal(target)
    if not problem:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.mkdir()  # the claim: fails if the folder appeared meanwhile
        except FileExistsError:  # the folder appeared meanwhile, or its parent is a file
            problem = _refusal(target) or f"cannot create {target}: {target.parent} is not a folder"
        except OSError as exc:
            problem = f"cannot create {target}: {exc.strerror or exc}"
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        _fill(target)
    except BaseException as exc:
        shutil.rmtree(target, ignore_errors=True)  # made by this run: no half project is left
        if not isinstance(exc, OSError):
            raise
        print(f"error: cannot write the project in {target}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    print(f"created {target}: run doit there to build build/briefing.pdf; edit content/ "
          "to make it your briefing")
    return 0


def _refusal(target: Path) -> str:
    if target.exists() or target.is_symlink():
        return f"{target} already exists; new never overwrites a folder: name a new one"
    missing = [name for name in ENGINE_FILES if not (ENGINE_ROOT / name).exists()]
    if missing:
        return (f"the engine's {', '.join(missing)} not found in {ENGINE_ROOT}: install the "
                "engine from its repository (pip install -e PATH-TO-REPOSITORY)")
    return ""


def _fill(folder: Path) -> None:
    shutil.copytree(STARTER / "content", folder / "content", dirs_exist_ok=True)
    document = folder / "content" / "document.yaml"
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    document.write_text(document.read_text(encoding="utf-8").replace(
        "date: YYYY-MM-DD", f"date: {today}", 1), encoding="utf-8")
    shutil.copyfile(STARTER / "dodo.py", folder / "dodo.py")
    shutil.copyfile(STARTER / "gitignore", folder / ".gitignore")
    shutil.copyfile(STARTER / "README.md", folder / "README.md")
    (folder / "pyproject.toml").write_text(_doit_settings(), encoding="utf-8")


def _doit_settings() -> str:
    """The engine's ``[tool.doit]`` tables (state file, default tasks, plugins), as text."""
    text = (ENGINE_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    tables = re.split(r"(?m)^(?=\[)", text)
    kept = [t.strip() for t in tables if re.match(r"\[tool\.doit[\].]", t)]
    return ("# doit's settings for this briefing, as the engine had them when it was made\n\n"
            + "\n\n".join(kept) + "\n")
