"""Which kind of file an input is, from its bytes (never from its name), and its extraction."""

from __future__ import annotations

import re
import zipfile
import zlib
from io import BytesIO

from . import Extracted, IntakeError
from .limits import Budget

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>]",
                   re.IGNORECASE)


def kind_of(data: bytes) -> str:
    """``pdf``, ``warc``, ``wacz``, ``html`` or ``text``; IntakeError for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"WARC/"):
        return "warc"
    if data.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 64)
        except zlib.error:
            head = b""
        if head.startswith(b"WARC/"):
            return "warc"
        raise IntakeError("file is gzip-compressed but not a WARC web archive", "intake.kind",
                          "uncompress it first (gunzip FILE)")
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, EOFError):
            names = []
        if any(n.startswith("archive/") and n.endswith((".warc", ".warc.gz")) for n in names):
            return "wacz"
        raise IntakeError("file is a zip archive but not a WACZ web archive (no archive/*.warc"
                          ".gz inside)", "intake.kind", "give the page, PDF or WARC itself")
    if _HTML.search(data[:8192]):
        return "html"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise IntakeError("file is not HTML, a WARC or WACZ web archive, a PDF or UTF-8 text",
                          "intake.kind", "save the page from the browser as HTML, or give "
                          "the PDF") from None
    return "text"


def extract(data: bytes, budget: Budget) -> Extracted:
    """The archive text, main text and fields of an input file of any kind."""
    kind = kind_of(data)
    if kind == "pdf":
        from .pdf import extract_pdf
        return extract_pdf(data)
    if kind in ("warc", "wacz"):
        from .warc import extract_web_archive
        return extract_web_archive(data, kind, budget)
    if kind == "html":
        from .html import extract_html
        return extract_html(data)
    from .text import extract_text
    return extract_text(data)
