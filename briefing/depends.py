"""The engine modules a task's action runs: the import closure of its action, from the code.

``dodo.py`` gives each task these files as ``file_dep``, so that a change to any module
the action can reach reruns the task, and a change to any other module does not. They are
read from the code itself (every ``import`` of a module, at its top or inside a function),
never listed by hand: a hand list drifts (it once left ``validate`` blind to its own check).

The action is a function of ``briefing.actions``, which imports what each action needs
inside the function; so an action's closure starts from its own imports and those at the
top of its module, and then takes in everything those modules import, anywhere in them.

The import graph is kept in a cache file (``build/.engine-imports.json``), entry by entry
with each module's size and modification time: a no-op build stats the engine's files and
parses none of them.

A task also depends on the versions of the libraries it runs (``installed_version``): read
from the names of the installed ``.dist-info`` folders, one listing of each folder of
``sys.path``, rather than by importlib.metadata's search of every folder for each name.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import json
import os
import re
import sys
from pathlib import Path

from . import atomic

PACKAGE = Path(__file__).resolve().parent
NAME = __name__.rpartition(".")[0]  # "briefing"


class ImportGraph:
    """The engine's modules (``briefing.x.y``) and what each imports of the engine."""

    def __init__(self, cache: Path | None = None):
        self.cache = cache
        self.files = {self._module(path): path for path in sorted(PACKAGE.rglob("*.py"))
                      if "starter" not in path.relative_to(PACKAGE).parts}
        self._imports: dict[str, dict] = {}  # module -> {"all", "top", "functions"}
        self._load()

    @staticmethod
    def _module(path: Path) -> str:
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        return ".".join((NAME, *(parts[:-1] if parts[-1] == "__init__" else parts)))

    def imports(self, module: str) -> set[str]:
        """What ``module`` imports of the engine, anywhere in it."""
        return set(self._imports[module]["all"])

    def entry(self, module: str, function: str) -> set[str]:
        """What calling ``function`` of ``module`` imports: the module's top-level imports,
        and those inside the function and inside the functions of the module it calls."""
        found = self._imports[module]
        functions = found["functions"]
        start, seen, todo = set(found["top"]), set(), [function]
        while todo:
            name = todo.pop()
            if name in seen or name not in functions:
                continue
            seen.add(name)
            start.update(functions[name]["imports"])
            todo += functions[name]["calls"]
        return start

    def closure(self, start: set[str]) -> set[str]:
        """``start`` and every engine module it imports, directly or not."""
        seen, todo = set(), list(start)
        while todo:
            module = todo.pop()
            if module in seen or module not in self.files:
                continue
            seen.add(module)
            todo += self._imports[module]["all"]
        return seen

    def _load(self) -> None:
        stored = {}
        if self.cache is not None:
            try:
                stored = json.loads(self.cache.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = {}
        changed = False
        for module, path in self.files.items():
            stat = path.stat()
            stamp = [stat.st_mtime_ns, stat.st_size]
            entry = stored.get(module)
            if isinstance(entry, dict) and entry.get("stamp") == stamp:
                self._imports[module] = entry
                continue
            self._imports[module] = stored[module] = {"stamp": stamp, **self._parse(module, path)}
            changed = True
        if changed and self.cache is not None and self.cache.parent.is_dir():
            stored = {m: stored[m] for m in self.files}
            try:
                atomic.write_json(self.cache, stored)
            except OSError:  # a read-only build/ is reported where the build starts
                pass

    def _parse(self, module: str, path: Path) -> dict:
        tree = ast.parse(path.read_bytes(), str(path))

        def found(nodes) -> list[str]:
            return sorted({name for node in nodes for name in self.resolve(module, path, node)})

        functions = [node for node in tree.body
                     if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        names = {node.name for node in functions}
        return {"all": found(ast.walk(tree)), "top": found(tree.body),
                "functions": {node.name: {
                    "imports": found(ast.walk(node)),
                    "calls": sorted({n.id for n in ast.walk(node)
                                     if isinstance(n, ast.Name) and n.id in names})}
                    for node in functions}}

    def resolve(self, module: str, path: Path, node: ast.AST) -> set[str]:
        """The engine modules one import statement of ``module`` (file ``path``) loads."""
        if isinstance(node, ast.Import):
            return {n for alias in node.names for n in self._with_parents(alias.name)}
        if not isinstance(node, ast.ImportFrom):
            return set()
        if node.level:
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = ".".join(p for p in (package, node.module) if p)
        else:
            base = node.module or ""
        found = self._with_parents(base)
        for alias in node.names:  # `from . import atomic`: a submodule, or a name in base
            found |= self._with_parents(f"{base}.{alias.name}")
        return found

    def _with_parents(self, name: str) -> set[str]:
        """``name`` if it is an engine module, with the packages it lies in (imported too)."""
        if name not in self.files:
            return set()
        parts = name.split(".")
        return {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & set(self.files)


def action_files(graph: ImportGraph, action) -> list[str]:
    """The files of the engine modules ``action`` (a top-level function of an engine
    module) can run, sorted, as doit's ``file_dep`` wants them."""
    # the action's own module counts as a file, not with everything its other functions import
    modules = {action.__module__} | graph.closure(graph.entry(action.__module__, action.__name__)
                                                  - {action.__module__})
    return sorted(str(graph.files[m]) for m in modules)


def installed_version(distribution: str) -> str:
    """The version of ``distribution`` that an import would load: the version in the name of
    its ``.dist-info`` folder (installers name it ``{name}-{version}.dist-info``, PEP 491),
    the first on ``sys.path``; importlib.metadata's answer where no folder is named so."""
    found = _dist_info_versions().get(_canonical(distribution))
    return found if found is not None else importlib.metadata.version(distribution)


@functools.cache
def _dist_info_versions() -> dict[str, str]:
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                project, _, version = name.removesuffix(".dist-info").partition("-")
                versions.setdefault(_canonical(project), version)
    return versions


def _canonical(name: str) -> str:
    """A distribution's name as PEP 503 compares names (packaging.utils.canonicalize_name,
    whose import would cost each no-op build 70 ms)."""
    return re.sub(r"[-_.]+", "-", name).lower()
