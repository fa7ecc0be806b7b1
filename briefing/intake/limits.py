"""How much intake may read, uncompress and spend on one input.

A saved page or archive is the analyst's, but what is inside it comes from the web: a 14 KB
WARC can uncompress to gigabytes, a PDF stream likewise, and a parser can be led into work
without end. So the input file has a size limit; everything uncompressed from it (a gzipped
WARC, the WARCs of a WACZ, a page's compressed HTTP body) counts against a second limit, read
in bounded chunks; and the reading itself runs in a child process held to a memory and a CPU
time limit, the backstop for what the libraries uncompress or build on their own (pdfminer's
streams, lxml's trees). Each limit, when reached, is one line that names it and the flag that
raises it.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import zlib
from dataclasses import dataclass

from ..files import megabytes
from . import IntakeError

MB = 1 << 20
CHUNK = MB


@dataclass(frozen=True)
class Limits:
    size: int = 100 * MB  # the file given (--max-size)
    unpacked: int = 400 * MB  # all that is uncompressed from it together (--max-unpacked)
    cpu_s: int = 300  # CPU time of the reading process

    @property
    def memory(self) -> int:
        """The memory the reading may take beyond what its process held before: the
        libraries it loads, and room for the trees and texts they build from what was
        unpacked."""
        return 1024 * MB + 4 * self.unpacked


LIMITS = Limits()


class Budget:
    """What may still be uncompressed from one input."""

    def __init__(self, limits: Limits):
        self.limits, self.left = limits, limits.unpacked

    def take(self, size: int, what: str) -> None:
        self.left -= size
        if self.left < 0:
            raise IntakeError(f"{what} uncompresses to more than {megabytes(self.limits.unpacked)}"
                              ", the limit for what one file holds", "intake.too-large",
                              f"if the file is what you meant to add, give --max-unpacked "
                              f"{2 * self.limits.unpacked // MB} (MB)")

    def read(self, stream, what: str) -> bytes:
        """All of ``stream`` (a file object that uncompresses as it is read), chunk by chunk."""
        chunks = []
        while chunk := stream.read(CHUNK):
            self.take(len(chunk), what)
            chunks.append(chunk)
        return b"".join(chunks)

    def gunzip(self, data: bytes, what: str) -> bytes:
        """``data`` uncompressed: gzip members one after another, as WARC tools write them."""
        chunks, rest = [], data
        while rest:
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = rest
            while pending and not inflate.eof:
                chunk = inflate.decompress(pending, CHUNK)
                self.take(len(chunk), what)
                chunks.append(chunk)
                pending = inflate.unconsumed_tail
            if not inflate.eof:
                raise IntakeError(f"{what} is cut short: its gzip data ends too early",
                                  "intake.unreadable", "save or download the file again")
            rest = inflate.unused_data.lstrip(b"\0")  # some tools pad between members
        return b"".join(chunks)


def too_large(size: int, limits: Limits) -> IntakeError:
    return IntakeError(f"file is {megabytes(size)}, more than the limit of "
                       f"{megabytes(limits.size)} for a file to add", "intake.too-large",
                       f"if it is what you meant to add, give --max-size {size // MB + 1} (MB)")


def in_child(function, *args, limits: Limits):
    """``function(*args)`` in a forked process under the memory and CPU limits; its result,
    or the IntakeError it raised, is passed back (pickled) through a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child: measured by its parent's tests
        os.close(read_end)
        _child(write_end, function, args, limits)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if data:
        outcome, value = pickle.loads(data)
        if outcome == "error":
            raise value
        return value
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
        raise IntakeError(f"reading the file took more than {limits.cpu_s} s of CPU time, the "
                          "limit", "intake.too-slow", "the file may be made to stall readers; "
                          "save the page or document again, or as another kind of file")
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        raise IntakeError("reading the file was stopped by the system (out of memory?)",
                          "intake.too-large", "give --max-unpacked a smaller limit, so that "
                          "intake stops it itself, or free memory")
    raise IntakeError(f"reading the file stopped unexpectedly (status {status})",
                      "intake.unreadable", "save the page or document again")


def _address_space() -> int:
    """This process's virtual size (Linux), or 0 when it cannot be told."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(pipe: int, function, args, limits: Limits) -> None:  # pragma: no cover
    try:
        result = _outcome(function, args, limits)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("error", IntakeError(
                f"the text of the file is too large to pass on within {megabytes(limits.memory)}"
                " of memory", "intake.too-large", "give --max-unpacked a larger limit")))
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def _outcome(function, args, limits: Limits) -> tuple[str, object]:  # pragma: no cover
    try:
        _hold(resource.RLIMIT_CPU, limits.cpu_s)
        _hold(resource.RLIMIT_AS, _address_space() + limits.memory)  # the fork's, and more
        return "ok", function(*args)
    except IntakeError as exc:
        return "error", exc
    except ImportError as exc:
        return "error", IntakeError(
            f"a library intake needs to read this file cannot be loaded ({exc})",
            "intake.setup", "set the project up again with make (or pip install -e .)")
    except MemoryError:
        return "error", IntakeError(
            f"reading the file needs more than {megabytes(limits.memory)} of memory, the "
            "limit", "intake.too-large", f"if the file is what you meant to add, give "
            f"--max-unpacked {2 * limits.unpacked // MB} (MB)")
    except Exception as exc:  # noqa: BLE001 - a parser's complaint about a hostile file
        return "error", IntakeError(
            f"file cannot be read: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}",
            "intake.unreadable", "the file is damaged, or not what its first bytes say")


def _hold(which: int, soft: int) -> None:
    """A soft limit, within the hard one this process was started with (a test's, a shell's)."""
    _, hard = resource.getrlimit(which)
    resource.setrlimit(which, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
