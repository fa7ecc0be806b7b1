"""The ledger for other tools: ``build/ledger.json`` and ``build/ledger.csv``."""

from __future__ import annotations

import csv
import io

from . import atomic, validated
from .paths import Project
from .validated import Validated

#: The CSL fields of a source that ledger.json gives when the source has them (by field name).
_CSL_KEPT = {"author", "container_title", "issued", "DOI", "URL"}
CSV_FIELDS = ["id", "date", "date_precision", "approx", "date_basis", "actors_from", "actors_to",
              "domain", "kind", "summary", "outcome", "outcome_note", "editor_note", "citations"]


def ledger(content: Validated) -> dict:
    return {
        "document": content.document.model_dump(mode="json"),
        "sources": [
            {"id": s.id, "title": s.title, "archive": s.archive.path,
             "sha256": s.archive.sha256, "grade": s.grade.reliability,
             "grade_reason": s.grade.reason, "genre": s.genre, "type": s.type,
             "perspective": s.perspective,
             **{k: v for k, v in s.model_dump(mode="json", by_alias=True, include=_CSL_KEPT).items()
                if v}}
            for s in content.sources
        ],
        "events": [
            {"id": e.id, "date": e.date, "date_precision": e.when.precision,
             "approx": e.approx, "date_basis": e.date_basis, "placed": e.placed,
             "actors": e.actors.model_dump(mode="json", by_alias=True),
             "domain": e.domain, "kind": e.kind, "summary": e.summary,
             "outcome": e.outcome.status, "outcome_note": e.outcome.note,
             "editor_note": e.editor_note,
             "citations": [c.model_dump(mode="json", include={"source", "quote", "speaker", "via"})
                           for c in e.citations]}
            for e in content.events
        ],
    }


def _people(actors: list[dict]) -> str:
    return "; ".join(f"{a['name']} ({a['role']}, {a['side']})" if a.get("role")
                     else f"{a['name']} ({a['side']})" for a in actors)


#: What a spreadsheet takes for the start of a formula (=, +, -, @) or that hides one (a tab,
#: a carriage return): such a cell is written after a single quote, as OWASP advises
#: against CSV injection, and so reads as text ('=HYPERLINK(...)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def ledger_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for e in data["events"]:
        writer.writerow({key: _cell(value) for key, value in _row(e).items()})
    return out.getvalue()


def _row(e: dict) -> dict:
    return {
        **{k: e[k] for k in ("id", "date", "date_precision", "domain", "kind", "summary",
                             "outcome", "outcome_note", "editor_note", "date_basis")},
        "approx": "true" if e["approx"] else "false",
        "actors_from": _people(e["actors"]["from"]),
        "actors_to": _people(e["actors"]["to"]),
        "citations": " | ".join(f"{c['source']}{_voice(c)}: \"{c['quote']}\""
                                for c in e["citations"]),
    }


def _voice(citation: dict) -> str:
    """" (speaker)", " (speaker, as reported by via)", or nothing for the source's own words."""
    if not citation["speaker"]:
        return ""
    via = f", as reported by {citation['via']}" if citation["via"] else ""
    return f" ({citation['speaker']}{via})"


def write_exports(project: Project) -> None:
    data = ledger(validated.read(project))
    atomic.write_json(project.ledger_json, data)
    atomic.write_text(project.ledger_csv, ledger_csv(data))
