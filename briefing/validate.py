"""Check the content as a whole, then write ``build/content.json``.

Reads everything first (``briefing.load``), then checks what no single file can:
unique ids, references that resolve, archives that match their hash, and quotations that
occur verbatim in the body of their source. Nothing is written unless all is well.

Command line: ``python -m briefing.validate [--strict] [--root ROOT]``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

from . import atomic, cli, quotes, specifics, vocabulary
from .diagnostics import ContentError, Diagnostics, Location, did_you_mean
from .load import Content, Loaded, load_content
from .model import Citation
from .paths import Project


def validate(project: Project, strict: bool = False) -> tuple[dict, Diagnostics]:
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
        words = vocabulary.normalised(content.vocabulary.obj) if content.vocabulary else None
        self.offers = set(vocabulary.with_role(words["kinds"], "offers")) if words else set()
        self.contexts = set(vocabulary.with_role(words["kinds"], "context")) if words else set()
        self.default_outcome = vocabulary.default_outcome(words) if words else ""

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
                else:
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
        if not path.is_file():
            self.diag.error(source.at(*key, "path"), f"{what} file not found: "
                            f"{self.project.relative(path)}", "archive.missing")
            return None
        raw = path.read_bytes()
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

    def citation(self, item: Loaded, key: tuple, citation: Citation) -> None:
        if self.reference(item, key + ("source",), citation.source, sources_only=True):
            self.quotation(item, key + ("quote",), citation.quote, [citation.source])

    def paragraph(self, item: Loaded, key: tuple, text: str, uncited_warning=False) -> None:
        ids, bad = quotes.citation_ids(text)
        for marker in bad:
            self.diag.error(item.at(*key), f"malformed citation {marker}", "ref.syntax",
                            "write citations as [@event-id] or [@id; @other-id]")
        cited_sources = []
        for ident in ids:
            if self.reference(item, key, ident):
                if ident in self.sources:
                    cited_sources.append(ident)
                else:
                    cited_sources += [c.source for c in self.events[ident].obj.citations]
        for name in quotes.FIGURE_REF.findall(text):
            self.figure(item, key, name, placed=False)
        if uncited_warning and not ids:
            self.diag.warning(item.at(*key), "paragraph cites no event or source",
                              "narrative.uncited", "add [@event-id] after the claim")
        for quotation in quotes.quotations(text):
            if not ids:
                self.diag.error(item.at(*key), f"quotation \"{_short(quotation)}\" has no "
                                "cited source in its paragraph", "quote-uncited")
            else:
                self.quotation(item, key, quotation, cited_sources)
        if all(i in self.events or i in self.sources for i in ids):  # else an error says why
            self.specifics(item, key, text, ids)

    def specifics(self, item: Loaded, key: tuple, text: str, ids: list[str]) -> None:
        """Dates, numbers and names of prose that nothing the paragraph cites gives."""
        support = specifics.support_of(
            [i for i in ids if i in self.events], [i for i in ids if i in self.sources],
            {i: e.obj for i, e in self.events.items()}, {i: s.obj for i, s in self.sources.items()})
        for found in specifics.unsupported(text, support):
            self.diag.warning(item.at(*key), f"\"{found}\" is in no event or source this "
                              "paragraph cites", "prose.unsupported",
                              "cite what gives it, put outside knowledge into an event's "
                              "editor's note, or take it out")

    def reference(self, item: Loaded, key: tuple, ident: str, *, sources_only=False,
                  events_only=False) -> bool:
        known = (self.sources if sources_only else self.events if events_only
                 else {**self.sources, **self.events})
        if ident in known:
            if ident in self.sources:
                self.cited_sources.add(ident)
            return True
        if self.content.incomplete:
            return False  # it may be defined in a file that could not be read
        what = "source" if sources_only else "event" if events_only else "event or source"
        self.diag.error(item.at(*key), f"unknown {what} '{ident}'", "ref.unknown",
                        did_you_mean(ident, known))
        return False

    def quotation(self, item: Loaded, key: tuple, quote: str, source_ids: list[str]) -> None:
        bodies = [(s, self.bodies[s]) for s in dict.fromkeys(source_ids) if s in self.bodies]
        if not bodies or len(bodies) < len(set(source_ids)):
            return  # an archive or reference problem is already reported
        if any(body.contains(quote) for _, body in bodies):
            return
        names = " or ".join(f"'{s}'" for s, _ in bodies)
        if any(body.in_furniture(quote) for _, body in bodies):
            self.diag.error(item.at(*key), f"quotation comes from page furniture of source "
                            f"{names}, not from its body", "quote-in-furniture",
                            "quote the article itself, not menus, teasers or comment notices")
        else:
            near = [passage for _, body in bodies if (passage := body.closest(quote))]
            self.diag.error(item.at(*key), f"quotation not found in the body of source "
                            f"{names}", "quote-not-found",
                            f"the closest passage in the body reads \"{_short(near[0], 160)}\""
                            if near else "copy it verbatim from the archive's body")

    def figure(self, item: Loaded, key: tuple, name: str, placed: bool = True) -> None:
        if name not in self.figures:
            self.diag.error(item.at(*key), f"unknown figure '{name}'", "ref.unknown-figure",
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


def _short(text: str, limit: int = 70) -> str:
    return quotes.shortened(text, limit)


def normalised(project: Project, content: Content) -> dict:
    """The content as plain JSON data, in a stable order, for every later task."""
    events = sorted(content.events, key=lambda e: e.obj.sort_key)
    sources = []
    for source in sorted(content.sources, key=lambda s: s.obj.id):
        data = source.obj.model_dump(by_alias=True)
        data["archive"]["path"] = project.relative(project.content / source.obj.archive.path)
        if source.obj.archive.original:
            data["archive"]["original"]["path"] = project.relative(
                project.content / source.obj.archive.original.path)
        sources.append(data)
    words = vocabulary.normalised(content.vocabulary.obj)
    default = vocabulary.default_outcome(words)
    return {
        "vocabulary": words,
        "document": content.document.obj.model_dump(by_alias=True),
        "sources": sources,
        "events": [_event(e.obj, default) for e in events],
        "sections": [s.obj.model_dump(by_alias=True) for s in content.sections],
        "judgments": [j.obj.model_dump(by_alias=True) for j in content.judgments],
    }


def _event(event, default_outcome: str) -> dict:
    data = event.model_dump(by_alias=True)
    data["date_precision"] = event.precision
    data["outcome"] = data["outcome"] or {"status": default_outcome, "note": None}
    return data


def write_content_json(project: Project, strict: bool = False) -> Diagnostics:
    """The ``validate`` task: check everything, write content.json only if all is well."""
    data, diagnostics = validate(project, strict)
    atomic.write_json(project.content_json, data)
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
          f"{_count(len(data['events']), 'event')} and {_count(len(data['sources']), 'source')}"
          f" checked; {_count(diagnostics.count('warning'), 'warning')}")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.validate",
                                     description="Check content/ and report every problem.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
