"""Check the content as a whole, then write ``build/content.json``.

Reads everything first (``briefing.load``), then checks what no single file can:
unique ids, references that resolve, archives that match their hash, and quotations that
occur verbatim in the body of their source. Nothing is written unless all is well.

Command line: ``python -m briefing.validate [--strict] [--root ROOT]``.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys

from . import atomic, cli, figdata, files, prose, quotes, words
from .diagnostics import ContentError, Diagnostics, Location, did_you_mean
from .load import Content, Loaded, load_content
from .model import ID_PATTERN, Citation, FigurePlacement
from .paths import Project
from .validated import Validated, Vocabulary

#: an archived text or the original it was taken from (intake reads originals of at most
#: 100 MB by default); a larger file is refused with one line, not read
ARCHIVE_MAX_BYTES = 256 << 20


def validate(project: Project, strict: bool = False) -> tuple[Validated, Diagnostics]:
    """The normalised content and the diagnostics; raises ContentError when it fails."""
    diagnostics = Diagnostics()
    content = load_content(project, diagnostics)
    checker = _Checker(project, content, diagnostics)
    checker.run()
    if diagnostics.failed(strict):
        raise ContentError(diagnostics)
    return normalised(project, content), diagnostics


class _Checker:
    def __init__(self, project: Project, content: Content, diagnostics: Diagnostics):
        self.project, self.content, self.diag = project, content, diagnostics
        self.sources = {s.obj.id: s for s in content.sources}
        self.events = {e.obj.id: e for e in content.events}
        self.bodies: dict[str, quotes.Body] = {}
        self.cited_sources: set[str] = set()
        self.figures = set(project.figure_names())
        self.placed_figures: set[str] = set()
        terms = Vocabulary.of(content.vocabulary.obj) if content.vocabulary else None
        self.offers = set(terms.with_role("kinds", "offers")) if terms else set()
        self.contexts = set(terms.with_role("kinds", "context")) if terms else set()
        self.default_outcome = terms.default_outcome if terms else ""
        self.prose = prose.ProseChecker(self)
        #: ids that failed to load because they are not valid ids: one of them may be meant
        #: as a reference that is close to it ("Second_Meeting" for second-meeting-2007)
        self.malformed_ids = {i.lower().replace("_", "-") for i in content.unloaded_ids
                              if not re.fullmatch(ID_PATTERN, i)}

    def run(self) -> None:
        self.unique_ids()
        for source in self.content.sources:
            self.archive(source)
        for event in self.content.events:
            self.event(event)
        for stray in self.content.stray_citations:
            self.citation(stray, (), stray.obj)
        document = self.content.document
        if document:
            for i, text in enumerate(document.obj.bluf):
                self.paragraph(document, ("bluf", i), text)
        for section in self.content.sections:
            for i, paragraph in enumerate(section.obj.paragraphs):
                if isinstance(paragraph, str):
                    self.paragraph(section, ("paragraphs", i), paragraph, uncited_warning=True)
                elif isinstance(paragraph, FigurePlacement):
                    self.figure(section, ("paragraphs", i, "figure"), paragraph.figure)
        for judgment in self.content.judgments:
            self.paragraph(judgment, ("text",), judgment.obj.text)
            for i, event_id in enumerate(judgment.obj.events):
                self.reference(judgment, ("events", i), event_id, events_only=True)
        self.unused()

    def unique_ids(self) -> None:
        first: dict[str, Loaded] = {}
        for item in (self.content.sources + self.content.events + self.content.sections
                     + self.content.judgments):
            ident = item.obj.id
            if ident in first:
                self.diag.error(item.at("id"), f"duplicate id '{ident}'", "id.duplicate",
                                f"first defined at {first[ident].at('id')}")
            else:
                first[ident] = item

    def archive(self, source: Loaded) -> None:
        record = source.obj.archive
        if record.original:
            self.hashed_file(source, ("archive", "original"), record.original, "original")
        raw = self.hashed_file(source, ("archive",), record, "archive")
        if raw is None:
            return
        path = self.project.content / record.path
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw.count(b"\n", 0, err.start) + 1
            self.diag.error(source.at("archive", "path"), f"archive {self.project.relative(path)}"
                            f" is not valid UTF-8 (line {line}, byte 0x{raw[err.start]:02x})",
                            "archive.encoding",
                            "save the archived text as UTF-8, then record its new sha256")
            return
        body, problems = quotes.cut_body(text, [(r.start, r.end) for r in record.body])
        for problem in problems:
            self.diag.error(source.at("archive", "body"), problem, "archive.body-marker")
        if body is not None:
            self.bodies[source.obj.id] = body

    def hashed_file(self, source: Loaded, key: tuple, record, what: str) -> bytes | None:
        """The bytes of an archive file (or of the original it was taken from), if it lies in
        content/archive/, exists and still has the recorded hash."""
        path = (self.project.content / record.path).resolve()
        if not path.is_relative_to((self.project.content / "archive").resolve()):
            self.diag.error(source.at(*key, "path"), f"{what} path must lie in "
                            "content/archive/", "archive.path")
            return None
        if not path.exists():
            self.diag.error(source.at(*key, "path"), f"{what} file not found: "
                            f"{self.project.relative(path)}", "archive.missing")
            return None
        try:
            raw = files.read_regular(path, ARCHIVE_MAX_BYTES)
        except files.TooLarge as exc:
            self.diag.error(source.at(*key, "path"), f"{what} {self.project.relative(path)} is "
                            f"{files.megabytes(exc.size)}, more than the limit of "
                            f"{files.megabytes(ARCHIVE_MAX_BYTES)} for an archived file",
                            "archive.too-large", "archive the part of the document that the "
                            "briefing cites, or split it into several sources")
            return None
        except OSError as exc:  # a named pipe or device put in its place, or unreadable
            why = exc.what if isinstance(exc, files.NotRegular) else exc.strerror or exc
            self.diag.error(source.at(*key, "path"), f"{what} {self.project.relative(path)} "
                            f"cannot be read: {why}", "archive.unreadable",
                            "an archive is an ordinary file that intake wrote")
            return None
        digest = hashlib.sha256(raw).hexdigest()
        if digest != record.sha256:
            self.diag.error(source.at(*key, "sha256"), f"{what} {self.project.relative(path)}"
                            " has changed since its hash was recorded", "archive.hash-mismatch",
                            f"archives are never edited; if the change is intended, record "
                            f"sha256: {digest}")
            return None
        return raw

    def event(self, event: Loaded) -> None:
        for i, citation in enumerate(event.obj.citations):
            self.citation(event, ("citations", i), citation)
        actors = event.obj.actors
        if not actors.from_ and not actors.unnamed and event.obj.kind not in self.contexts:
            self.diag.error(event.at("actors"), f"{event.obj.kind} '{event.obj.id}' names no "
                            "acting party", "event.no-actor",
                            "add actors: {from: [...]}; if the source names none, say why in "
                            "actors: {unnamed: ...}")
        outcome = event.obj.outcome
        if outcome is None and event.obj.kind in self.offers:
            self.diag.warning(event.at("id"), f"{event.obj.kind} '{event.obj.id}' has no "
                              "outcome", "event.no-outcome",
                              f"add outcome: {{status: {self.default_outcome}}} if the sources "
                              "do not say")
        elif outcome is not None:
            self.outcome_basis(event, outcome)

    def outcome_basis(self, event: Loaded, outcome) -> None:
        """An outcome other than the default is a claim: it names the words of one of the
        event's quotations that support it."""
        if outcome.basis is not None:
            wanted = quotes.normalise(outcome.basis)
            if not any(wanted in quotes.normalise(c.quote) for c in event.obj.citations):
                self.diag.error(event.at("outcome", "basis"), "outcome basis is in none of the "
                                f"quotations of '{event.obj.id}'", "outcome.basis-not-found",
                                "copy the words from one of its citations' quotations")
        elif outcome.status != self.default_outcome:
            self.diag.warning(event.at("outcome", "status"), f"outcome '{outcome.status}' of "
                              f"'{event.obj.id}' names no quotation that supports it",
                              "outcome.no-basis",
                              "give the words of one of its citations that say it, as outcome: "
                              "{basis: ...}; where a source reports an offer without a reply, "
                              f"the outcome is marked {self.default_outcome} rather than inferred")

    def citation(self, item: Loaded, key: tuple, citation: Citation) -> None:
        if self.reference(item, key + ("source",), citation.source, sources_only=True):
            self.quotation(item, key + ("quote",), citation.quote, [citation.source])

    def paragraph(self, item: Loaded, key: tuple, text: str, uncited_warning=False) -> None:
        self.prose.paragraph(item, key, text, uncited_warning)

    def reference(self, item: Loaded, key: tuple, ident: str, *, sources_only=False,
                  events_only=False, where: Location | None = None) -> bool:
        known = (self.sources if sources_only else self.events if events_only
                 else {**self.sources, **self.events})
        if ident in known:
            if ident in self.sources:
                self.cited_sources.add(ident)
            return True
        if (self.content.incomplete or ident in self.content.unloaded_ids
                or did_you_mean(ident, self.malformed_ids)):
            return False  # defined, it seems, in an entry whose failure to load is reported
        what = "source" if sources_only else "event" if events_only else "event or source"
        self.diag.error(where or item.at(*key), f"unknown {what} '{ident}'", "ref.unknown",
                        did_you_mean(ident, known))
        return False

    def quotation(self, item: Loaded, key: tuple, quote: str, source_ids: list[str],
                  where: Location | None = None, complete: bool = True) -> bool:
        """Whether ``quote`` is in the body of one of the sources; if not, the error (unless
        a source is missing, which another error reports)."""
        where = where or item.at(*key)
        bodies = [(s, self.bodies[s]) for s in dict.fromkeys(source_ids) if s in self.bodies]
        if any(body.contains(quote) for _, body in bodies):
            return True
        if not complete or not bodies or len(bodies) < len(set(source_ids)):
            return False  # an archive or reference problem is already reported
        names = " or ".join(f"'{s}'" for s, _ in bodies)
        if any(body.in_furniture(quote) for _, body in bodies):
            self.diag.error(where, f"quotation comes from page furniture of source "
                            f"{names}, not from its body", "quote-in-furniture",
                            "quote the article itself, not menus, teasers or comment notices")
        else:
            near = [passage for _, body in bodies if (passage := body.closest(quote))]
            self.diag.error(where, f"quotation not found in the body of source "
                            f"{names}", "quote-not-found",
                            f"the closest passage in the body reads \"{quotes.shortened(near[0], 160)}\""
                            if near else "copy it verbatim from the archive's body")
        return False

    def figure(self, item: Loaded, key: tuple, name: str, placed: bool = True,
               where: Location | None = None) -> None:
        if name not in self.figures:
            self.diag.error(where or item.at(*key), f"unknown figure '{name}'", "ref.unknown-figure",
                            did_you_mean(name, self.figures) or (
                                f"charts are the modules in figures/: {', '.join(sorted(self.figures))}"
                                if self.figures else "figures/ holds no chart module yet"))
        elif placed:
            self.placed_figures.add(name)

    def unused(self) -> None:
        for source in self.content.sources:
            if source.obj.id not in self.cited_sources:
                self.diag.warning(source.at("id"), f"source '{source.obj.id}' is never cited",
                                  "source.unused")
        if self.content.sections:
            for name in sorted(self.figures - self.placed_figures):
                self.diag.warning(Location(self.project.relative(self.project.figures / f"{name}.py")),
                                  f"figure '{name}' is not placed in any narrative section",
                                  "figure.unplaced", f"add '- figure: {name}' to a section")




def normalised(project: Project, content: Content) -> Validated:
    """The content as every later task reads it, in a stable order."""
    events = sorted(content.events, key=lambda e: e.obj.sort_key)
    sources = []
    for source in sorted(content.sources, key=lambda s: s.obj.id):
        data = source.obj.model_dump(by_alias=True)
        data["archive"]["path"] = project.relative(project.content / source.obj.archive.path)
        if source.obj.archive.original:
            data["archive"]["original"]["path"] = project.relative(
                project.content / source.obj.archive.original.path)
        sources.append(data)
    terms = Vocabulary.of(content.vocabulary.obj)
    unknown = {"status": terms.default_outcome, "note": None, "basis": None}
    return Validated.model_validate({
        "vocabulary": terms.model_dump(),
        "document": content.document.obj.model_dump(by_alias=True),
        "sources": sources,
        "events": [{**data, "outcome": data["outcome"] or unknown}
                   for data in (e.obj.model_dump(by_alias=True) for e in events)],
        "sections": [s.obj.model_dump(by_alias=True) for s in content.sections],
        "judgments": [j.obj.model_dump(by_alias=True) for j in content.judgments],
    })


def write_content_json(project: Project, strict: bool = False, figures=()) -> Diagnostics:
    """The ``validate`` task: check everything and select the data of each chart of
    ``figures`` (``briefing.figdata``); only if all is well, write content.json and the
    charts' data. A chart that cannot select its data is an error in the diagnostics
    returned, and then nothing is written."""
    data, diagnostics = validate(project, strict)
    charts = figdata.selected(project, figures, data, diagnostics)
    if diagnostics.errors:
        return diagnostics
    atomic.write_json(project.content_json, data.dump())
    figdata.write(project, charts)
    return diagnostics


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_root(parser)
    parser.add_argument("--strict", action="store_true", help="warnings fail too")


def run(args: argparse.Namespace) -> int:
    project = cli.project_of(args)
    if project is None:
        return 2
    try:
        data, diagnostics = validate(project, args.strict)
    except ContentError as exc:
        exc.diagnostics.report()
        return 1
    diagnostics.report(totals=False)
    files = [p for p in project.content.rglob("*.yaml")
             if p.is_file() and p.relative_to(project.content).parts[0] != "archive"]
    print(f"{project.relative(project.content)}/: {len(files)} files, "
          f"{words.count(len(data.events), 'event')} and {words.count(len(data.sources), 'source')}"
          f" checked; {words.count(diagnostics.count('warning'), 'warning')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.validate",
                                     description="Check content/ and report every problem.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
