"""Test helpers: small projects made from the content roots under tests/roots/.

A project is a temporary folder with a copy of one root's ``content/`` and links to the
repository's ``dodo.py``, ``templates/``, ``figures/`` and ``pyproject.toml``, so doit runs
there exactly as it does in the repository.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
REPO = TESTS.parent
LINKED = ("dodo.py", "templates", "figures", "pyproject.toml")

# Started in the background of a shell without job control (`cmd &`, nohup), the tests
# inherit SIGINT ignored, and so would every build they start, which the Ctrl-C tests
# interrupt. A Python handler is reset to the default in the programs the tests run.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def make_project(folder: Path, root: str = "test-basic", content: Path | None = None) -> Path:
    """A runnable project in ``folder`` with the content of ``tests/roots/<root>``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content or ROOTS / root / "content", folder / "content")
    for name in LINKED:
        (folder / name).symlink_to(REPO / name)
    return folder


def run_doit(project: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "doit", *args], cwd=project,
                          capture_output=True, text=True, timeout=timeout)


def processes_in(folder: Path) -> list[int]:
    """The processes working in ``folder`` (a build and all it started run in its project)."""
    found, folder = [], folder.resolve()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")) == folder:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def run_limited(code: str, *args: str, cpu_s: int = 10, memory_mb: int = 1024,
                cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Python ``code`` in a child process held to ``cpu_s`` seconds of CPU and ``memory_mb``
    of address space (``resource`` limits, not a timer: a loaded machine does not fail it).
    A child over its CPU time is killed by SIGXCPU; over its memory, it gets MemoryError."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=limit)


def build(project: Path) -> Path:
    """Run the whole build in ``project``; a failed build fails the test with doit's output."""
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def ran(result: subprocess.CompletedProcess) -> set[str]:
    """The tasks doit executed in a run, from its own report ('.  name' lines)."""
    return {line[3:].strip() for line in result.stdout.splitlines() if line.startswith(".  ")}


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """test-basic, built once for the tests that only read the outputs."""
    folder = make_project(tmp_path_factory.mktemp("built") / "project")
    result = run_doit(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder
