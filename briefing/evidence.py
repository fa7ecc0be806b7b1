"""The evidence a briefing carries: the files that let a reader check it without the project.

Each PDF edition embeds them as attachments (``briefing.attachments``), and the web edition
offers them as one download, ``build/briefing-evidence.zip``:

- ``content.json``, the validated content the briefing is made from;
- ``ledger.json`` and ``ledger.csv``, the ledger of events (``briefing.export``);
- for each source, ``<id>.csl.json`` (its bibliographic record, CSL-JSON), ``<id>.txt`` (its
  archived text) and, where intake kept it, ``<id>.original.<ext>`` (the saved file);
- ``manifest.json``: every other file with its SHA-256 and size, and the briefing it is of.

The same content gives the same bytes: dates come from the edition date, never the clock.
``python -m briefing verify`` reads them back (``briefing.verify``).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import atomic, bibliography, files
from .paths import Project

MANIFEST, CONTENT, LEDGER_JSON, LEDGER_CSV = "manifest.json", "content.json", "ledger.json", "ledger.csv"
#: The folder the download unpacks into.
BUNDLE_FOLDER = "briefing-evidence"
#: An attachment larger than this is refused: a briefing's archives are texts and saved pages.
MAX_FILE = 512 << 20

#: role -> (PDF/A-3 associated-file relationship, what the file is, in words)
ROLES = {
    "content": ("Source", "the validated content this briefing is made from"),
    "ledger": ("Data", "the ledger of events"),
    "record": ("Data", "the bibliographic record (CSL-JSON) of source"),
    "archive": ("Source", "the archived text of source"),
    "original": ("Source", "the saved file the archived text was taken from, of source"),
    "manifest": ("Supplement", "the SHA-256 and size of every other attached file"),
}
#: Media types by ending, so that the PDF says the same on every machine (WeasyPrint would
#: ask the system's own table for an ending Python does not know).
MEDIA_TYPES = {".json": "application/json", ".csv": "text/csv", ".txt": "text/plain",
               ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf",
               ".warc": "application/warc", ".gz": "application/gzip", ".wacz": "application/zip"}
_ENDING = re.compile(r"(?:\.[a-z0-9]{1,8}){1,2}$")


class EvidenceError(Exception):
    """The evidence cannot be gathered (an archive changed since validation): one line."""


@dataclass(frozen=True)
class Item:
    name: str
    data: bytes
    role: str
    source: str | None = None  # the source id, for a record, an archive or an original

    @property
    def relationship(self) -> str:
        return ROLES[self.role][0]

    @property
    def description(self) -> str:
        what = ROLES[self.role][1]
        return f"{what} '{self.source}'" if self.source else what

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(Path(self.name).suffix, "application/octet-stream")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def gather(project: Project) -> list[Item]:
    """The evidence of the built content: every file, the manifest last."""
    raw = project.content_json.read_bytes()
    content = json.loads(raw)
    items = [Item(CONTENT, raw, "content"),
             Item(LEDGER_JSON, project.ledger_json.read_bytes(), "ledger"),
             Item(LEDGER_CSV, project.ledger_csv.read_bytes(), "ledger")]
    for source in content["sources"]:
        items += source_items(project, source)
    return items + [manifest(items, content["document"])]


def source_items(project: Project, source: dict) -> list[Item]:
    ident, archive = source["id"], source["archive"]
    items = [Item(record_name(ident), record_bytes(source), "record", ident),
             Item(f"{ident}.txt", _archived(project, archive, ident), "archive", ident)]
    if archive.get("original"):
        ending = _ENDING.search(Path(archive["original"]["path"]).name.lower())
        items.append(Item(f"{ident}.original{ending.group(0) if ending else ''}",
                          _archived(project, archive["original"], ident), "original", ident))
    return items


def record_name(ident: str) -> str:
    return f"{ident}.csl.json"


def record_bytes(source: dict) -> bytes:
    """A source's CSL-JSON record as a one-item list, which Zotero and Pandoc import."""
    return atomic.dumps_json([bibliography.csl_record(source)]).encode("utf-8")


def _archived(project: Project, record: dict, ident: str) -> bytes:
    """The bytes of an archive (or original) of content.json, as validation checked them."""
    path = (project.root / record["path"]).resolve()
    if not path.is_relative_to((project.content / "archive").resolve()):
        raise EvidenceError(f"source '{ident}': {record['path']} is not in content/archive/")
    try:
        data = files.read_regular(path, MAX_FILE)
    except OSError as exc:
        raise EvidenceError(f"source '{ident}': {record['path']} cannot be attached ({exc})") from None
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        raise EvidenceError(f"source '{ident}': {record['path']} has changed since the content "
                            "was validated; run doit again")
    return data


def manifest(items: list[Item], document: dict) -> Item:
    entries = [{"name": i.name, "role": i.role, **({"source": i.source} if i.source else {}),
                "sha256": i.sha256, "size": len(i.data)} for i in items]
    data = {"briefing": {k: document[k] for k in ("title", "edition", "date")},
            "made-by": made_by(), "files": entries}
    return Item(MANIFEST, atomic.dumps_json(data).encode("utf-8"), "manifest")


def made_by() -> str:
    try:
        return f"briefing {version('briefing')}"
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "briefing"


def edition_day(items: list[Item]) -> datetime.datetime:
    """The edition date, the date of every attached file."""
    document = json.loads(next(i for i in items if i.role == "content").data)["document"]
    return datetime.datetime.combine(datetime.date.fromisoformat(document["date"]), datetime.time())


def bundle(items: list[Item]) -> bytes:
    """The evidence as one zip file, the same bytes for the same evidence."""
    stamp = edition_day(items).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            info = zipfile.ZipInfo(f"{BUNDLE_FOLDER}/{item.name}", date_time=stamp)
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3  # 3: Unix
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, item.data)
    return out.getvalue()


def write_bundle(project: Project) -> None:
    """The ``evidence`` task: ``build/briefing-evidence.zip`` for the web edition."""
    atomic.write_bytes(project.evidence_zip, bundle(gather(project)))
