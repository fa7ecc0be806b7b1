"""The drafted source record: the YAML text of ``content/sources/<id>.yaml``.

Written line by line rather than dumped, so that the draft reads like the hand-written
records (fields in the order of docs/content-format.md, names and dates on one line) and
the fields only the editor can fill carry the placeholder and a comment saying what goes
there.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

from ..model import UNFILLED
from . import GUESSED, Found
from .body import Range

#: The CSL fields intake drafts, in the order the records have them.
CSL_ORDER = ("type", "title", "author", "container-title", "publisher", "volume", "issue",
             "page", "issued", "accessed", "DOI", "URL")

_TO_FILL = {
    "title": "the document's title, as it gives it (intake found none)",
    "short": "the short form for footnotes, e.g. 'Smith 2020'",
    "genre": "the kind of document: one of the briefing's genres of source",
    "reliability": "Admiralty source reliability, A (reliable) to F (cannot be judged)",
    "reason": "one line: why this grade",
    "perspective": "the source's standpoint: whose view it gives, and with what sympathies",
}


def draft(source_id: str, fields: dict[str, Found], archive: tuple[str, str],
          original: tuple[str, str] | None, ranges: list[Range]) -> str:
    """The record's text; ``archive`` and ``original`` are (path under content/, sha256)."""
    out = ["# Drafted by `python -m briefing add-source`: fill in each TODO, check the fields",
           "# the intake report named, then delete this comment.",
           f"id: {source_id}"]
    if "type" in fields:
        out.append(f"type: {_scalar(fields['type'].value)}")
    out.append(_todo("genre", ""))
    for name in CSL_ORDER[1:]:
        if name not in fields:
            if name == "title":
                out.append(_todo("title", ""))
            continue
        value = fields[name].value
        if name == "author":
            out.append("author:")
            out += [f"  - {_flow(person)}" for person in value]
        elif name in ("issued", "accessed"):
            out += [f"{name}:", f"  date-parts: [{_flow(value)}]"]
            if name == "issued" and fields[name].sureness == GUESSED:
                note = (f"The document's metadata gives no date; intake guessed this one from "
                        f"{fields[name].origin}. Check it, then say here how it is known.")
                out += ["  circa: true", f"issued-note: {_scalar(note)}"]
        else:
            out.append(f"{name}: {_scalar(value)}")
    out += ["archive:", f"  path: {archive[0]}", f"  sha256: {archive[1]}"]
    if original:
        out += ["  original:", f"    path: {original[0]}", f"    sha256: {original[1]}"]
    out.append("  body:")
    for part in ranges:
        out += [f"    - start: {_quoted(part.start)}", f"      end: {_quoted(part.end)}"]
    out += ["grade:", _todo("reliability", "  "), _todo("reason", "  "), _todo("perspective", "")]
    out.append(f"short: {_scalar(fields['short'].value)}" if "short" in fields else _todo("short", ""))
    return "\n".join(out) + "\n"


def slug(text: str, words: int = 4) -> str:
    """Lowercase a-z0-9 words joined by hyphens: 'Jane Q. Réporter' -> 'jane-q-reporter'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower())[:words])


def _todo(name: str, indent: str) -> str:
    return f"{indent}{name}: {UNFILLED:<{max(1, 24 - len(indent) - len(name))}}# {_TO_FILL[name]}"


def _scalar(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1_000_000).removesuffix(
        "\n...\n").rstrip("\n")


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style='"').rstrip("\n")


def _flow(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1_000_000,
                          default_flow_style=True).rstrip("\n")
