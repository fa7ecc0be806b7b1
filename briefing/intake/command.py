"""``python -m briefing add-source FILE``: a saved page, web archive, PDF or text becomes
``content/archive/<id>.txt``, the original beside it, and a drafted ``content/sources/<id>.yaml``;
then a report of where each field came from and what the editor must fill in and check."""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic
from ..diagnostics import Diagnostic, Diagnostics, Location, _shown
from ..files import NotRegular, TooLarge, read_regular
from ..model import ID_PATTERN
from ..paths import Project
from . import GUESSED, SURE, Extracted, Found, IntakeError
from .body import Detected, body_ranges
from .csl import apply_item, pick_item, read_export
from .limits import LIMITS, MB, Budget, Limits, in_child, too_large
from .record import draft, slug


@dataclass
class Added:
    source_id: str
    extracted: Extracted
    detected: Detected
    written: list[tuple[str, str]]  # (path shown, what it is)
    record: str  # the record's path, as shown
    findings: list[Diagnostic] = field(default_factory=list)  # to fill in, to check


def add_source(project: Project, file: Path, source_id: str | None = None,
               csl: Path | None = None, force: bool = False, limits: Limits = LIMITS) -> Added:
    """Read ``file``, check the draft, then write the archive, the original and the draft;
    IntakeError on bad input, before anything is written."""
    if not project.content.is_dir():
        raise IntakeError(f"no content/ folder in {project.root}", "intake.no-project",
                          "run add-source in the briefing's folder (or give --root)")
    data = _input(file, limits)
    items = _export(read_export, csl) if csl else None
    found, detected = in_child(_read, data, limits, limits=limits)
    if items:
        found.checks += _export(lambda _: apply_item(pick_item(items, found), found), csl)
    source_id = source_id or _derived_id(found)
    if not re.fullmatch(ID_PATTERN, source_id):
        raise IntakeError(f"'{source_id}' is not a valid source id", "intake.id",
                          "use lowercase letters, digits and single hyphens, e.g. 'smith-2020'")
    paths = {"text": project.content / "archive" / f"{source_id}.txt",
             "original": project.content / "archive" / f"{source_id}{found.suffix}",
             "record": project.content / "sources" / f"{source_id}.yaml"}
    existing = [p for p in (paths["record"], paths["text"], paths["original"]) if p.exists()]
    if existing and not force:
        raise IntakeError(f"source '{source_id}' exists already: {project.relative(existing[0])}",
                          "intake.exists", "give another --id, or --force to replace it")
    found.set("short", _short(found), "the author (or outlet, or title) and the year", SURE)
    added = Added(source_id, found, detected, [], project.relative(paths["record"]))
    text = found.text.encode("utf-8")
    archive = (f"archive/{paths['text'].name}", hashlib.sha256(text).hexdigest())
    original = data if found.suffix else None
    kept = (f"archive/{paths['original'].name}", hashlib.sha256(data).hexdigest()) \
        if original is not None else None
    record = draft(source_id, found.fields, archive, kept, detected.ranges).encode("utf-8")
    added.findings = _findings(project, added, record)
    _write(project, added, paths, {"text": text, "original": original, "record": record})
    return added


def _export(step, csl: Path):
    """A step with the CSL export, whose problems are told at the export's name."""
    try:
        return step(csl)
    except IntakeError as exc:
        exc.path = csl
        raise


def _input(file: Path, limits: Limits) -> bytes:
    """The bytes of the file given: a regular file within the size limit, not empty."""
    try:
        data = read_regular(file, limits.size)
    except TooLarge as exc:
        raise too_large(exc.size, limits) from None
    except NotRegular as exc:
        raise IntakeError(f"file is {exc.what}, not a regular file", "intake.not-regular",
                          "give a saved page, web archive, PDF or text file") from None
    except OSError as exc:
        raise IntakeError(f"file cannot be read: {exc.strerror or exc}", "intake.unreadable",
                          "check the file's name and that it is readable") from None
    if not data.strip():
        raise IntakeError("file is empty", "intake.no-text", "save the page or document again")
    return data


def _read(data: bytes, limits: Limits) -> tuple[Extracted, Detected]:
    """What the file holds and where its body lies (run in a process held to the limits)."""
    from .detect import extract

    found = extract(data, Budget(limits))
    detected = body_ranges(found.text, found.main)
    if not detected.ranges and found.main is not None:
        found.checks.append("main-text detection found no body in the text: the body is the "
                            "whole text")
        found.main = None
        detected = body_ranges(found.text, None)
    if not detected.ranges:
        raise IntakeError("no text in the file occurs only once, so no body marker can be set",
                          "intake.no-text", "is the file a page of repeated lines?")
    return found, detected


def _write(project: Project, added: Added, paths: dict[str, Path], data: dict) -> None:
    """The archive, the original (unless the text is the original) and, last, the record."""
    shown = {"text": "the text", "original": "the original", "record": "the drafted source record"}
    for name in ("text", "original", "record"):
        if data[name] is None:
            continue
        atomic.write_bytes(paths[name], data[name])
        digest = f", sha256 {hashlib.sha256(data[name]).hexdigest()[:12]}…" if name != "record" else ""
        added.written.append((project.relative(paths[name]), shown[name] + digest))


def _derived_id(found: Extracted) -> str:
    """'family-year', else 'outlet-year', else the title's first words."""
    authors = found.fields.get("author")
    issued = found.fields.get("issued")
    year = f"-{issued.value[0]}" if issued else ""
    first = authors.value[0] if authors else {}
    name = first.get("family") or first.get("literal")
    outlet = found.fields.get("container-title")
    if name and slug(name):
        return slug(name, 2) + year
    if outlet and slug(outlet.value):
        return slug(outlet.value, 3) + year
    title = found.fields.get("title")
    return (slug(title.value, 4) if title else "") or "source"


def _short(found: Extracted) -> str | None:
    authors = found.fields.get("author")
    issued = found.fields.get("issued")
    names = [a.get("family") or a.get("literal") for a in authors.value] if authors else []
    who = (names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2
           else f"{names[0]} et al." if names else None)
    outlet, title = found.fields.get("container-title"), found.fields.get("title")
    if who is None and outlet:
        who = outlet.value
    elif who is None and title:
        words = str(title.value).split()
        who = " ".join(words) if len(words) <= 6 else " ".join(words[:4]) + "…"
    elif who is None:
        return None
    return f"{who} {issued.value[0]}" if issued else who


def _findings(project: Project, added: Added, record: bytes) -> list[Diagnostic]:
    """The drafted record's fields still to fill in (as validation reports them), then what
    the editor must check, each at its line of the record; IntakeError if the draft does not
    read back as a record, so that nothing is written."""
    from ..load import check_source, read_vocabulary
    from ..yamlfile import MAX_BYTES, parse_yaml

    diagnostics = Diagnostics()
    parsed = parse_yaml(record, added.record, diagnostics) if len(record) <= MAX_BYTES else None
    if parsed is None:
        raise IntakeError(f"the drafted record does not read back ({len(record)} bytes"
                          + (f": {diagnostics.items[0].message})" if diagnostics.items else ")"),
                          "intake.draft", "report this with the file: it is intake's mistake")
    check_source(parsed, read_vocabulary(project, Diagnostics()), diagnostics)
    findings = diagnostics.sorted()
    found, detected = added.extracted, added.detected
    checks = Diagnostics()
    for name, value in found.fields.items():
        if value.sureness == GUESSED or value.check:
            code = "intake.date-guessed" if name == "issued" and value.sureness == GUESSED \
                else "intake.check"
            checks.warning(parsed.at((name,)), f"{name} is {value.sureness}: from {value.origin}"
                           + (f"; {value.check}" if value.check else ""), code)
    body = ("archive", "body")
    widened = [i for i, part in enumerate(detected.ranges) if part.widened]
    if widened:
        checks.warning(parsed.at(body + (widened[0],)), "markers widened to occur only once in "
                       "the archive: body range" + ("s " if len(widened) > 1 else " ")
                       + ", ".join(str(i + 1) for i in widened) + "; check that each starts and "
                       "ends where the body does", "intake.markers-widened")
    if len(detected.ranges) > 1:
        checks.warning(parsed.at(body), f"the body is {len(detected.ranges)} ranges: text that "
                       "main-text detection left out lies between them; check that it is furniture",
                       "intake.body")
    if detected.unplaced:
        checks.warning(parsed.at(body), f"{detected.unplaced} paragraph"
                       f"{' was' if detected.unplaced == 1 else 's were'} of the main text not "
                       "found in the archive's text: outside the body", "intake.body")
    for line in detected.dropped:
        checks.warning(parsed.at(body), f"archive line {line} is main text, but repeats "
                       "elsewhere in the archive, so no marker can name it; it is outside the body",
                       "intake.body")
    for check in found.checks:
        checks.warning(parsed.at(("archive",)), check, "intake.check")
    return findings + checks.sorted()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a saved HTML page, a WARC or WACZ web archive, "
                        "a PDF or a plain text file")
    parser.add_argument("--id", dest="source_id", help="the source's id (default: author-year)")
    parser.add_argument("--csl", type=Path, metavar="EXPORT.json",
                        help="a CSL-JSON export (Zotero) whose fields win over the document's")
    parser.add_argument("--force", action="store_true", help="replace an existing source")
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder")
    parser.add_argument("--max-size", type=_megabytes, default=Limits.size, metavar="MB",
                        help=f"the largest file to add (default {Limits.size // MB} MB)")
    parser.add_argument("--max-unpacked", type=_megabytes, default=Limits.unpacked, metavar="MB",
                        help="the most a web archive may uncompress to, and the memory to read "
                             f"a file in (default {Limits.unpacked // MB} MB)")


def _megabytes(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 1 << 20:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of megabytes, e.g. 500")
    return int(text) * MB


def run(args: argparse.Namespace) -> int:
    project = Project.at(args.root)
    limits = Limits(size=args.max_size, unpacked=args.max_unpacked)
    try:
        added = add_source(project, args.file, args.source_id, args.csl, args.force, limits)
    except IntakeError as exc:
        diagnostics = Diagnostics()
        where = exc.path or args.file
        diagnostics.error(Location(str(where)), exc.message, exc.code, exc.hint)
        diagnostics.report()
        return 1
    print("\n".join(_shown(line) for line in report(added).splitlines()))
    return 0


def report(added: Added) -> str:
    found = added.extracted
    lines = [f"{found.kind}: source '{added.source_id}'"]
    lines += [f"  wrote {path}: {what}" for path, what in added.written]
    lines.append("fields:")
    for name, value in found.fields.items():
        lines.append(f"  {name:<16}{_value(value):<44} {value.sureness:<9} from {value.origin}")
    spans = [f"{r.first_line}-{r.last_line}" for r in added.detected.ranges]
    ranges = ", ".join(spans[:4]) + (f", … ({len(spans)} ranges)" if len(spans) > 4 else "")
    origin = found.main_origin if found.main is not None else "the whole text (no main-text " \
        "detection)"
    lines.append(f"  {'body':<16}{'archive lines ' + ranges:<44} {'probable':<9} from {origin}")
    if added.findings:
        lines.append("to fill in and check (validation reports the errors until they are fixed):")
        lines += [str(d) for d in added.findings]
    return "\n".join(lines)


def _value(value: Found) -> str:
    data = value.value
    if isinstance(data, list) and data and isinstance(data[0], dict):
        text = "; ".join(", ".join(filter(None, (p.get("family"), p.get("given"))))
                         or p.get("literal", "") for p in data)
    elif isinstance(data, list):
        text = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(data))
    else:
        text = str(data)
    return text if len(text) <= 42 else text[:41] + "…"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m briefing.intake.command")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
