"""The ``figdata`` task: the part of the validated content that a chart draws.

Each chart module's ``select(content)`` is given the validated content (typed objects,
``briefing.validated``) and returns plain JSON data, stored as
``build/figures/<name>.data.json`` for the chart task (``briefing.charts``), with the
document's language (``charts.LANGUAGE``), in whose marks the chart's words are set. A ``select``
written for the dicts content.json was read as before (``content["events"]``), as in a copy
of figures/ made then, is one error at its line, not a traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from . import atomic, charts, validated
from .diagnostics import Diagnostics, Location
from .paths import Project


def write_data(project: Project, name: str) -> Diagnostics:
    """Write the chart's data; the diagnostics say why it was not written, if it was not."""
    diagnostics = Diagnostics()
    path = project.figures / f"{name}.py"
    content = validated.read(project)
    try:
        data = charts.module(project, name).select(content)
    except validated.DictAccess as exc:
        diagnostics.error(_raised_at(project, path, exc), str(exc), "figure.select",
                          "select(content) reads the content's attributes (docs/content-format.md, "
                          "\"Charts\"); a copy of the engine's figures/ made now has them")
        return diagnostics
    atomic.write_json(project.build_figures / f"{name}.data.json",
                      {**data, charts.LANGUAGE: content.document.language})
    return diagnostics


def _raised_at(project: Project, path: Path, exc: Exception) -> Location:
    """Where in the chart module ``path`` the exception was raised."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    if not frames:
        return Location(project.relative(path))
    return Location(project.relative(path), frames[-1].lineno, (frames[-1].colno or 0) + 1)
