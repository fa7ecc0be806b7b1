"""``briefing verify FILE.pdf``: check a briefing you received, with nothing but the PDF.

A PDF edition carries its evidence as attachments (``briefing.evidence``). This reads them
(pikepdf) and checks, without the project and without fetching anything:

- every attached file against the manifest's SHA-256, and the evidence against itself:
  each quotation verbatim in its source's archived text (``briefing.evidencecheck``);
- that the PDF is the briefing its evidence is of, and that its notes are printed as the
  attached content makes them (``briefing.notecheck``, from the PDF's own text);
- its signatures, if it has any: who signed, and whether it changed since
  (``briefing.signatures``).

It prints what the PDF is, then one line per problem, then whether it verified; the exit
status is 0 only when every check holds. The PDF comes from elsewhere, so it is read in a
child process held to a memory and a CPU time limit (``briefing.bounded``).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import bounded, evidencecheck, files, notecheck, signatures, words
from .diagnostics import Diagnostics, Location
from .evidence import MANIFEST, made_by

MB = 1 << 20
_IN_MEMORY = re.compile(r"(?:stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? ?")
CPU_S = 300  # reading, text extraction and the checks of one PDF
#: Paper sizes by their width and height in points, rounded.
PAPER = {(595, 842): "A4", (612, 792): "US Letter"}


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)  # what the PDF is, for stdout
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    signed: bool = False  # signed, and unchanged since


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pdf", type=Path, metavar="FILE.pdf", help="the PDF edition to check")
    parser.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT",
                        help="the certificate (PEM or DER) of a signer you trust; give it again "
                        "for another")
    parser.add_argument("--max-size", type=int, default=200, metavar="MB",
                        help="the largest PDF to read (default: 200 MB)")


def run(args: argparse.Namespace) -> int:
    shown = str(args.pdf)
    problem = Diagnostics()
    try:
        data = files.read_regular(args.pdf, args.max_size * MB)
        trusted = [files.read_regular(path, MB) for path in args.trust]
    except files.TooLarge as exc:
        problem.error(Location(shown), f"the file is {files.megabytes(exc.size)}, more than "
                      f"{files.megabytes(exc.limit)}", "verify.too-large",
                      f"give --max-size {exc.size // MB + 1} (MB) if it is the briefing")
        return _told(Report(diagnostics=problem))
    except OSError as exc:
        where = exc.filename or shown
        problem.error(Location(str(where)), f"cannot be read: {exc.strerror or exc}", "verify.unreadable")
        return _told(Report(diagnostics=problem))
    for path, certificate in zip(args.trust, trusted, strict=True):
        try:
            signatures.certificate(certificate)
        except ValueError as exc:
            problem.error(Location(str(path)), f"--trust: {exc}", "verify.trust")
            return _told(Report(diagnostics=problem))
    return _told(checked(data, shown, trusted))


def checked(data: bytes, shown: str, trusted: list[bytes]) -> Report:
    """``examine`` in a child process under the limits; a limit met is a problem too."""
    memory = memory_for(data)
    try:
        return bounded.run(examine, data, shown, trusted, memory=memory, cpu_s=CPU_S)
    except bounded.Stopped as stop:
        code = "verify.too-large" if "memory" in stop.reason or stop.reason == "killed" \
            else "verify.unreadable"
        message = _stopped(stop, memory)
    except Exception as exc:  # noqa: BLE001 - a hostile file's effect on a library, in words
        code, message = "verify.unreadable", f"cannot be read: {_words(exc)}"
    report = Report()
    report.diagnostics.error(Location(shown), message, code)
    return report


def memory_for(data: bytes) -> int:
    """What reading a PDF may take: the libraries, its pages' text, what it uncompresses to."""
    return 2048 * MB + 8 * len(data)


class _Uncompressed(Exception):
    """An attachment uncompresses to more than the memory the reading may take."""


def _stopped(stop: bounded.Stopped, memory: int) -> str:
    if stop.reason == "cpu":
        return f"reading the PDF took more than {CPU_S} s of CPU time, the limit"
    if stop.reason in ("memory", "result-memory", "killed"):
        return f"reading the PDF needs more than {files.megabytes(memory)} of memory, the limit"
    return f"reading the PDF stopped unexpectedly (status {stop.status})"


def _words(exc: Exception) -> str:
    """An exception in a few words, without the name of the in-memory file it read."""
    text = _IN_MEMORY.sub("", str(exc))
    return " ".join(f"{type(exc).__name__}: {text}".split())[:200]


def _told(report: Report) -> int:
    for line in report.lines:
        print(line)
    sys.stdout.flush()
    report.diagnostics.report(sys.stderr, totals=False)
    sys.stderr.flush()
    problems = report.diagnostics.count("error")
    if problems:
        print(f"NOT verified: {words.count(problems, 'problem')}")
    else:
        print("verified: every attached file matches the manifest, every quotation is in its "
              "source's archived text, and every note is printed as the content has it"
              + ("; the file is as it was signed" if report.signed else ""))
    return 1 if problems else 0


def examine(data: bytes, shown: str, trusted: list[bytes]) -> Report:
    """Every check of a PDF's bytes (in the bounded child)."""
    report = Report()
    where = Location(shown)
    try:
        title, paper, attached = _read(data)
    except _Uncompressed as exc:
        report.diagnostics.error(where, f"the attached file {exc} uncompresses to more than "
                                 f"{files.megabytes(memory_for(data))}, the memory limit",
                                 "verify.too-large")
        return report
    except Exception as exc:  # noqa: BLE001 - pikepdf's words for a damaged or foreign file
        report.diagnostics.error(where, f"is not a PDF that can be read ({_words(exc)})",
                                 "verify.unreadable")
        return report
    if MANIFEST not in attached:
        report.lines.append(f"{shown}: “{title or 'untitled'}”; {paper}")
        report.diagnostics.error(where, "the PDF carries no evidence (no manifest.json "
                                 "attached): an edition made before the briefing build attached "
                                 "its evidence, or a PDF the briefing build did not make",
                                 "verify.no-evidence")
    else:
        _evidence(report, data, where, title, paper, attached)
    signed = signatures.examine(data, trusted)
    report.lines.append(f"signature: {signed.summary}")
    report.signed = signed.signed
    for problem in signed.problems:
        report.diagnostics.error(where, problem, "verify.signature")
    return report


def _read(data: bytes) -> tuple[str, str, dict[str, bytes]]:
    """The PDF's title, its paper and pages, and its attachments by name."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        title = str(pdf.docinfo.get("/Title", "")) if "/Info" in pdf.trailer else ""
        box = pdf.pages[0].mediabox if len(pdf.pages) else [0, 0, 0, 0]
        size = (round(float(box[2]) - float(box[0])), round(float(box[3]) - float(box[1])))
        paper = f"{PAPER.get(size, '{} × {} pt'.format(*size))}, {len(pdf.pages)} pages"
        attached = {name: _uncompressed(name, spec) for name, spec in pdf.attachments.items()}
    return title, paper, attached


def _uncompressed(name: str, spec) -> bytes:
    try:
        return spec.get_file().read_bytes()
    except MemoryError:
        raise _Uncompressed(name) from None
    except Exception as exc:  # qpdf's words for memory it could not have: std::bad_alloc
        if "bad_alloc" in str(exc):
            raise _Uncompressed(name) from None
        raise


def _evidence(report: Report, data: bytes, where: Location, title: str, paper: str,
              attached: dict[str, bytes]) -> None:
    from .datemarks import PartialDate

    diagnostics = report.diagnostics
    try:
        checked = evidencecheck.check(attached, where, diagnostics)
        notes = notecheck.expected_notes(checked.described) if checked.described else None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        diagnostics.error(where, f"content.json is not content the briefing build writes "
                          f"({_words(exc)})", "verify.manifest")
        checked, notes = evidencecheck.Checked(), None
    of = checked.manifest.get("briefing", {})
    day = of.get("date", "")
    try:
        day = PartialDate.parse(day).plain
    except (ValueError, IndexError):
        pass
    report.lines.append(f"{where}: “{of.get('title', 'untitled')}”, edition {of.get('edition', '?')}"
                        f" of {day}; {paper}")
    counts = checked.counts
    report.lines.append(f"evidence: {words.count(len(attached), 'attached file')}" + (
        f"; {words.count(counts['sources'], 'source')}, {words.count(counts['events'], 'event')}, "
        f"{words.count(counts['quotations'], 'quotation')}, {words.count(len(notes), 'note')}"
        if counts and notes is not None else ""))
    if checked.content is None or notes is None:
        return
    if title != checked.content["document"]["title"]:
        diagnostics.error(where, f"the PDF is “{title}”, but its evidence is of another briefing, "
                          f"“{checked.content['document']['title']}”", "verify.other-briefing")
        return
    _notes(report, data, where, checked.manifest, notes)


def _notes(report: Report, data: bytes, where: Location, manifest: dict, notes) -> None:
    try:
        printed = notecheck.printed_text(data)
    except Exception as exc:  # noqa: BLE001 - pdfminer's words for a page it cannot read
        report.diagnostics.error(where, f"the text of the PDF cannot be read ({_words(exc)})",
                                 "verify.unreadable")
        return
    ours, theirs = made_by(), manifest.get("made-by")
    hint = (f"the PDF was made by {theirs} and is read by {ours}, which may print notes "
            "otherwise" if theirs != ours else "")
    for number, ids in notecheck.misprinted(notes, printed):
        report.diagnostics.error(where, f"note {number} (citing {', '.join(ids)}) is not printed "
                                 "as the attached content has it", "verify.note", hint)
