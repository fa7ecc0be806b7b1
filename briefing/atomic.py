"""Write outputs atomically: a failed or interrupted build leaves the previous file whole."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextmanager
def replacing(target: Path):
    """Yield a temporary path beside ``target``; on success it replaces ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600 files; outputs are ordinary files
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_leftovers(target: Path) -> None:
    """Temporary files of a build killed while writing ``target`` (kill -9 runs no cleanup).

    Safe because one build at a time writes a project's outputs (the reporter's build lock).
    """
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        stale.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    with replacing(target) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


def dumps_json(data) -> str:
    """Stable JSON: sorted keys, fixed separators, UTF-8 text, a final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def write_json(target: Path, data) -> None:
    write_text(target, dumps_json(data))
