"""Where things are. Every other module asks a ``Project`` instead of building paths itself.

A project is a folder with ``content/``, ``templates/``, ``figures/`` and ``build/``; the
repository is one, and each test root under ``tests/roots/`` is made into one. A project
made by ``python -m briefing new`` has no ``templates/`` or ``figures/`` of its own: it
uses the engine's (those of the repository the engine is installed from) until it has a
folder of that name itself.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

FONT_PACKAGES = ("font_source_serif_pro", "font_source_sans_pro")
#: The engine's repository: its dodo.py, templates/ and figures/ serve every project.
ENGINE_ROOT = Path(__file__).resolve().parent.parent

#: The PDF editions: name -> (CSS page size, file name under build/).
EDITIONS = {
    "a4": ("A4", "briefing.pdf"),
    "letter": ("letter", "briefing-letter.pdf"),
}
#: dodo.py's ``task_pdf`` renders them, one sub-task an edition, which doit names
#: "<task>:<sub-task>": ``pdf:a4``, ``pdf:letter``.
PDF_TASK = "pdf"


def pdf_task(edition: str) -> str:
    """The name doit gives the task that renders ``edition``."""
    return f"{PDF_TASK}:{edition}"


def is_pdf_task(name: str) -> bool:
    """Whether doit's task ``name`` renders PDF editions (one of them, or the group of all)."""
    return name == PDF_TASK or name.startswith(f"{PDF_TASK}:")


#: The JSON Schemas of content files, one per kind of file: schema/<name>.schema.json.
SCHEMA_NAMES = ("vocabulary", "document", "source", "ledger", "section", "judgments")


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path) -> Project:
        return cls(Path(root).absolute())

    content = cached_property(lambda self: self.root / "content")
    templates = cached_property(lambda self: self._own_or_engine("templates"))
    figures = cached_property(lambda self: self._own_or_engine("figures"))
    schema = cached_property(lambda self: self.root / "schema")
    build = cached_property(lambda self: self.root / "build")
    build_figures = cached_property(lambda self: self.root / "build" / "figures")
    content_json = cached_property(lambda self: self.root / "build" / "content.json")
    html = cached_property(lambda self: self.root / "build" / "briefing.html")
    ledger_json = cached_property(lambda self: self.root / "build" / "ledger.json")
    ledger_csv = cached_property(lambda self: self.root / "build" / "ledger.csv")
    evidence_zip = cached_property(lambda self: self.root / "build" / "briefing-evidence.zip")

    def _own_or_engine(self, folder: str) -> Path:
        own = self.root / folder
        return own if own.exists() or not (ENGINE_ROOT / folder).is_dir() else ENGINE_ROOT / folder

    def pdf(self, edition: str) -> Path:
        return self.build / EDITIONS[edition][1]

    def page_numbers(self, edition: str) -> Path:
        """Where each referenced anchor landed in the last render of an edition (a cache)."""
        return self.build / f".pages-{edition}.json"

    def schema_files(self) -> list[Path]:
        return [self.schema / f"{name}.schema.json" for name in SCHEMA_NAMES]

    def figure_names(self) -> list[str]:
        """Chart modules in figures/, sorted: ``figures/timeline.py`` is the chart ``timeline``."""
        return sorted(
            p.stem for p in self.figures.glob("*.py") if not p.name.startswith("_")
        )

    def relative(self, path: str | Path) -> str:
        """A path as the user sees it: relative to the project root when inside it."""
        try:
            return Path(path).absolute().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


@cache
def font_dirs() -> tuple[Path, ...]:
    """The folders of the font packages the project depends on (found without importing)."""
    dirs = []
    for name in FONT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"font package {name!r} is not installed; run `make` to set it up")
        dirs.append(Path(next(iter(spec.submodule_search_locations))) / "files")
    return tuple(dirs)


def font_file(name: str) -> Path:
    """A bundled font file by its file name, e.g. ``SourceSerifPro-It.otf``."""
    for folder in font_dirs():
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"bundled font {name} not found in {FONT_PACKAGES}")
