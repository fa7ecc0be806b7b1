"""A web archive: a WARC file (wget --warc-file, Heritrix, Webrecorder) or a WACZ (a zip with
WARCs inside and a list of the pages captured, from ArchiveWeb.page or Browsertrix).

The page is the response record of the WACZ's first listed page, or else the WARC's first
successful HTML (or PDF, or text) response; its address and capture date come from the
record's ``WARC-Target-URI`` and ``WARC-Date``.
"""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from io import BytesIO

from . import SURE, Extracted, Found, IntakeError

_ORIGIN = "the WARC record"
_WANTED = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")


def extract_web_archive(data: bytes, kind: str) -> Extracted:
    if kind == "wacz":
        warcs, page = _wacz(data)
        label = "WACZ web archive"
    else:
        warcs, page, label = [data], None, "WARC web archive"
    record = _response(warcs, page)
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
        found = (extract_pdf if ctype == "application/pdf" else extract_text)(payload)
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


def _wacz(data: bytes) -> tuple[list[bytes], str | None]:
    """The WARCs inside a WACZ, and the address of its first listed page."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        warcs = [archive.read(n) for n in names if n.startswith("archive/")
                 and n.endswith((".warc", ".warc.gz"))]
        page = None
        if "pages/pages.jsonl" in names:
            for line in archive.read("pages/pages.jsonl").decode("utf-8", "replace").splitlines():
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(entry, dict) and entry.get("url"):
                    page = entry["url"]
                    break
    return warcs, page


def _response(warcs: list[bytes], page: str | None):
    """(target URI, WARC-Date, content type, payload, Content-Type header) of the page's
    response: the listed page's if it has a successful one, else the first successful
    response of a wanted type."""
    from warcio.exceptions import ArchiveLoadFailed

    first = None
    for warc in warcs:
        try:
            for record in _records(warc):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                header = record.http_headers.get_header("Content-Type") or ""
                ctype = header.split(";")[0].strip().lower()
                if record.http_headers.get_statuscode() != "200" or ctype not in _WANTED:
                    continue
                if uri == page or first is None:
                    found = (uri, record.rec_headers.get_header("WARC-Date") or "", ctype,
                             record.content_stream().read(), header)
                    if uri == page or page is None:
                        return found
                    first = found
        except ArchiveLoadFailed as exc:
            raise IntakeError(f"web archive cannot be read: {exc.msg}", "intake.unreadable",
                              "the WARC file is damaged or cut short") from None
    return first


def _records(warc: bytes):
    """The records of a WARC; one gzipped whole (``gzip capture.warc``), not record by record
    as WARC tools write them, is uncompressed first."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        yield from ArchiveIterator(BytesIO(warc))
    except ArchiveLoadFailed as exc:
        if "non-chunked gzip" not in str(exc.msg):
            raise
        yield from ArchiveIterator(BytesIO(gzip.decompress(warc)))


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"')
    return None
