"""How much intake may read, uncompress and spend on one input.

A saved page or archive is the analyst's, but what is inside it comes from the web: a 14 KB
WARC can uncompress to gigabytes, a PDF stream likewise, and a parser can be led into work
without end. So the input file has a size limit; everything uncompressed from it (a gzipped
WARC, the WARCs of a WACZ, a page's compressed HTTP body) counts against a second limit, read
in bounded chunks; and the reading itself runs in a child process held to a memory and a CPU
time limit
(``briefing.bounded``), the backstop for what the libraries uncompress or build on their own
(pdfminer's streams, lxml's trees). Each limit, when reached, is one line that names it and the flag that
raises it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from .. import bounded
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
    """``function(*args)`` in a child process under the memory and CPU limits
    (``briefing.bounded``); its result, or the IntakeError it raised."""
    try:
        return bounded.run(function, *args, memory=limits.memory, cpu_s=limits.cpu_s)
    except IntakeError:
        raise
    except bounded.Stopped as stop:
        raise _stopped(stop, limits) from None
    except ImportError as exc:
        raise IntakeError(f"a library intake needs to read this file cannot be loaded ({exc})",
                          "intake.setup", "set the project up again with make (or pip install "
                          "-e .)") from None
    except Exception as exc:  # noqa: BLE001 - a parser's complaint about a hostile file
        what = str(exc) if isinstance(exc, bounded.Failed) else f"{type(exc).__name__}: {exc}"
        raise IntakeError(f"file cannot be read: {' '.join(what.split())[:200]}",
                          "intake.unreadable", "the file is damaged, or not what its first "
                          "bytes say") from None


def _stopped(stop: bounded.Stopped, limits: Limits) -> IntakeError:
    if stop.reason == "cpu":
        return IntakeError(f"reading the file took more than {limits.cpu_s} s of CPU time, the "
                           "limit", "intake.too-slow", "the file may be made to stall readers; "
                           "save the page or document again, or as another kind of file")
    if stop.reason == "memory":
        return IntakeError(f"reading the file needs more than {megabytes(limits.memory)} of "
                           "memory, the limit", "intake.too-large", f"if the file is what you "
                           f"meant to add, give --max-unpacked {2 * limits.unpacked // MB} (MB)")
    if stop.reason == "result-memory":
        return IntakeError(f"the text of the file is too large to pass on within "
                           f"{megabytes(limits.memory)} of memory", "intake.too-large",
                           "give --max-unpacked a larger limit")
    if stop.reason == "killed":
        return IntakeError("reading the file was stopped by the system (out of memory?)",
                           "intake.too-large", "give --max-unpacked a smaller limit, so that "
                           "intake stops it itself, or free memory")
    return IntakeError(f"reading the file stopped unexpectedly (status {stop.status})",
                       "intake.unreadable", "save the page or document again")
