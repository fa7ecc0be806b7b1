"""The functions of installed upstream packages, found and digested without importing them.

briefing.compat checks, before it applies a patch, that each upstream function the patch
was written against still has the source it had. A build checks that in its own process,
which has not loaded WeasyPrint (that takes a second), so the functions are found by
reading the installed files: the package's folder from its spec (found, not imported),
then the file and the function in it with ``ast``. A file's functions are digested once,
and kept in a cache file by the file's size and modification time, so that a build that
finds its upstream unchanged parses nothing.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from . import atomic


@dataclass(frozen=True)
class Function:
    file: str  # as installed, from the folder of its package: weasyprint/layout/block.py
    line: int
    col: int
    digest: str  # of its lines, decorators left out


_DIGESTS: dict[str, dict[str, list]] = {}  # file -> qualified name -> [line, col, digest]


def find(function: str) -> Function | None:
    """The installed function ``module:Qualified.name``; None when it is not there."""
    module, _, qualified = function.partition(":")
    found = _module_file(module)
    if found is None:
        return None
    path, installed_in = found
    entry = _digests(path).get(qualified)
    return Function(path.relative_to(installed_in).as_posix(), *entry) if entry else None


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def load_cache(cache: Path) -> None:
    """Take the digests of the files ``cache`` holds that are as they were then."""
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for file, entry in stored.items() if isinstance(stored, dict) else ():
        if isinstance(entry, dict) and entry.get("stamp") == _stamp(Path(file)):
            _DIGESTS.setdefault(file, entry.get("functions", {}))


def save_cache(cache: Path) -> None:
    """Keep the digests worked out in this process (and those taken from ``cache``)."""
    stored = {file: {"stamp": _stamp(Path(file)), "functions": functions}
              for file, functions in _DIGESTS.items()}
    try:
        atomic.write_json(cache, stored)
    except OSError:  # a read-only build/ is reported where the build starts
        pass


def _digests(path: Path) -> dict[str, list]:
    if str(path) not in _DIGESTS:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines(keepends=True)
        found: dict[str, list] = {}

        def walk(nodes, prefix: str) -> None:
            for node in nodes:
                if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                    text = "".join(lines[node.lineno - 1:node.end_lineno])
                    found[prefix + node.name] = [node.lineno, node.col_offset + 1, digest(text)]
                    walk(node.body, f"{prefix}{node.name}.")

        walk(ast.parse(source, str(path)).body, "")
        _DIGESTS[str(path)] = found
    return _DIGESTS[str(path)]


def _stamp(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _module_file(module: str) -> tuple[Path, Path] | None:
    """The file of ``module`` and the folder it is installed in, found from its top-level
    package: finding a submodule's spec would import the packages above it (all of
    WeasyPrint)."""
    top, *rest = module.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin)
    if not spec.submodule_search_locations:  # a module of one file
        return (path, path.parent) if not rest else None
    folder = path.parent.joinpath(*rest)
    for candidate in (folder.with_suffix(".py"), folder / "__init__.py") if rest else (path,):
        if candidate.is_file():
            return candidate, path.parent.parent
    return None
