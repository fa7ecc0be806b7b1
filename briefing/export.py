"""The ledger for other tools: ``build/ledger.json`` and ``build/ledger.csv``."""

from __future__ import annotations

import csv
import io
import json

from . import atomic
from .paths import Project

CSV_FIELDS = ["id", "date", "date_precision", "approx", "date_basis", "actors_from", "actors_to",
              "domain", "kind", "summary", "outcome", "outcome_note", "editor_note", "citations"]


def ledger(content: dict) -> dict:
    return {
        "document": content["document"],
        "sources": [
            {"id": s["id"], "title": s["title"], "archive": s["archive"]["path"],
             "sha256": s["archive"]["sha256"], "grade": s["grade"]["reliability"],
             "grade_reason": s["grade"]["reason"], "genre": s["genre"], "type": s["type"],
             "perspective": s["perspective"],
             **{k: s[k] for k in ("author", "container-title", "issued", "DOI", "URL") if s[k]}}
            for s in content["sources"]
        ],
        "events": [
            {"id": e["id"], "date": e["date"], "date_precision": e["date_precision"],
             "approx": e["approx"], "date_basis": e["date_basis"], "placed": e["placed"],
             "actors": {"from": e["actors"]["from"], "to": e["actors"]["to"],
                        "unnamed": e["actors"]["unnamed"]},
             "domain": e["domain"], "kind": e["kind"], "summary": e["summary"],
             "outcome": e["outcome"]["status"], "outcome_note": e["outcome"]["note"],
             "editor_note": e["editor_note"],
             "citations": [{"source": c["source"], "quote": c["quote"], "speaker": c["speaker"],
                            "via": c["via"]}
                           for c in e["citations"]]}
            for e in content["events"]
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
    content = json.loads(project.content_json.read_text(encoding="utf-8"))
    data = ledger(content)
    atomic.write_json(project.ledger_json, data)
    atomic.write_text(project.ledger_csv, ledger_csv(data))
