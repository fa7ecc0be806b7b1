"""``python -m briefing find "words"``: where words occur in the bodies of the archives.

It compares as the quotation check does (``briefing.quotes``: white space, quote marks and
dashes normalised), ignoring capitals as well, and prints each passage as the archive has it,
as a citation ready to paste into a ledger entry. When nothing matches, it prints the
passages closest to the words, found the way the quote-not-found hint finds one.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from . import quotes
from .diagnostics import Diagnostics, Location, _shown
from .files import read_regular
from .paths import Project

CLOSEST = 3  # passages shown when nothing matches
ARCHIVE_LIMIT = 1 << 30  # an archive larger than this is no text an editor quotes from


@dataclass(frozen=True)
class Archived:
    source_id: str
    path: Path
    text: str
    spans: list[tuple[int, int]]  # the body ranges, as offsets into text
    body: quotes.Body


@dataclass(frozen=True)
class Match:
    source_id: str
    path: Path
    line: int
    passage: str  # verbatim, white space as single spaces
    in_body: bool


def archives(project: Project, diagnostics: Diagnostics) -> list[Archived]:
    """Every source's archive and body. Only the archive part of a record is read, so that a
    source just added, its grade still to fill in, is searched too."""
    from pydantic import ValidationError

    from .model import Archive
    from .yamlfile import read_yaml

    found = []
    for path in sorted((project.content / "sources").glob("*.yaml")):
        shown = project.relative(path)
        parsed = read_yaml(path, shown, diagnostics)
        data = parsed.data if parsed and isinstance(parsed.data, dict) else {}
        try:
            record = Archive.model_validate(data.get("archive"))
            text = read_regular(project.content / record.path, ARCHIVE_LIMIT).decode("utf-8")
        except (ValidationError, OSError, UnicodeDecodeError):
            diagnostics.warning(Location(shown), "source not searched: its archive or body "
                                "markers cannot be read", "find.skipped",
                                "run python -m briefing validate to see why")
            continue
        spans, problems = quotes.body_spans(text, [(r.start, r.end) for r in record.body])
        body, _ = quotes.cut_body(text, [(r.start, r.end) for r in record.body])
        if problems or body is None:
            diagnostics.warning(Location(shown), f"source not searched: {problems[0]}",
                                "find.skipped")
            continue
        found.append(Archived(str(data.get("id", path.stem)), project.content / record.path,
                              text, spans, body))
    return found


def search(archived: list[Archived], words: str) -> list[Match]:
    """Every occurrence of ``words``: in the bodies first, then in page furniture."""
    matches = []
    for item in archived:
        inside = set()
        for begin, end in item.spans:
            for start, stop in quotes.occurrences(item.text[begin:end], words, ignore_case=True):
                inside.add(begin + start)
                matches.append(_match(item, begin + start, begin + stop, True))
        for start, stop in quotes.occurrences(item.text, words, ignore_case=True):
            if start not in inside and not any(b <= start < e for b, e in item.spans):
                matches.append(_match(item, start, stop, False))
    return sorted(matches, key=lambda m: (not m.in_body, m.source_id, m.line))


def closest(archived: list[Archived], words: str) -> list[Match]:
    """The passages of the bodies most like ``words``, the most alike first."""
    near = []
    for item in archived:
        nearest = item.body.nearest(words)
        if nearest:
            near += [(-nearest[0], m) for m in search([item], nearest[1]) if m.in_body][:1]
    return [m for _, m in sorted(near, key=lambda pair: (pair[0], pair[1].source_id))][:CLOSEST]


def _match(item: Archived, start: int, stop: int, in_body: bool) -> Match:
    return Match(item.source_id, item.path, item.text.count("\n", 0, start) + 1,
                 quotes.verbatim(item.text[start:stop]), in_body)


def citation(match: Match) -> str:
    """The match as a ledger citation, in YAML that pastes under an event's ``citations:``."""
    import yaml

    quote = yaml.safe_dump(match.passage, allow_unicode=True, width=1_000_000,
                           default_style='"').rstrip("\n")
    return f"    - source: {match.source_id}\n      quote: {quote}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("words", help="the words to find (quote them on the command line)")
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder")


def run(args: argparse.Namespace) -> int:
    project = Project.at(args.root)
    diagnostics = Diagnostics()
    archived = archives(project, diagnostics)
    for problem in diagnostics.sorted():
        _say(str(problem))
    if not quotes.normalise(args.words):
        _say("find: give the words to find")
        return 2
    matches = search(archived, args.words)
    body = [m for m in matches if m.in_body]
    for match in body:
        _say(f"{match.source_id}: {project.relative(match.path)}:{match.line}\n{citation(match)}")
    for match in matches[len(body):]:
        _say(f"{match.source_id}: {project.relative(match.path)}:{match.line}: in page furniture, "
             f"outside the body (not citable): \"{match.passage}\"")
    if body:
        return 0
    near = closest(archived, args.words)
    _say(f"no body has \"{quotes.normalise(args.words)}\"" + (
        "; the closest passages:" if near else "; nothing close either"))
    for match in near:
        _say(f"{match.source_id}: {project.relative(match.path)}:{match.line}\n{citation(match)}")
    return 1


def _say(text: str) -> None:
    """Print lines made safe for the terminal, as diagnostics are (archives are web pages)."""
    print("\n".join(_shown(line) for line in text.splitlines()))
