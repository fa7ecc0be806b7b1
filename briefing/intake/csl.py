"""A CSL-JSON export (Zotero, Better BibTeX, Mendeley): the item for the document, whose
fields win over what intake read from the document itself."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from ..files import read_regular
from ..model import CslType
from . import SURE, Extracted, Found, IntakeError

_TEXT_FIELDS = ("title", "container-title", "publisher", "volume", "issue", "page", "DOI", "URL")
_ORIGIN = "the CSL export"
EXPORT_LIMIT = 20 << 20  # a Zotero library of thousands of items is a few MB


def read_export(path: Path) -> list[dict]:
    try:
        data = json.loads(read_regular(path, EXPORT_LIMIT).decode("utf-8"))
    except OSError as exc:
        raise IntakeError(f"CSL export cannot be read: {exc.strerror or exc}", "intake.unreadable",
                          "check the path given to --csl") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IntakeError(f"CSL export is not JSON: {exc}", "intake.csl",
                          "export the item from Zotero as CSL JSON") from None
    except RecursionError:
        raise IntakeError("CSL export is not JSON Zotero writes: it nests too deeply",
                          "intake.csl", "export the item from Zotero as CSL JSON") from None
    items = data if isinstance(data, list) else data.get("items", [data]) if isinstance(
        data, dict) else []
    items = [item for item in items if isinstance(item, dict)]
    if not items:
        raise IntakeError("CSL export holds no item", "intake.csl",
                          "export the item from Zotero as CSL JSON")
    return items


def pick_item(items: list[dict], found: Extracted) -> dict:
    """The one item, or the one whose DOI, URL or title is the document's."""
    if len(items) == 1:
        return items[0]
    for name, same in (("DOI", str.casefold), ("URL", lambda u: u.rstrip("/")),
                       ("title", lambda t: " ".join(t.casefold().split()))):
        mine = found.fields.get(name)
        if mine is None:
            continue
        matching = [item for item in items if isinstance(item.get(name), str)
                    and same(item[name]) == same(mine.value)]
        if len(matching) == 1:
            return matching[0]
    raise IntakeError(f"CSL export holds {len(items)} items and none has this document's DOI, "
                      "URL or title", "intake.csl", "export just this document's item")


def apply_item(item: dict, found: Extracted) -> list[str]:
    """Put the item's fields into ``found``; what could not be used, as messages."""
    problems = []
    kind = item.get("type")
    if kind in typing.get_args(CslType):
        found.put("type", Found(kind, _ORIGIN))
    elif kind:
        problems.append(f"CSL type '{kind}' is not one the build knows; intake's guess is kept")
    for name in _TEXT_FIELDS:
        value = item.get(name)
        if isinstance(value, (str, int)) and str(value).strip():
            found.put(name, Found(str(value).strip(), _ORIGIN))
    names = [_name(person) for person in item.get("author") or [] if isinstance(person, dict)]
    if any(names):
        found.put("author", Found([n for n in names if n], _ORIGIN))
    for name in ("issued", "accessed"):
        if name in item:
            parts = _date(item[name])
            if parts:
                found.put(name, Found(parts, _ORIGIN, SURE))
            else:
                problems.append(f"CSL {name} date {json.dumps(item[name])} cannot be read")
    return problems


def _name(person: dict) -> dict:
    """A CSL name with its particles folded in, as the project's records hold names."""
    family = " ".join(str(person[k]) for k in ("non-dropping-particle", "family") if person.get(k))
    given = " ".join(str(person[k]) for k in ("given", "dropping-particle") if person.get(k))
    if person.get("literal"):
        return {"literal": str(person["literal"])}
    return {k: v for k, v in (("family", family), ("given", given)) if v}


def _date(value) -> list[int] | None:
    """``{"date-parts": [["2011", 6]]}`` (Zotero writes strings too) or ``{"raw": "2011-06"}``."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [p if isinstance(p, int) and not isinstance(p, bool) else
                   int(p) if isinstance(p, str) and p.isascii() and p.isdigit() and len(p) <= 4
                   else None for p in parts[0][:3]]  # not 1e400, not 6.5, not true
        return numbers if None not in numbers and 0 < numbers[0] < 10000 else None
    raw = str(value.get("raw", ""))
    pieces = raw.split("-")
    if raw and all(p.isdigit() for p in pieces) and len(pieces[0]) == 4 and len(pieces) <= 3:
        return [int(p) for p in pieces]
    return None
