"""Work on a file from elsewhere in a child process held to a memory and a CPU time limit.

What a saved page or a received PDF holds comes from others: a stream can uncompress to
gigabytes, a parser can be led into work without end. The libraries that read such files
(pdfminer, qpdf, lxml) build what they read on their own, so the backstop is the process:
a forked child under ``RLIMIT_AS`` and ``RLIMIT_CPU``, whose result, or the exception it
raised, comes back pickled through a pipe. Intake (``briefing.intake.limits``) and
``briefing verify`` run their reading this way, each with its own words for a limit met.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal


class Stopped(Exception):
    """The child did not finish its work: ``reason`` is ``cpu`` (over its CPU time),
    ``memory`` (over its memory while working), ``result-memory`` (its result too large to
    pass back), ``killed`` (by the system, out of memory?) or ``crashed``."""

    def __init__(self, reason: str, status: int = 0):
        super().__init__(reason)
        self.reason, self.status = reason, status


class Failed(Exception):
    """An exception of the child that cannot travel back as itself: its type and message."""


def run(function, *args, memory: int, cpu_s: int):
    """``function(*args)`` in a forked child allowed ``memory`` bytes more than it starts
    with and ``cpu_s`` seconds of CPU: its result, or the exception it raised (as ``Failed``
    when that cannot be pickled), or ``Stopped``."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: measured by its parent's tests
        os.close(read_end)
        _child(write_end, function, args, memory, cpu_s)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if data:
        outcome, value = pickle.loads(data)
        if outcome == "raised":
            raise value
        if outcome == "ok":
            return value
        raise Stopped(outcome)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        raise Stopped("cpu", status)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        raise Stopped("killed", status)
    raise Stopped("crashed", status)


def _address_space() -> int:
    """This process's virtual size (Linux), or 0 when it cannot be told."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(pipe: int, function, args, memory: int, cpu_s: int) -> None:  # pragma: no cover
    try:
        result = _outcome(function, args, memory, cpu_s)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("result-memory", None))
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def _outcome(function, args, memory: int, cpu_s: int) -> tuple[str, object]:  # pragma: no cover
    try:
        _hold(resource.RLIMIT_CPU, cpu_s)
        _hold(resource.RLIMIT_AS, _address_space() + memory)  # the fork's, and more
        return "ok", function(*args)
    except MemoryError:
        return "memory", None
    except Exception as exc:  # noqa: BLE001 - passed back to the parent, which words it
        return "raised", _portable(exc)


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a ``Failed`` with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - a library's exception that does not rebuild
        return Failed(f"{type(exc).__name__}: {exc}")


def _hold(which: int, soft: int) -> None:
    """A soft limit, within the hard one this process was started with (a test's, a shell's)."""
    _, hard = resource.getrlimit(which)
    resource.setrlimit(which, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
