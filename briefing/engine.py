"""The engine's task graph for any project: what the ``dodo.py`` of a project made by
``python -m briefing new`` runs.

The engine's own ``dodo.py`` (in the repository the engine is installed from) declares the
tasks for the folder it sits in; ``tasks`` runs it as if it sat in the project's folder, so
every project gets the engine's tasks as they are today, not a copy made when it started.
"""

from __future__ import annotations

from pathlib import Path

from .paths import ENGINE_ROOT


def tasks(dodo_file: str) -> dict:
    """The engine's ``task_*`` functions and ``DOIT_CONFIG``, declared for the folder of
    ``dodo_file``."""
    engine_dodo = ENGINE_ROOT / "dodo.py"
    if not engine_dodo.is_file():
        raise SystemExit(f"error: the engine's dodo.py is not at {engine_dodo}: install the "
                         "engine from its repository (pip install -e PATH-TO-REPOSITORY)")
    namespace = {"__file__": str(Path(dodo_file).absolute()), "__name__": "dodo"}
    exec(compile(engine_dodo.read_text(encoding="utf-8"), str(engine_dodo), "exec"), namespace)
    return {name: value for name, value in namespace.items()
            if name.startswith("task_") or name == "DOIT_CONFIG"}
