"""doit's console reporter, with failures a person can fix shown as one line.

It also keeps two builds of one project from running at once: the second waits for the
first (saying so), then finds its work done. And an interrupted build (Ctrl-C) ends with
one line, not a traceback; atomic writes have kept the last good outputs. With doit's
worker processes (``num_process``), a worker dies with the build that started it: a
killed build leaves no render running on behind it. When the run may render a PDF, it
starts the warm processes that render the editions (briefing.renderhost).
"""

from __future__ import annotations

import multiprocessing.util
import os
import signal
import sys
from pathlib import Path

from doit.exceptions import InvalidTask, TaskFailed
from doit.reporter import ConsoleReporter

from . import renderhost
from .paths import EDITIONS, Project

LOCK_SUFFIX = ".lock"  # beside doit's state file: build/.doit.db.lock


class BriefingReporter(ConsoleReporter):
    desc = "console output; content problems without tracebacks"

    def __init__(self, outstream, options):
        super().__init__(outstream, options)
        self._lock: BuildLock | None = None
        self._rendered: set[str] = set()  # PDF tasks started
        self._rendering: set[str] = set()  # PDF tasks started and not ended

    def execute_task(self, task):
        super().execute_task(task)
        if task.name.startswith("pdf:"):
            self._rendered.add(task.name)
            self._rendering.add(task.name)

    def add_success(self, task):
        super().add_success(task)
        self._rendering.discard(task.name)

    def add_failure(self, task, exception):
        super().add_failure(task, exception)
        self._rendering.discard(task.name)

    def initialize(self, tasks, selected_tasks):
        """Called by doit before it reads any task's state: take the project's build lock."""
        super().initialize(tasks, selected_tasks)
        sys.excepthook = _one_line_interrupt
        self.build_pid = os.getpid()
        multiprocessing.util.register_after_fork(self, _die_with_parent)
        state = _state_file()
        if state is not None:
            self._lock = BuildLock(state.with_name(state.name + LOCK_SUFFIX))
            self._lock.acquire(sys.stderr)
            if renderhost.wanted(selected_tasks) and renderhost.usable():
                project = Project.at(state.parent.parent)
                renderhost.arm(str(project.html), EDITIONS)

    def complete_run(self):
        """Called after doit has saved its state: the next build may start."""
        try:
            super().complete_run()
        finally:
            renderhost.stop(rendered=bool(self._rendered), rendering=bool(self._rendering))
            if self._lock is not None:
                self._lock.release()

    def write(self, text):
        """Flushed at once, so that a task's name comes before what the task prints to stderr
        even when the output goes to a pipe or a log file."""
        self.outstream.write(text)
        self.outstream.flush()

    def _write_failure(self, result, write_exception=True):
        failure = result["exception"]
        if isinstance(failure, TaskFailed) and not failure.traceback:
            self.write(f"error: task '{result['task'].name}' failed: {failure.message}\n")
        else:
            super()._write_failure(result, write_exception)


class BuildLock:
    """An exclusive lock on a file, held by the process for as long as it builds.

    The operating system releases it when the process ends, however it ends, so a killed
    build never leaves a stale lock behind.
    """

    def __init__(self, path: Path):
        self.path = path
        self._handle = None

    def acquire(self, stream) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # held until release()
        try:
            if not _try_lock(handle):
                holder = self.path.read_text(encoding="utf-8").strip() or "unknown"
                stream.write(f"another doit is building this project (process {holder}); "
                             "waiting for it to finish...\n")
                stream.flush()
                _wait_lock(handle)
        except KeyboardInterrupt:
            handle.close()
            raise InvalidTask("stopped while waiting for the other build; nothing was "
                              "built") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None


def _state_file() -> Path | None:
    """doit's state file (dep_file), where the lock lives beside it."""
    from doit.globals import Globals

    name = getattr(getattr(Globals.dep_manager, "backend", None), "name", None)
    return Path(name).absolute() if name else None


if os.name == "nt":  # pragma: no cover - editors on Windows
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _wait_lock(handle) -> None:
        while not _try_lock(handle):
            import time
            time.sleep(0.5)
else:
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _wait_lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _die_with_parent(reporter: BriefingReporter) -> None:
    """In a doit worker process: be killed when the build process ends, however it ends.

    doit terminates its workers when it stops on an error or Ctrl-C, but a build that is
    itself killed cannot; Linux's parent-death signal does it then.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - elsewhere doit's own
        return
    if not renderhost.signal_when_parent_ends(signal.SIGKILL, reporter.build_pid):
        os._exit(1)


def _one_line_interrupt(kind, value, traceback) -> None:
    """Ctrl-C during a build: say what it means for the outputs, without a traceback."""
    if issubclass(kind, KeyboardInterrupt):
        sys.stderr.write("\nbuild interrupted: every output is either rebuilt or kept as it "
                         "was; run doit again to finish\n")
        return
    sys.__excepthook__(kind, value, traceback)
