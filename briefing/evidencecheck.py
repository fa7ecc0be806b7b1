"""The checks of the evidence a PDF carries (``briefing.evidence``), against itself.

Every attached file must be the one the manifest lists, by SHA-256; a file that is not is
named once and not read further (what it would fail next says nothing new). Then, of the
files that hold: each source's archived text is the one its record in content.json names,
every quotation of the content is verbatim in the body of its source's archived text (as
``validate`` compares them, ``briefing.quotes``), and the ledger and the sources' records
are what content.json gives.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from . import atomic, quotes
from .diagnostics import Diagnostics, Location
from .evidence import CONTENT, LEDGER_CSV, LEDGER_JSON, MANIFEST, ROLES, record_bytes, record_name


@dataclass
class Checked:
    """What the evidence holds: ``described``, the content as content.json has it, for the
    summary; ``content``, the same when content.json is sound, to check the PDF against."""

    manifest: dict = field(default_factory=dict)
    described: dict | None = None
    content: dict | None = None
    counts: dict = field(default_factory=dict)


class _Check:
    def __init__(self, files: dict[str, bytes], where: Location, diagnostics: Diagnostics):
        self.files, self.where, self.diag = files, where, diagnostics
        self.sound: dict[str, dict] = {}  # name -> manifest entry, of files that match it
        self.entries: list[dict] = []  # the manifest's

    def error(self, message: str, code: str, hint: str = "") -> None:
        self.diag.error(self.where, message, code, hint)

    def manifest(self) -> dict | None:
        try:
            manifest = json.loads(self.files[MANIFEST])
            entries = manifest["files"]
            assert isinstance(manifest["briefing"], dict) and all(
                isinstance(e["name"], str) and isinstance(e["sha256"], str)
                and e["role"] in ROLES for e in entries)
        except (ValueError, KeyError, TypeError, AssertionError):
            self.error(f"{MANIFEST} is not a manifest the briefing build writes", "verify.manifest")
            return None
        self.entries = entries
        for entry in entries:
            self.listed(entry)
        for name in sorted(set(self.files) - {e["name"] for e in entries} - {MANIFEST}):
            self.error(f"{name} is attached but not in the manifest", "verify.unlisted")
        return manifest

    def listed(self, entry: dict) -> None:
        name, what = entry["name"], _what(entry)
        data = self.files.get(name)
        if data is None:
            self.error(f"{name} ({what}) is in the manifest but not attached", "verify.missing")
        elif hashlib.sha256(data).hexdigest() != entry["sha256"]:
            self.error(f"{name} ({what}) does not match its SHA-256 in the manifest: it was "
                       "changed or replaced after the briefing was made", "verify.hash")
        else:
            self.sound[name] = entry

    def of(self, role: str, source: str | None = None) -> tuple[str, bytes] | None:
        """The sound file of a role (and source), or None (a line says why, if not said)."""
        for name, entry in self.sound.items():
            if entry["role"] == role and entry.get("source") == source:
                return name, self.files[name]
        known = [e for e in self.entries if e["role"] == role and e.get("source") == source]
        if not known:  # else a line already said what is wrong with it
            what = ROLES[role][1] + (f" '{source}'" if source else "")
            self.error(f"{what} is not attached", "verify.missing")
        return None


def check(files: dict[str, bytes], where: Location, diagnostics: Diagnostics) -> Checked:
    """Check the evidence ``files`` (attachment name -> bytes); problems into ``diagnostics``."""
    run = _Check(files, where, diagnostics)
    manifest = run.manifest()
    if manifest is None:
        return Checked()
    checked = Checked(manifest=manifest)
    try:
        checked.described = json.loads(files[CONTENT]) if CONTENT in files else None
        checked.counts = _counts(checked.described) if checked.described else {}
    except (ValueError, KeyError, TypeError):
        run.error("content.json is not content the briefing build writes", "verify.manifest")
        return checked
    found = run.of("content")
    if found is None:
        return checked
    content = checked.described
    if {k: content["document"].get(k) for k in manifest["briefing"]} != manifest["briefing"]:
        run.error(f"{MANIFEST} and content.json are of different briefings", "verify.manifest")
    checked.content = content
    bodies = _bodies(run, content)
    _quotations(run, content, bodies)
    _derived(run, content)
    return checked


def _what(entry: dict) -> str:
    what = ROLES[entry["role"]][1]
    return f"{what} '{entry['source']}'" if entry.get("source") else what


def _counts(content: dict) -> dict:
    return {"sources": len(content["sources"]), "events": len(content["events"]),
            "quotations": sum(len(e["citations"]) for e in content["events"])
            + sum(len(quotes.quotations(text)) for _, text in _texts(content))}


def _bodies(run: _Check, content: dict) -> dict[str, quotes.Body]:
    """The body of each source's archived text that is attached and is the one named."""
    bodies = {}
    for source in content["sources"]:
        ident, archive = source["id"], source["archive"]
        if archive.get("original"):
            _named(run, run.of("original", ident), archive["original"], ident)
        found = run.of("archive", ident)
        if not _named(run, found, archive, ident):
            continue
        try:
            text = found[1].decode("utf-8")
        except UnicodeDecodeError:
            run.error(f"source '{ident}': its archived text is not UTF-8", "verify.archive")
            continue
        body, problems = quotes.cut_body(text, [(r["start"], r["end"]) for r in archive["body"]])
        for problem in problems:
            run.error(f"source '{ident}': {problem}", "verify.archive")
        if body is not None:
            bodies[ident] = body
    return bodies


def _named(run: _Check, found, record: dict, ident: str) -> bool:
    """Whether an attached archive (or original) is the file the source's record names."""
    if found is None:
        return False
    if hashlib.sha256(found[1]).hexdigest() != record["sha256"]:
        run.error(f"source '{ident}': {found[0]} is not the file its record in content.json "
                  "names (their SHA-256 differ)", "verify.archive")
        return False
    return True


def _texts(content: dict):
    """Every text that may quote: (where, text)."""
    for i, text in enumerate(content["document"]["bluf"], 1):
        yield f"paragraph {i} of the bottom line", text
    for judgment in content["judgments"]:
        yield f"key judgment '{judgment['id']}'", judgment["text"]
    for section in content["sections"]:
        for i, paragraph in enumerate(section["paragraphs"], 1):
            if isinstance(paragraph, str):
                yield f"paragraph {i} of section '{section['id']}'", paragraph


def _quotations(run: _Check, content: dict, bodies: dict[str, quotes.Body]) -> None:
    sources = {s["id"] for s in content["sources"]}
    events = {e["id"]: e for e in content["events"]}
    for event in content["events"]:
        for citation in event["citations"]:
            body, quote = bodies.get(citation["source"]), citation["quote"]
            if body is not None and not body.contains(quote):
                run.error(f"source '{citation['source']}': the quotation \"{quotes.shortened(quote)}\" "
                          f"of event '{event['id']}' is not in its archived text", "verify.quote")
    for where, text in _texts(content):
        cited = []
        for ident in quotes.citation_ids(text)[0]:
            cited += [ident] if ident in sources else [
                c["source"] for c in events.get(ident, {}).get("citations", [])]
        searched = [bodies[s] for s in dict.fromkeys(cited) if s in bodies]
        if len(searched) < len(set(cited)):
            continue  # an archive that is not sound is named already
        for quotation in quotes.quotations(text):
            if not any(body.contains(quotation) for body in searched):
                names = ", ".join(f"'{s}'" for s in dict.fromkeys(cited)) or "none"
                run.error(f"{where}: the quotation \"{quotes.shortened(quotation)}\" is in the archived text "
                          f"of no source it cites ({names})", "verify.quote")


def _derived(run: _Check, content: dict) -> None:
    """The ledger and the records: what content.json gives (``briefing.export``)."""
    from .export import ledger, ledger_csv
    from .validated import Validated

    data = ledger(Validated.model_validate(content))
    expected = {LEDGER_JSON: atomic.dumps_json(data).encode("utf-8"),
                LEDGER_CSV: ledger_csv(data).encode("utf-8")}
    expected |= {record_name(s["id"]): record_bytes(s) for s in content["sources"]}
    differ = [name for name, entry in run.sound.items()
              if entry["role"] in ("ledger", "record") and run.files[name] != expected.get(name)]
    if differ:
        run.error(f"{', '.join(differ)} {'is' if len(differ) == 1 else 'are'} not what the "
                  "attached content.json gives, which they are made from", "verify.derived")
