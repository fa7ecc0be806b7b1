"""A build run, and the processes it owns from its start to its end.

doit tells its reporter when a run starts (``initialize``, before it reads any task's
state), when each task starts and ends, and when the run is over (``complete_run``, after
it has saved its state); it has no other hook into a run. So ``BuildRun`` takes the
reporter's place in ``dodo.py``: it reports as ``BriefingReporter`` does and, around that,
holds what a run owns:

- the build lock: a second build of the project waits for the first (saying so), then
  finds its work done;
- Ctrl-C: an interrupted build ends with one line, not a traceback (atomic writes have
  kept the last good outputs);
- doit's workers (``num_process``): each dies with the build that started it, so that a
  killed build leaves no render running on behind it;
- the render host (briefing.renderhost): started when the run may render a PDF, ended
  with the run;
- what the run says once, whichever process it concerns: the patches of upstream
  libraries it does not apply (briefing.compat), when its first task starts.

And before any of that, when ``dodo.py`` is loaded, ``prepare`` refuses a build folder
that the build must not write into, in one line.
"""

from __future__ import annotations

import multiprocessing.util
import os
import signal
import sys
from pathlib import Path

from doit.exceptions import InvalidTask

from . import renderhost
from .diagnostics import Diagnostic, Location
from .paths import EDITIONS, Project, is_pdf_task
from .reporter import BriefingReporter

LOCK_SUFFIX = ".lock"  # beside doit's state file: build/.doit.db.lock


def workers() -> int:
    """doit's worker processes: the cores this process may use, at most two (the editions)."""
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                       else os.cpu_count() or 1))


def prepare(project: Project) -> None:
    """Make the build folder, or stop with one line when the build must not write there.

    A link (a cloned repository can ship one: ``/build/`` in .gitignore matches only a
    folder) would have doit overwrite the files where it points and ``doit clean`` delete
    them, so neither build/ nor anything in it may be one. A folder that cannot be written
    would fail later, at the build lock or in doit's state file.
    """
    build = project.build
    if build.is_symlink():
        _refuse(project, build, f"the build folder is a link to {build.resolve()}; the build "
                "never writes or cleans through a link: make it a folder of its own")
    try:
        build.mkdir(exist_ok=True)
    except OSError as exc:
        _refuse(project, build, f"the build folder cannot be made ({exc.strerror})",
                "build.unwritable")
    if not os.access(build, os.W_OK | os.X_OK):
        _refuse(project, build, "the build folder cannot be written; the build keeps every "
                "output and its own state there: make it writable", "build.unwritable")
    for folder, folders, files in os.walk(build):  # a link is listed, never entered
        for name in sorted(folders + files):
            if (path := Path(folder, name)).is_symlink():
                _refuse(project, path, f"a link to {path.resolve()} in the build folder; the "
                        "build never writes or cleans through a link: remove it")


def _refuse(project: Project, path: Path, message: str, code: str = "build.link") -> None:
    raise SystemExit(str(Diagnostic(Location(project.relative(path)), "error", message, code)))


class BuildRun(BriefingReporter):
    desc = "console output; content problems without tracebacks; one build at a time"

    def __init__(self, outstream, options):
        super().__init__(outstream, options)
        self._lock: BuildLock | None = None
        self._started = False  # a task has started
        self._upstream_digests: Path | None = None  # briefing.upstream's cache
        self._rendered: set[str] = set()  # PDF tasks started
        self._rendering: set[str] = set()  # PDF tasks started and not ended

    def initialize(self, tasks, selected_tasks):
        super().initialize(tasks, selected_tasks)
        sys.excepthook = _one_line_interrupt
        self.build_pid = os.getpid()
        multiprocessing.util.register_after_fork(self, _die_with_parent)
        multiprocessing.util.register_after_fork(self, _warm)
        state = _state_file()
        if state is None:
            return
        self._upstream_digests = state.with_name(".upstream-digests.json")
        self._lock = BuildLock(state.with_name(state.name + LOCK_SUFFIX))
        self._lock.acquire(sys.stderr)
        if any(is_pdf_task(name) for name in selected_tasks or ()) and renderhost.usable():
            renderhost.arm(str(Project.at(state.parent.parent).html), EDITIONS)

    def execute_task(self, task):
        super().execute_task(task)
        if not task.actions:  # a group of tasks (figures, pdf): its sub-tasks do the work
            return
        if not self._started:  # the first task of a run with work to do
            from . import compat  # not for a run with nothing to do: it loads packaging

            compat.report(sys.stderr, self._upstream_digests)
        self._started = True
        if is_pdf_task(task.name):
            self._rendered.add(task.name)
            self._rendering.add(task.name)

    def add_success(self, task):
        super().add_success(task)
        self._rendering.discard(task.name)

    def add_failure(self, task, exception):
        super().add_failure(task, exception)
        self._rendering.discard(task.name)

    def complete_run(self):
        try:
            super().complete_run()
        finally:
            renderhost.stop(rendered=bool(self._rendered), rendering=bool(self._rendering))
            if self._lock is not None:
                self._lock.release()


class BuildLock:
    """An exclusive lock on a file, held by the process for as long as it builds.

    The operating system releases it when the process ends, however it ends, so a killed
    build never leaves a stale lock behind.
    """

    def __init__(self, path: Path):
        self.path = path
        self._handle = None

    def acquire(self, stream) -> None:
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # held until release()
        except OSError as exc:
            raise InvalidTask(f"the build lock {self.path} cannot be opened ({exc.strerror}); "
                              "nothing was built") from None
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


def _die_with_parent(run: BuildRun) -> None:
    """In a doit worker process: be killed when the build process ends, however it ends.

    doit terminates its workers when it stops on an error or Ctrl-C, but a build that is
    itself killed cannot; Linux's parent-death signal does it then.
    """
    if not sys.platform.startswith("linux"):  # pragma: no cover - elsewhere doit's own
        return
    if not renderhost.signal_when_parent_ends(signal.SIGKILL, run.build_pid):
        os._exit(1)


#: What the tasks that read the content load first: validate's checks, and with them the
#: typed model of content.json (briefing.validated) that html, export and evidence read.
WARM = ("briefing.validate",)


def _warm(run: BuildRun) -> None:
    """In a doit worker process, as it starts: load what its tasks will need.

    The first worker starts on ``validate``, which loads all of ``WARM`` itself; the other
    waits for the next task meanwhile, and would load it on a core that has nothing else
    to do. The render host (briefing.renderhost) loads WeasyPrint instead.
    """
    if multiprocessing.current_process().name == renderhost.HOST_NAME:
        return
    import importlib

    for module in WARM:
        try:
            importlib.import_module(module)
        except Exception:  # an engine module being edited: its task will say what is wrong
            return


def _one_line_interrupt(kind, value, traceback) -> None:
    """Ctrl-C during a build: say what it means for the outputs, without a traceback."""
    if issubclass(kind, KeyboardInterrupt):
        sys.stderr.write("\nbuild interrupted: every output is either rebuilt or kept as it "
                         "was; run doit again to finish\n")
        return
    sys.__excepthook__(kind, value, traceback)
