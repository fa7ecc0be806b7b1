"""A web archive: a WARC file (wget --warc-file, Heritrix, Webrecorder) or a WACZ (a zip with
WARCs inside and a list of the pages captured, from ArchiveWeb.page or Browsertrix).

The page is the response record of the WACZ's first listed page, or else the WARC's first
successful HTML (or PDF, or text) response; its address and capture date come from the
record's ``WARC-Target-URI`` and ``WARC-Date``.
"""

from __future__ import annotations

import json
import re
import zipfile
from io import BytesIO

from . import SURE, Extracted, Found, IntakeError
from .limits import Budget

_ORIGIN = "the WARC record"
_WANTED = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")


def extract_web_archive(data: bytes, kind: str, budget: Budget) -> Extracted:
    if kind == "wacz":
        warcs, page = _wacz(data, budget)
        label = "WACZ web archive"
    else:
        warcs, page, label = [data], None, "WARC web archive"
    record = _response(warcs, page, budget)
    if record is None:
        raise IntakeError(f"{label} has no response record for an HTML page, PDF or text",
                          "intake.warc-no-response", "capture the page again: the archive "
                          "holds requests, metadata or other files only")
    uri, date, ctype, payload, header = record
    url = Found(uri, _ORIGIN + "'s WARC-Target-URI", SURE) if uri else None
    accessed = (Found([int(p) for p in date[:10].split("-")], _ORIGIN + "'s WARC-Date", SURE)
                if re.match(r"\d{4}-\d{2}-\d{2}", date) else None)
    if ctype in ("application/pdf", "text/plain"):
        from .pdf import extract_pdf
        from .text import extract_text
        found = extract_pdf(payload) if ctype == "application/pdf" else extract_text(payload)
        found.kind = f"{'PDF' if ctype == 'application/pdf' else 'text'} in a {label}"
        found.fields.update({k: v for k, v in (("URL", url), ("accessed", accessed)) if v})
    else:
        from .html import extract_html
        found = extract_html(payload, charset=_charset(header), kind=f"HTML page in a {label}",
                             url=url, accessed=accessed)
    if page and uri != page:
        found.checks.append(f"the WACZ lists the page {page}, which has no successful response "
                            f"in it; the text is the first page that has one, {uri}")
    found.suffix = ".wacz" if kind == "wacz" else ".warc.gz" if data[:2] == b"\x1f\x8b" else ".warc"
    return found


def _wacz(data: bytes, budget: Budget) -> tuple[list[bytes], str | None]:
    """The WARCs inside a WACZ, and the address of its first listed page."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        warcs = [_member(archive, n, budget) for n in names if n.startswith("archive/")
                 and n.endswith((".warc", ".warc.gz"))]
        page = None
        if "pages/pages.jsonl" in names:
            listed = _member(archive, "pages/pages.jsonl", budget)
            for line in listed.decode("utf-8", "replace").splitlines():
                try:
                    entry = json.loads(line)
                except (json.JSONDecodeError, RecursionError):
                    continue
                if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                    page = entry["url"]
                    break
    return warcs, page


def _member(archive: zipfile.ZipFile, name: str, budget: Budget) -> bytes:
    """One file of a WACZ, uncompressed within the budget."""
    try:
        with archive.open(name) as member:
            return budget.read(member, f"the WACZ's {name}")
    except zipfile.BadZipFile as exc:
        problem = f"is damaged ({exc})"
    except NotImplementedError:
        problem = f"holds {name} compressed in a way that cannot be read here"
    except RuntimeError:  # zipfile's word for a member that needs a password
        problem = f"holds {name} encrypted"
    raise IntakeError(f"WACZ web archive {problem}", "intake.unreadable",
                      "export the capture again from ArchiveWeb.page or Browsertrix")


def _response(warcs: list[bytes], page: str | None, budget: Budget):
    """(target URI, WARC-Date, content type, payload, Content-Type header) of the page's
    response: the listed page's if it has a successful one, else the first successful
    response of a wanted type."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    first, read = None, 0
    for warc in warcs:
        if warc[:2] == b"\x1f\x8b":  # uncompressed here, within the budget, not by warcio
            warc = budget.gunzip(warc, "the WARC")
        try:
            for record in ArchiveIterator(BytesIO(warc)):
                read += 1
                found = _wanted(record, page, first is None, budget)
                if found and (found[0] == page or page is None):
                    return found
                first = first or found
        except ArchiveLoadFailed as exc:
            raise IntakeError(f"web archive cannot be read: {exc.msg}", "intake.unreadable",
                              "the WARC file is damaged or cut short") from None
        except (AttributeError, KeyError, IndexError, TypeError, ValueError):
            raise IntakeError(f"web archive cannot be read: record {read + 1} is malformed",
                              "intake.unreadable", "the WARC file is damaged or was not "
                              "written by a WARC tool") from None
    return first


def _wanted(record, page: str | None, first: bool, budget: Budget):
    """The record as ``_response`` gives it, if it is a successful response of a wanted type
    that is the page or the first one; else None."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    header = record.http_headers.get_header("Content-Type") or ""
    ctype = header.split(";")[0].strip().lower()
    if record.http_headers.get_statuscode() != "200" or ctype not in _WANTED:
        return None
    if uri != page and not first:
        return None
    return (uri, record.rec_headers.get_header("WARC-Date") or "", ctype,
            budget.read(record.content_stream(), "the page in the web archive"), header)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"')
    return None
