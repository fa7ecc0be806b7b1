"""Run a command and measure it: wall time, and the peak memory of its whole process tree."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float  # the largest resident set of the process or any descendant it waited for
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> Run:
        if self.returncode != 0:
            raise RuntimeError(f"{what} failed with exit status {self.returncode}:\n"
                               f"{self.stdout[-3000:]}\n{self.stderr[-3000:]}")
        return self


def run(args: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run ``args`` to the end; output goes to files so that no pipe can fill and stall it.

    ``os.wait4`` returns the resource usage of the child together with the children it
    waited for, so ``ru_maxrss`` covers the doit process and any process it started.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


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
