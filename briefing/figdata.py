"""The data each chart draws: the part of the validated content its ``select`` picks.

Each chart module's ``select(content)`` is given the validated content (typed objects,
``briefing.validated``) and returns plain JSON data, stored as
``build/figures/<name>.data.json`` for the chart task (``briefing.charts``), with the
document's language (``charts.LANGUAGE``), in whose marks the chart's words are set. The
``validate`` task selects it from the content it has just checked, in the same process,
and writes it with content.json (``briefing.validate.write_content_json``): a chart whose
data did not change is not redrawn, since the chart task depends on that file alone. A
``select`` written for the dicts content.json was read as before (``content["events"]``),
as in a copy of figures/ made then, is one error at its line, not a traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from . import atomic, charts, validated
from .diagnostics import Diagnostics, Location
from .paths import Project


def selected(project: Project, names, content: validated.Validated,
             diagnostics: Diagnostics) -> dict[str, dict]:
    """The data of each chart of ``names`` that could select it; why another could not is
    added to ``diagnostics``, as an error at the line of its chart module."""
    data = {}
    for name in names:
        path = project.figures / f"{name}.py"
        try:
            chosen = charts.module(project, name).select(content)
        except validated.DictAccess as exc:
            diagnostics.error(_raised_at(project, path, exc), str(exc), "figure.select",
                              "select(content) reads the content's attributes (docs/content-"
                              "format.md, \"Charts\"); a copy of the engine's figures/ made "
                              "now has them")
            continue
        data[name] = {**chosen, charts.LANGUAGE: content.document.language}
    return data


def write(project: Project, data: dict[str, dict]) -> None:
    for name, chosen in data.items():
        atomic.write_json(project.build_figures / f"{name}.data.json", chosen)


def _raised_at(project: Project, path: Path, exc: Exception) -> Location:
    """Where in the chart module ``path`` the exception was raised."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    if not frames:
        return Location(project.relative(path))
    return Location(project.relative(path), frames[-1].lineno, (frames[-1].colno or 0) + 1)
