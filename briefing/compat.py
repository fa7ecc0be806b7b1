"""The compatibility layer: every patch of an upstream library, in one table.

Each patch (``PATCHES``) records what it replaces upstream (``wraps``), the upstream code
it was written against with a digest of each function's source (``against``: what it
wraps, and what it reads or corrects), the versions it is written for (those that
pyproject.toml pins, unless it says fewer), and the upstream issue or the bug it answers.
The modules that hold the patches' code register it here by name
(``@compat.patch("name")``) and apply their package's patches with ``apply``.

A patch is applied only where the installed version is in its range and every function
it was written against has the source it had then. Otherwise it is not applied, and the
build says so once, in one line naming it (``report``, called by briefing.run): the
build still makes a correct PDF, without the patch's gain. Three patches copy a whole
upstream function (``copies``): applied over an upstream that fixed that function, they
would undo the fix; the digest is what refuses them then.

The digests are read from the installed files, without importing them
(briefing.upstream), so that a build can check them before any task loads WeasyPrint.
``python -m briefing patches`` shows each patch and whether it applies; see README,
"Moving a pinned version".
"""

from __future__ import annotations

import argparse
import functools
import importlib.metadata
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import upstream
from .diagnostics import Diagnostic, Location

#: The distribution whose declared dependencies pin the upstream versions (pyproject.toml).
PROJECT = "briefing"


@dataclass(frozen=True)
class Patch:
    name: str  # how the build's messages name it
    package: str  # the distribution, as pip names it
    against: tuple[tuple[str, str], ...]  # ("module:qualified.name", digest of its source)
    answers: str  # the upstream issue, or the bug in a sentence
    without: str  # what a build loses when it is not applied
    wraps: tuple[str, ...] = ()  # upstream functions it replaces; none: a workaround of ours
    copies: bool = False  # it replaces an upstream function by a whole, edited copy of it
    versions: str = ""  # the versions it is written for, if narrower than the pin (PEP 440)

    def written_for(self) -> SpecifierSet:
        """The versions it is written for: its own, or those pyproject.toml pins."""
        return SpecifierSet(self.versions) if self.versions else pinned(self.package)


PATCHES = (
    Patch("footnote-overflow-tolerance", "weasyprint",
          wraps=("weasyprint.layout:LayoutContext._update_footnote_area",),
          against=(("weasyprint.layout:LayoutContext._update_footnote_area", "2e317e4b066fb80c"),),
          copies=True,
          answers="the footnote area's overflow test compares float positions exactly "
                  "(docs/upstream/footnote-overflow-tolerance.md)",
          without="a note that fits may be carried over to the next page"),
    Patch("carried-notes-on-remake", "weasyprint",
          wraps=("weasyprint.layout.page:remake_page",),
          against=(("weasyprint.layout.page:remake_page", "1ff09b2dffa17839"),
                   ("weasyprint.layout.page:make_all_pages", "b5e4034894841caa")),
          answers="a page remade for target-counter() loses the notes carried over to it "
                  "(docs/upstream/carried-notes-on-remake.md)",
          without="a note carried over to a remade page may be lost (the PDF is then "
                  "rendered again with footnote-policy: auto)"),
    Patch("footnote-layout-kept", "weasyprint",
          wraps=("weasyprint.layout.block:block_level_layout",),
          against=(("weasyprint.layout.block:block_level_layout", "c1301dde9284e245"),
                   ("weasyprint.layout:LayoutContext._update_footnote_area", "2e317e4b066fb80c")),
          answers="the footnote area is laid out again, whole, for every note added to a "
                  "page: quadratic (docs/upstream/footnote-area-quadratic.md)",
          without="each footnote area is laid out again for every note (slower)"),
    Patch("target-pages-remade-when-changed", "weasyprint",
          wraps=("weasyprint.css.targets:TargetCollector.cache_target_page_counters",
                 "weasyprint.layout.page:make_page"),
          against=(("weasyprint.css.targets:TargetCollector.cache_target_page_counters", "501f31c871d4a678"),
                   ("weasyprint.layout.page:make_page", "656f183328e8b1b5")),
          copies=True,
          answers="every page with a forward target-counter() is laid out three times "
                  "(the TODO in cache_target_page_counters; "
                  "docs/upstream/missing-counters-under-none.md)",
          without="pages with page references are laid out up to three times (slower)"),
    Patch("own-missing-counters-kept", "weasyprint",
          wraps=("weasyprint.css.targets:TargetCollector.collect_missing_counters",),
          against=(("weasyprint.css.targets:TargetCollector.collect_missing_counters", "24ea43be86560c9d"),
                   ("weasyprint.formatting_structure.build:compute_content_list", "3a5674cabd84f48a")),
          answers="70.0 files what a target-counter(attr(href)) misses under None "
                  "(docs/upstream/missing-counters-under-none.md)",
          without="pages with page references are laid out again in every pass (slower)"),
    Patch("pagerefs-seeding", "weasyprint",
          wraps=("weasyprint.css.targets:TargetCollector.collect_anchor",),
          against=(("weasyprint.css.targets:TargetCollector.collect_anchor", "e016cc3f10624811"),
                   ("weasyprint.css.targets:TargetCollector.cache_target_page_counters", "501f31c871d4a678")),
          answers="a feature of ours: anchors start at the pages kept from the last render "
                  "(briefing/pagerefs.py)",
          without="an edited build lays out the pages with forward references twice"),
    Patch("notes-of-a-kept-line", "weasyprint",
          wraps=("weasyprint.layout.block:_linebox_layout",),
          against=(("weasyprint.layout.block:_linebox_layout", "e07bbe000974787e"),),
          answers="a line kept on its page by carrying earlier notes over prints the calls "
                  "of its own notes and never the notes (docs/upstream/notes-of-a-kept-line.md)",
          without="such a note is dropped, and the PDF is laid out again "
                  "(briefing.pdf._FOOTNOTE_RETRIES)"),
    Patch("footnote-policy-fallback", "weasyprint",
          against=(("weasyprint.layout.block:_linebox_layout", "e07bbe000974787e"),),
          answers="a check of ours: a render that drops a note anyway is laid out again "
                  "(the drops seen so far: docs/upstream/notes-of-a-kept-line.md)",
          without="a render is not checked for dropped notes, nor laid out again "
                  "(briefing.pdf._FOOTNOTE_RETRIES)"),
    Patch("streams-at-default-level", "pydyf",
          wraps=("pydyf:Stream.data",),
          against=(("pydyf:Stream.data", "59e0ca6a85e2d3bd"),),
          answers="pydyf compresses every stream at zlib's level 9 (by choice: smaller "
                  "files), four times slower than the default level for 3% of the size",
          without="streams are compressed at level 9 (slower, 3% smaller)"),
    Patch("substitute-suppresses-variables", "citeproc-py",
          wraps=("citeproc.model:Text._variable", "citeproc.model:Substitute.render"),
          against=(("citeproc.model:Text._variable", "6c60676c7c731cf3"),
                   ("citeproc.model:Substitute.render", "32332cf4b31c2c1a")),
          copies=True,
          answers="citeproc-py issue #91: a variable a cs:substitute rendered through a "
                  "macro is not suppressed in the rest of the entry",
          without="a work without author prints its title twice in the bibliography"),
    Patch("empty-label-prints-nothing", "citeproc-py",
          wraps=("citeproc.model:Label.process",),
          against=(("citeproc.model:Label.process", "f9b9c83fc2d02f00"),),
          answers="a cs:label of an empty variable prints its term (CSL 1.0.2: it must not)",
          without="a stray label (\"Edition.\") may follow an entry"),
    Patch("macro-looked-up-once", "citeproc-py",
          wraps=("citeproc.model:CitationStylesElement.get_macro",),
          against=(("citeproc.model:CitationStylesElement.get_macro", "1947e6a92b5c7589"),),
          answers="a CSL macro is looked up by XPath at every use",
          without="the bibliography is formatted more slowly"),
)
_BY_NAME = {record.name: record for record in PATCHES}
_CODE: dict[str, Callable[[], None]] = {}  # name -> the function that applies it
_APPLIED: set[str] = set()


def patch(name: str):
    """Register the decorated function as the code that applies the patch ``name``."""
    def register(function):
        if name not in _BY_NAME:
            raise KeyError(f"patch {name!r} is not in briefing.compat.PATCHES")
        _CODE[name] = function
        return function
    return register


def apply(package: str) -> set[str]:
    """Apply, once in this process, each patch of ``package`` whose code is registered and
    whose upstream is as it was written against; the names of those applied so far."""
    for record in PATCHES:
        if (record.package != package or record.name in _APPLIED
                or (record.wraps and record.name not in _CODE) or refusal(record.name)):
            continue
        if record.wraps:
            _CODE[record.name]()
        _APPLIED.add(record.name)
    return {name for name in _APPLIED if _BY_NAME[name].package == package}


def applied(name: str) -> bool:
    """Whether the patch ``name`` is in force in this process (applied now if it can be)."""
    return name in apply(_BY_NAME[name].package)


@functools.cache
def refusal(name: str) -> Diagnostic | None:
    """Why the patch ``name`` must not be applied here, as the line a build prints; None
    when it fits what is installed."""
    return check(_BY_NAME[name])


def check(record: Patch) -> Diagnostic | None:
    """None when the installed version is in ``record``'s range and each upstream function
    it was written against has the source it had; else the line that says why not."""
    version, versions = installed(record.package), record.written_for()
    if version is None or version not in versions:
        return _refused(record, Location(record.package),
                        f"written for {record.package} {_shown(versions)}, not "
                        f"{version or 'none installed'}")
    for function, digest in record.against:
        found = upstream.find(function)
        if found is None:
            return _refused(record, Location(record.package),
                            f"{function} is not in {record.package} {version}")
        if found.digest != digest:
            qualified = function.partition(":")[2]
            return _refused(record, Location(found.file, found.line, found.col),
                            f"{qualified} is not the source it was written against "
                            f"({record.package} {version})")
    return None


def _refused(record: Patch, where: Location, why: str) -> Diagnostic:
    return Diagnostic(where, "warning", f"patch '{record.name}' not applied: {why}; without "
                      f"it, {record.without}", "patch.refused")


def report(stream, cache: Path | None = None) -> None:
    """Say, one line each, which patches this build does not apply; the digests of the
    upstream files are kept in ``cache`` from one build to the next."""
    if cache is not None:
        upstream.load_cache(cache)
    for record in PATCHES:
        if (found := refusal(record.name)) is not None:
            print(found, file=stream)
    stream.flush()
    if cache is not None:
        upstream.save_cache(cache)


@functools.cache
def pinned(package: str) -> SpecifierSet:
    """The versions of ``package`` the project declares it is tested with (pyproject.toml);
    none when it declares none."""
    try:
        declared = importlib.metadata.requires(PROJECT) or []
    except importlib.metadata.PackageNotFoundError:
        declared = []
    for line in declared:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == canonicalize_name(package):
            return requirement.specifier
    return SpecifierSet("<0")  # nothing is in it: a patch of an undeclared package is refused


def _shown(versions: SpecifierSet) -> str:
    """A range as people write it: ``>=70,<71``, lower bound first."""
    return ",".join(sorted(map(str, versions), key=lambda bound: not bound.startswith(">")))


def installed(package: str) -> Version | None:
    try:
        return Version(importlib.metadata.version(package))
    except (importlib.metadata.PackageNotFoundError, InvalidVersion):
        return None


# --- python -m briefing patches ---------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--digests", action="store_true",
                        help="also print the digest each upstream function has now")


def run(args: argparse.Namespace) -> int:
    """Each patch, whether it applies to what is installed, and why not."""
    for record in PATCHES:
        found = refusal(record.name)
        state = "applies" if found is None else "refused"
        print(f"{record.name} ({record.package} {_shown(record.written_for())}): {state}")
        if found is not None:
            print(f"    {found}")
        if args.digests:
            for function, digest in record.against:
                now = upstream.find(function)
                print(f"    {function}: recorded {digest}, installed "
                      f"{now.digest if now else 'missing'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(argparse.Namespace(digests=True)))
