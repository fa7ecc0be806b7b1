"""Inputs for the intake tests, made by the tests themselves: a page saved with SingleFile,
a WARC written with warcio, a WACZ, a PDF rendered by WeasyPrint, a CSL-JSON export."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

URL = "https://gazette.example.org/2024/03/radar-talks"

ARTICLE = """\
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/opinion">Opinion</a></li></ul></nav>
<header><p class="masthead">The Example Gazette</p></header>
<main>
<article>
<h1>Ministers agree to talk about radar</h1>
<p class="byline">By Jane Q. Reporter</p>
<p>The two defence ministers agreed on Monday to explore joint work on early warning,
officials said after a meeting that lasted well into the night.</p>
<p>“We will meet again within a month,” the minister told reporters, adding that experts
from both sides would prepare a common assessment of the threat.</p>
<aside class="teaser"><h2>Read also</h2><p><a href="/x">Ten facts about radar you did not
know</a></p></aside>
<p>Neither side gave details of where a shared radar might be built, and critics in
parliament called the talks premature.</p>
</article>
</main>
<div class="comments"><p>Comments are moderated. Please keep the discussion civil and on
topic.</p></div>
<footer><p>© 2024 The Example Gazette. All rights reserved.</p></footer>
"""

HEAD = """\
<meta charset="utf-8">
<title>Ministers agree to talk about radar | The Example Gazette</title>
<meta property="og:title" content="Ministers agree to talk about radar">
<meta property="og:site_name" content="The Example Gazette">
<meta name="author" content="Jane Q. Reporter">
<meta property="article:published_time" content="2024-03-11T08:00:00+00:00">
<style>body { font-family: serif }</style>
<script>var tracking = 1;</script>
"""

SINGLEFILE = (f"<!--\n Page saved with SingleFile \n url: {URL} \n saved date: Tue Mar 12 2024 "
              "10:15:30 GMT+0100 (Central European Standard Time)\n-->\n")


def page(header: str = SINGLEFILE, head: str = HEAD) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\">{header}<head>\n{head}</head><body>\n"
            f"{ARTICLE}</body></html>\n")


def saved_page(folder: Path, header: str = SINGLEFILE, head: str = HEAD) -> Path:
    path = folder / "radar-talks.html"
    path.write_text(page(header, head), encoding="utf-8")
    return path


def warc(folder: Path, with_response: bool = True) -> Path:
    """A WARC as a crawler writes it, each record compressed on its own: warcinfo, then the
    page's request and response, then a stylesheet's response. Record ids and dates are
    fixed, so the bytes are always the same."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=True)
    stamp = {"WARC-Date": "2024-03-12T09:15:30Z", "WARC-Record-ID": "<urn:uuid:%s>"}
    records = [writer.create_warcinfo_record("capture.warc", {"software": "test"})]
    records.append(writer.create_warc_record(URL, "request", payload=io.BytesIO(
        b"GET /2024/03/radar-talks HTTP/1.1\r\nHost: gazette.example.org\r\n\r\n")))
    if with_response:
        html = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        records.append(writer.create_warc_record(URL, "response", http_headers=html,
                                                 payload=io.BytesIO(page("").encode("utf-8"))))
    css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
    records.append(writer.create_warc_record("https://gazette.example.org/site.css", "response",
                                             http_headers=css, payload=io.BytesIO(b"body{}")))
    for n, record in enumerate(records):
        for name, value in stamp.items():
            record.rec_headers.replace_header(name, value % f"00000000-0000-0000-0000-{n:012d}"
                                              if "%s" in value else value)
        writer.write_record(record)
    path = folder / "capture.warc.gz"
    path.write_bytes(raw.getvalue())
    return path


def wacz(folder: Path, page_url: str = URL) -> Path:
    """A WACZ: the WARC inside a zip, with the list of pages captured."""
    data = warc(folder).read_bytes()
    path = folder / "capture.wacz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("archive/data.warc.gz", (2024, 3, 12, 9, 15, 30)), data)
        pages = [{"format": "json-pages-1.0", "id": "pages"},
                 {"url": page_url, "ts": "2024-03-12T09:15:30Z", "title": "Ministers"}]
        archive.writestr(zipfile.ZipInfo("pages/pages.jsonl", (2024, 3, 12, 9, 15, 30)),
                         "\n".join(json.dumps(p) for p in pages) + "\n")
        archive.writestr(zipfile.ZipInfo("datapackage.json", (2024, 3, 12, 9, 15, 30)), "{}")
    return path


REPORT_PARAGRAPHS = [
    "The ﬁrst ﬁnding is that early warning data can be shared.",
    "Officials from both ministries met four times in spring.",
    "A joint centre was proposed for launch notifications.",
    "The second finding concerns the radar stations in the south.",
    "Neither side would place its officers under the other.",
    "Budgets for the joint centre were never agreed.",
]


def report_pdf(folder: Path) -> Path:
    """A two-page report with a running head and page numbers, each paragraph one line, in
    the bundled serif font, with title, author and date in its metadata."""
    from weasyprint import HTML

    from briefing.paths import font_file

    font = font_file("SourceSerifPro-Regular.otf").as_uri()
    body = "".join(f"<p>{p}</p>" for p in REPORT_PARAGRAPHS[:3]) + '<p style="break-before: ' \
        'page">' + "</p><p>".join(REPORT_PARAGRAPHS[3:]) + "</p>"
    html = f"""<html><head><title>Joint Early Warning: A Study</title>
<meta name="author" content="Jane Q. Reporter; John Smith">
<meta name="dcterms.created" content="2024-03-11">
<style>@font-face {{ font-family: Serif; src: url({font}) }}
@page {{ size: A4; @top-center {{ content: "Institute Report Series" }}
         @bottom-center {{ content: counter(page) }} }}
body, @page {{ font-family: Serif; font-size: 11pt }}</style></head>
<body><h1>Joint Early Warning</h1>{body}</body></html>"""
    path = folder / "report.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return path


def blank_pdf(folder: Path) -> Path:
    """A PDF with no text layer: a grey box, as a scanned page has only an image."""
    from weasyprint import HTML

    path = folder / "scan.pdf"
    path.write_bytes(HTML(string='<div style="width: 10cm; height: 10cm; background: #888">'
                                 "</div>").write_pdf())
    return path


def csl_export(folder: Path, *items: dict) -> Path:
    path = folder / "export.json"
    path.write_text(json.dumps(list(items), indent=2), encoding="utf-8")
    return path


ZOTERO_ITEM = {
    "id": "http://zotero.org/users/1/items/ABCD1234",
    "type": "article-newspaper",
    "title": "Ministers Agree to Talk About Radar",
    "container-title": "The Example Gazette",
    "author": [{"family": "Reporter", "given": "Jane Q."}],
    "issued": {"date-parts": [["2024", 3, 11]]},
    "accessed": {"date-parts": [[2024, 3, 13]]},
    "URL": URL,
}


# --- hostile inputs: each made small here, each uncompressing or parsing to far more --------

def gzip_bomb(folder: Path, unpacked: int) -> Path:
    """A WARC gzipped whole, one response record whose body is ``unpacked`` bytes of 'a'."""
    import zlib

    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {URL}\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(body) + unpacked}\r\n\r\n").encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts, chunk = [deflate.compress(head + body)], b"a" * (1 << 20)
    parts += [deflate.compress(chunk) for _ in range(unpacked >> 20)]
    path = folder / "bomb.warc.gz"
    path.write_bytes(b"".join(parts) + deflate.flush())
    return path


def zipped(folder: Path, name: str, members: dict[str, bytes], patch=None) -> Path:
    """A WACZ of ``members`` (stored, not deflated); ``patch(bytearray)`` damages it."""
    import io

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        for member, data in members.items():
            archive.writestr(zipfile.ZipInfo(member, (2024, 3, 12, 9, 15, 30)), data)
    data = bytearray(raw.getvalue())
    if patch:
        patch(data)
    path = folder / name
    path.write_bytes(bytes(data))
    return path


def retitled(pdf: Path, title: str) -> Path:
    """The PDF with another title in its document information."""
    import pikepdf

    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        document.docinfo["/Title"] = title
        document.save(pdf)
    return pdf


def pdf_bomb(folder: Path, unpacked: int) -> Path:
    """A one-page PDF whose page content is a Flate stream of ``unpacked`` zero bytes."""
    import zlib

    import pikepdf

    deflate = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    data = b"".join(deflate.compress(chunk) for _ in range(unpacked >> 20)) + deflate.flush()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].Contents = pikepdf.Stream(pdf, data, Filter=pikepdf.Name.FlateDecode)
    path = folder / "bomb.pdf"
    pdf.save(path)
    return path


# --- metadata intake must not be sure of ------------------------------------------------

PROPOSAL = """\
Title: Governance Voting Process
Author: The core team and community
Created: 01-May-2020
Status: Draft

Abstract

This proposal sets out how the community votes on changes to the protocol.

Motivation

Votes were counted by hand, and nobody could check a count afterwards.
"""


def proposal(folder: Path) -> Path:
    """A proposal in plain text that opens with an RFC 822-style header block."""
    path = folder / "8001.txt"
    path.write_text(PROPOSAL, encoding="utf-8")
    return path


PROPOSAL_PAGE_HEAD = """\
<meta charset="utf-8">
<title>8001 – Governance Voting Process</title>
<meta property="og:site_name" content="Example Proposals">
<meta name="author" content="The core team and community">
<style>/* Published 2020-10-01T10:00:00 */ body { font-family: serif }</style>
<script>var built = "2019-02-03T08:00:00";</script>
"""
PROPOSAL_PAGE_BODY = """\
<!-- generated 2018-01-01 -->
<nav><a href="/">Proposals</a></nav>
<main><article>
<p>This proposal sets out how the community votes on changes to the protocol.</p>
<p>Votes were counted by hand, and nobody could check a count afterwards.</p>
</article></main>
"""


def proposal_page(folder: Path, title: str = "8001 – Governance Voting Process") -> Path:
    """The proposal as an HTML export: its only dates are in its stylesheet, its script and
    a comment; its title has a dash that is no site's name."""
    head = PROPOSAL_PAGE_HEAD.replace("8001 – Governance Voting Process", title)
    path = folder / "8001.html"
    path.write_text(f"<!DOCTYPE html>\n<html lang=\"en\"><head>\n{head}</head><body>\n"
                    f"{PROPOSAL_PAGE_BODY}</body></html>\n", encoding="utf-8")
    return path
