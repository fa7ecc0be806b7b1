"""Write outputs atomically: a failed or interrupted build leaves the previous file whole.

Never through a link: the folder written into is opened without following a link (a
folder that is one is refused), the temporary file is created where no file was, and it
replaces the target's name itself, so that a target that is a link is replaced, not
written through.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
from pathlib import Path

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def write_bytes(target: Path, data: bytes) -> None:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = _open_folder(target.parent)
    try:
        _remove_leftovers(folder, target.name)
        tmp = f".{target.name}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, _NEW_FILE, 0o666, dir_fd=folder)  # the umask applies, as to any file
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            _unlink(folder, tmp)
            raise
    finally:
        os.close(folder)


def _open_folder(path: Path) -> int:
    try:
        return os.open(path, _FOLDER)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and path.is_symlink():
            raise OSError(errno.ELOOP, "a link, and outputs are never written through a link",
                          str(path)) from None
        raise


def _remove_leftovers(folder: int, name: str) -> None:
    """Temporary files of a build killed while writing ``name`` (kill -9 runs no cleanup).

    Safe because one build at a time writes a project's outputs (briefing.run's build lock).
    """
    for entry in os.listdir(folder):
        if entry.startswith(f".{name}.") and entry.endswith(".tmp"):
            _unlink(folder, entry)


def _unlink(folder: int, name: str) -> None:
    try:
        os.unlink(name, dir_fd=folder)  # a link is removed itself, never what it points to
    except FileNotFoundError:
        pass


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def dumps_json(data) -> str:
    """Stable JSON: sorted keys, fixed separators, UTF-8 text, a final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def write_json(target: Path, data) -> None:
    write_text(target, dumps_json(data))
