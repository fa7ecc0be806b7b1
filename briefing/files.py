"""Reading a file that content holds or a user names: a regular file only, and only up to a
limit, in chunks. A named pipe or a device (``/dev/zero``) would hang a command or fill its
memory; it is refused from its ``stat``, without being opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

CHUNK = 1 << 20

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


class NotRegular(OSError):
    """The path is not a regular file; ``what`` says what it is, in words."""

    def __init__(self, what: str):
        super().__init__(f"it is {what}, not a regular file")
        self.what = what


class TooLarge(OSError):
    """The file holds more than the limit; ``size`` is its size (at least ``limit + 1``)."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"it is {megabytes(size)}, more than the limit of {megabytes(limit)}")
        self.size, self.limit = size, limit


def megabytes(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size % 1048576 else f"{size // 1048576} MB"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (symlinks followed); NotRegular, TooLarge or another OSError."""
    info = os.stat(path)
    size = _regular_size(info.st_mode, info.st_size)
    if size > limit:
        raise TooLarge(size, limit)
    # opened without blocking, in case it was swapped for a named pipe since the stat
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        _regular_size(os.fstat(fd).st_mode, 0)
        chunks, total = [], 0
        while chunk := file.read(min(CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew since the stat
                raise TooLarge(total, limit)
    return b"".join(chunks)


def _regular_size(mode: int, size: int) -> int:
    for test, what in _KINDS:
        if test(mode):
            raise NotRegular(what)
    if not stat.S_ISREG(mode):
        raise NotRegular("a special file")
    return size
