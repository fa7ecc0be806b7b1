"""The actions of the tasks in ``dodo.py``: each imports what it needs when it runs.

An action that fails for a reason a person can fix returns ``TaskFailed`` with one line;
the reporter in ``briefing.reporter`` shows it without a traceback.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from doit.exceptions import TaskFailed

from . import words
from .paths import Project


def _files_in_one_line(action):
    """A file the action cannot write or read (a full disk, a folder that is a link) fails
    its task with one line naming the file, not a traceback."""
    @functools.wraps(action)
    def run(root: str, *args):
        try:
            return action(root, *args)
        except OSError as exc:
            where = Project.at(root).relative(exc.filename) if exc.filename else "a file"
            return TaskFailed(f"{where}: {exc.strerror or exc}; the last good outputs are kept")
    return run


def validate(root: str, strict: bool, figures: list[str] = ()) -> TaskFailed | None:
    """Check the content, and select the data of each chart of ``figures``."""
    from .diagnostics import ContentError
    from .validate import write_content_json

    project = Project.at(root)
    try:
        diagnostics = write_content_json(project, strict, figures)
    except ContentError as exc:
        exc.diagnostics.report(sys.stderr)
        n = exc.diagnostics.count("error") or exc.diagnostics.count("warning")
        return TaskFailed(f"content has {words.count(n, 'problem')}; "
                          "nothing was rebuilt, the last good outputs are kept")
    except OSError as exc:
        if exc.filename and project.build in Path(exc.filename).parents:  # an output
            return TaskFailed(f"{project.relative(exc.filename)}: {exc.strerror or exc}; "
                              "the last good outputs are kept")
        where = project.relative(exc.filename) if exc.filename else "a content file"
        return TaskFailed(f"{where} cannot be read ({exc.strerror or exc}); nothing was "
                          "rebuilt, the last good outputs are kept")
    if diagnostics.errors:  # a chart could not select its data
        diagnostics.report(sys.stderr, totals=False)
        failed = sorted({Path(d.location.path).stem for d in diagnostics.errors})
        charts = words.series([f"'{name}'" for name in failed])
        return TaskFailed(f"{words.inflect(len(failed), 'chart')} {charts} could not select "
                          f"{words.inflect(len(failed), 'its', 'their')} data; nothing was "
                          "rebuilt, the last good outputs are kept")
    diagnostics.report(sys.stderr)
    return None


@_files_in_one_line
def figure(root: str, name: str) -> None:
    from .charts import write_chart

    write_chart(Project.at(root), name)


@_files_in_one_line
def html(root: str, figures: list[str]) -> TaskFailed | None:
    from .html import TemplateProblem, render_html

    try:
        render_html(Project.at(root), figures)
    except TemplateProblem as exc:
        exc.diagnostics.report(sys.stderr, totals=False)
        return TaskFailed("a template cannot be rendered; the last good web edition is kept")
    return None


@_files_in_one_line
def pdf(root: str, edition: str) -> TaskFailed | None:
    from . import renderhost

    answer = renderhost.render(root, edition)  # by a renderer made ready for it, if any
    return pdf_here(root, edition) if answer is renderhost.UNAVAILABLE else answer


def pdf_here(root: str, edition: str) -> TaskFailed | None:
    from .pdf import render_edition

    failed = render_edition(root, edition)
    return TaskFailed(failed) if failed is not None else None


@_files_in_one_line
def export(root: str) -> None:
    from .export import write_exports

    write_exports(Project.at(root))


@_files_in_one_line
def evidence(root: str) -> TaskFailed | None:
    from .evidence import EvidenceError, write_bundle

    try:
        write_bundle(Project.at(root))
    except EvidenceError as exc:
        return TaskFailed(f"{exc}; the last good download is kept")
    return None


@_files_in_one_line
def schema(root: str) -> TaskFailed | None:
    from .schema import write_schemas

    diagnostics = write_schemas(Project.at(root))
    if diagnostics.errors:
        diagnostics.report(sys.stderr)
        return TaskFailed("content/vocabulary.yaml has problems; the schemas are not rewritten")
    return None


@_files_in_one_line
def woff2(root: str, name: str) -> None:
    from .fonts import write_woff2

    write_woff2(Project.at(root), name)


@_files_in_one_line
def standalone(root: str) -> None:
    from .web import write_standalone

    write_standalone(Project.at(root))
