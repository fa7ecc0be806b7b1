"""doit's worker processes import WeasyPrint while they wait, so a PDF task starts sooner.

After an edit, the build validates, writes the HTML and then renders the two editions, each
in one of doit's worker processes (``num_process`` in dodo.py). Until the HTML is written,
one worker at least has nothing to do; a PDF task then spends its first second importing
WeasyPrint. With ``arm``, each worker imports WeasyPrint and loads the hyphenation
dictionary in a background thread, one module at a time, and only while the worker runs
no task.

A step is taken holding the interpreter's import lock, and only once the worker is seen
idle while holding it: a task that starts during a step waits for the step to end before
its first import, so the two threads never import one package from two ends (which could
deadlock, or hand one of them a module half imported).
"""

from __future__ import annotations

import _imp
import importlib
import multiprocessing.util
import re
import threading
from pathlib import Path

#: What a render imports first, heaviest first, in steps of at most about 0.3 s.
MODULES = (
    "fontTools.ttLib", "fontTools.subset", "PIL.Image", "tinycss2", "cssselect2",
    "tinyhtml5", "pydyf", "pyphen", "cffi", "weasyprint.text.ffi", "weasyprint.css",
    "weasyprint.html", "weasyprint", "weasyprint.svg", "weasyprint.layout", "weasyprint.pdf",
    "briefing.pdf",
)
_LANG = re.compile(r'<html[^>]*\slang="([^"]+)"')


def wanted(selected_tasks) -> bool:
    """Whether the run may render a PDF: a ``pdf`` task is selected (doit's default is all)."""
    return any(name == "pdf" or name.startswith("pdf:") for name in selected_tasks or ())


class _Armed:
    """What the workers are to warm up for (multiprocessing keeps only a weak reference)."""

    def __init__(self, html: Path):
        self.html = html


_ARMED: list[_Armed] = []


def arm(html: Path) -> None:
    """Warm up each worker process doit forks from now on (called in doit's own process)."""
    _ARMED[:] = [_Armed(html)]
    multiprocessing.util.register_after_fork(_ARMED[0], _start)


def _start(armed: _Armed) -> None:
    """In a new worker: note when it runs a task, and start warming up in the background."""
    from doit import runner

    html = armed.html
    idle = threading.Event()
    idle.set()
    execute = runner.MRunner.execute_task

    def execute_task(self, task):
        idle.clear()
        try:
            return execute(self, task)
        finally:
            idle.set()

    runner.MRunner.execute_task = execute_task
    threading.Thread(target=_warm, args=(idle, html), name="warm-up", daemon=True).start()


def _warm(idle: threading.Event, html: Path) -> None:
    steps = [lambda name=name: importlib.import_module(name) for name in MODULES]
    steps.append(lambda: _hyphenation(html))
    for step in steps:
        while True:
            idle.wait()
            _imp.acquire_lock()
            try:
                if idle.is_set():
                    try:
                        step()
                    except Exception:  # noqa: BLE001 - a warm-up that fails only warms less
                        pass
                    break
            finally:
                _imp.release_lock()


def _hyphenation(html: Path) -> None:
    """Load the dictionary of the language the last build's HTML declared (pyphen keeps it)."""
    try:
        with html.open(encoding="utf-8") as file:
            found = _LANG.search(file.read(4096))
    except OSError:
        return
    if found:
        import pyphen

        language = pyphen.language_fallback(found.group(1).replace("-", "_"))
        if language:
            pyphen.Pyphen(lang=language)
