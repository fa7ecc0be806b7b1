"""Run a command and measure it: wall time, and the peak memory of its whole process tree."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float  # wall-clock time
    cpu_s: float  # user and system time of the process and the children it waited for
    peak_mib: float  # the largest resident set of the process or any descendant it waited for
    tree_peak_mib: float  # the largest sum of resident sets over the process tree, sampled
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> Run:
        if self.returncode != 0:
            raise RuntimeError(f"{what} failed with exit status {self.returncode}:\n"
                               f"{self.stdout[-3000:]}\n{self.stderr[-3000:]}")
        return self


#: The folder put first on PYTHONPATH of every command (the engine snapshot), or None.
ENGINE: Path | None = None


def use_engine(folder: Path | None) -> None:
    global ENGINE
    ENGINE = folder


def _env() -> dict | None:
    if ENGINE is None:
        return None
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ENGINE), *filter(None, [os.environ.get("PYTHONPATH")])])}


def run(args: list[str], cwd: Path) -> Run:
    """Run ``args`` to the end; output goes to files so that no pipe can fill and stall it.

    ``os.wait4`` returns the resource usage of the child together with the children it
    waited for, so ``ru_maxrss`` is the largest single process of the tree (doit runs its
    tasks in its own process unless told to use workers). Processes that run at the same
    time add up: a sampler sums the resident sets of the whole tree ten times a second.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, env=_env())
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   sampler.peak_kib / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


class _TreeSampler(threading.Thread):
    """The largest total resident set of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:  # gone already, or not Linux
            continue
    return pids


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def python(*args: str) -> list[str]:
    """A command line for this interpreter (the project's venv when run by ``make bench``)."""
    return [sys.executable, *args]


def doit(project: Path, *args: str) -> Run:
    return run(python("-m", "doit", *args), project)


def ran_tasks(result: Run) -> list[str]:
    """The tasks doit executed, from its own report: lines '.  name' (up to date is '-- ')."""
    return [line[3:].strip() for line in result.stdout.splitlines() if line.startswith(".  ")]


def median(values: list[float]) -> float:
    return statistics.median(values)
