"""The build run (briefing.run): the build folder it refuses, and the reporter beside it.

A build folder that is a link (or holds one) would have doit overwrite the files where the
link points and ``doit clean`` delete them; a read-only one would end in a traceback. Each
is refused in one line before doit touches anything, and the files stay as they were.
"""

from __future__ import annotations

import ctypes
import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import run_doit

from briefing import actions, atomic, renderhost
from briefing.reporter import BriefingReporter
from briefing.run import BuildLock, BuildRun

LINKED = ("error: the build folder is a link to {target}; the build never writes or cleans "
          "through a link: make it a folder of its own [build.link]")


def _user_files(folder: Path) -> Path:
    """A folder of someone's own, holding files named as the build's outputs are."""
    folder.mkdir()
    for name in ("briefing.pdf", "ledger.csv"):
        (folder / name).write_text(f"the user's own {name}\n", encoding="utf-8")
    return folder


def _unchanged(folder: Path) -> bool:
    return sorted(p.name for p in folder.iterdir()) == ["briefing.pdf", "ledger.csv"] and all(
        p.read_text(encoding="utf-8") == f"the user's own {p.name}\n" for p in folder.iterdir())


def _one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    return result.stderr


@pytest.mark.parametrize("command", [[], ["clean"]], ids=["build", "clean"])
def test_a_build_folder_linked_outside_the_project_is_refused(project, tmp_path, command):
    outside = _user_files(tmp_path / "documents")
    (project / "build").symlink_to(outside, target_is_directory=True)
    result = run_doit(project, *command)
    assert _one_line(result) == "build: " + LINKED.format(target=outside) + "\n"
    assert _unchanged(outside)


def test_a_link_inside_the_build_folder_is_refused(project, tmp_path):
    outside = _user_files(tmp_path / "documents")
    (project / "build").mkdir()
    (project / "build" / "figures").symlink_to(outside, target_is_directory=True)
    result = run_doit(project, "clean")
    assert _one_line(result) == (
        f"build/figures: error: a link to {outside} in the build folder; the build never "
        "writes or cleans through a link: remove it [build.link]\n")
    assert _unchanged(outside)


def test_a_build_folder_of_its_own_is_used(project, tmp_path):
    (tmp_path / "shortcut").symlink_to(project / "build", target_is_directory=True)  # to it
    result = run_doit(project, "list")
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout and (project / "build").is_dir()


def _without_root_privilege():
    """In the child, before it runs: as root, give up overriding file permissions
    (PR_CAPBSET_DROP of CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so that a read-only
    folder is read-only to the build as it is to an editor."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):
            if libc.prctl(24, capability, 0, 0, 0) != 0:
                os._exit(99)


def _doit_unprivileged(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "doit"], cwd=project, capture_output=True,
                          text=True, timeout=300, preexec_fn=_without_root_privilege)


def test_a_read_only_build_folder_is_named_in_one_line(project):
    build = project / "build"
    build.mkdir()
    build.chmod(0o555)
    try:
        result = _doit_unprivileged(project)
    finally:
        build.chmod(0o755)
    assert _one_line(result) == (
        "build: error: the build folder cannot be written; the build keeps every output and its "
        "own state there: make it writable [build.unwritable]\n")
    assert list(build.iterdir()) == []


def test_a_build_lock_that_cannot_be_opened_is_named_in_one_line(tmp_path):
    lock = tmp_path / ".doit.db.lock"
    lock.write_text("", encoding="utf-8")
    lock.chmod(0o444)
    script = ("import sys; from pathlib import Path; from briefing.run import BuildLock\n"
              "try:\n    BuildLock(Path(sys.argv[1])).acquire(sys.stderr)\n"
              "except Exception as exc:\n    print(type(exc).__name__, exc)\n")
    result = subprocess.run([sys.executable, "-c", script, str(lock)], capture_output=True,
                            text=True, timeout=60, preexec_fn=_without_root_privilege)
    assert result.stdout == (f"InvalidTask the build lock {lock} cannot be opened (Permission "
                             "denied); nothing was built\n")
    BuildLock(tmp_path / "fine.lock").acquire(sys.stderr)  # a writable one is taken


def test_the_reporter_reports_runtime_errors_in_one_line():
    out = io.StringIO()
    reporter = BriefingReporter(out, {})
    reporter.runtime_error("the build lock x cannot be opened (Permission denied)")
    reporter.complete_run()
    assert out.getvalue() == "error: the build lock x cannot be opened (Permission denied)\n"


class _Task:
    name, actions, executed, verbosity = "pdf:a4", ["render"], True, 2

    def title(self):
        return self.name


def _run_through(reporter_class, project: Path, started: list) -> None:
    """Drive a reporter as doit drives it through a run that renders one PDF; ``started``
    gets the processes that were running in the middle of the run and not before."""
    from doit.globals import Globals

    before = _children()
    Globals.dep_manager = SimpleNamespace(backend=SimpleNamespace(
        name=str(project / "build" / ".doit.db")))  # what doit has opened when it starts
    try:
        reporter = reporter_class(io.StringIO(), {})
        reporter.initialize({"pdf:a4": _Task()}, ["pdf:a4"])
        reporter.execute_task(_Task())
        started += sorted(_children() - before)
        reporter.add_success(_Task())
        reporter.complete_run()
    finally:
        Globals.dep_manager = None


def test_the_reporter_starts_no_process(project):
    (project / "build").mkdir()
    started = []
    _run_through(BriefingReporter, project, started)
    assert started == []


@pytest.mark.skipif(not renderhost.usable(), reason="the render host needs Linux and two cores")
def test_the_build_run_starts_the_render_host_and_ends_it(project):
    (project / "build").mkdir()
    started = []
    _run_through(BuildRun, project, started)
    assert len(started) == 1  # the host, which forks the renderers
    assert not Path(f"/proc/{started[0]}").exists() or _zombie(started[0])


@pytest.mark.skipif(not renderhost.usable(), reason="the render host needs Linux and two cores")
def test_a_run_with_nothing_to_do_ends_the_render_host_at_once(project, capsys):
    """doit tells the reporter of a group task (pdf) even in a no-op build: it renders
    nothing, so the host is ended at once rather than waited for while it loads."""
    from doit.globals import Globals

    group = _Task()
    group.name, group.actions = "pdf", []
    (project / "build").mkdir()
    Globals.dep_manager = SimpleNamespace(backend=SimpleNamespace(
        name=str(project / "build" / ".doit.db")))
    try:
        run = BuildRun(io.StringIO(), {})
        run.initialize({"pdf": group}, ["pdf"])
        host = renderhost._host
        run.execute_task(group)
        run.add_success(group)
        run.complete_run()
    finally:
        Globals.dep_manager = None
    assert host.exitcode == -signal.SIGTERM  # ended, not joined once it had loaded
    assert capsys.readouterr().err == ""  # nor were the patches checked: nothing ran
    assert not (project / "build" / ".upstream-digests.json").exists()


#: doit, with every process that multiprocessing starts named on stderr.
COUNTED_DOIT = """
import multiprocessing.process, sys
start = multiprocessing.process.BaseProcess.start
def counted(process):
    sys.stderr.write("started " + process.name + "\\n")
    return start(process)
multiprocessing.process.BaseProcess.start = counted
from doit.__main__ import main
sys.argv = ["doit"]
main()
"""


def test_a_run_with_nothing_to_do_starts_no_worker(built_project):
    """The groups of tasks (pdf, figures) have no work of their own: up to date, they are
    not handed to doit's workers, so a run with nothing to do starts none."""
    result = subprocess.run([sys.executable, "-c", COUNTED_DOIT], cwd=built_project,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("-- validate\n")
    assert "pdf:a4" in result.stdout and "\n-- pdf\n" not in result.stdout
    started = [line for line in result.stderr.splitlines() if line.startswith("started ")]
    assert started == (["started briefing render host"] if renderhost.usable() else [])


def _zombie(pid: str) -> bool:
    return (Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]) == "Z"


def _children() -> set[int]:
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update((task / "children").read_text(encoding="ascii").split())
    return found


def test_an_output_is_never_written_into_a_folder_that_is_a_link(project, tmp_path):
    outside = _user_files(tmp_path / "documents")
    (project / "build").mkdir(exist_ok=True)
    (project / "build" / "figures").symlink_to(outside, target_is_directory=True)
    failed = actions.validate(str(project), False, ["timeline"])  # content.json, chart data
    assert failed is not None and failed.message == (
        "build/figures: a link, and outputs are never written through a link; the last good "
        "outputs are kept")
    assert _unchanged(outside)


def test_an_output_that_is_a_link_is_replaced_not_written_through(tmp_path):
    outside = _user_files(tmp_path / "documents")
    build = tmp_path / "build"
    build.mkdir()
    (build / "ledger.csv").symlink_to(outside / "ledger.csv")
    atomic.write_text(build / "ledger.csv", "id\n")
    assert not (build / "ledger.csv").is_symlink()
    assert (build / "ledger.csv").read_text(encoding="utf-8") == "id\n"
    assert _unchanged(outside)
