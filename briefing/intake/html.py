"""A web page: saved from the browser, by SingleFile or Zotero, or taken from a web archive.

The archive text is the whole page rendered as text by inscriptis (menus, teasers and
comment notices included: they are not the source's content, but they are what was saved).
trafilatura finds the main text; ``pagemeta`` reads what the page says of itself.
"""

from __future__ import annotations

import re
from datetime import datetime

from . import PROBABLE, SURE, Extracted, Found, IntakeError, pagemeta

_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\s*(.*?)-->", re.DOTALL)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->")
_INVISIBLE = re.compile("[\u00ad\u200b]")


def extract_html(data: bytes, *, charset: str | None = None, kind: str = "",
                 url: Found | None = None, accessed: Found | None = None) -> Extracted:
    """``url`` and ``accessed`` come from a web archive's record, when the page came in one."""
    import lxml.html
    import trafilatura

    html = _decode(data, charset)
    header = html[:8192]
    if not kind:
        kind = ("HTML page saved with SingleFile" if _SINGLEFILE.search(header) else
                "HTML page saved from the browser" if _SAVED_FROM.search(header) else "HTML page")
    text = full_text(html)
    if not text.strip():
        raise IntakeError("the page has no text", "intake.no-text",
                          "save the page again once it has loaded in the browser")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, deduplicate=False,
                                      date_extraction_params={"extensive_search": False})
    main = [line for line in (doc.text if doc and doc.text else "").split("\n") if line.strip()]
    found = Extracted(kind, text, main or None, "main-text detection (trafilatura)",
                      suffix=".html")
    tree = lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True))  # a comment is no part of the page's text
    pagemeta.describe(found, tree, doc, html)
    found.set("type", "webpage", "a web page", PROBABLE,
              "a news site's article is article-newspaper, a magazine's article-magazine")
    _header(found, header)
    for name, value in (("URL", url), ("accessed", accessed)):
        if value:
            found.fields[name] = value
    pagemeta.date(found, tree, found.fields.get("URL"))
    return found


def full_text(html: str) -> str:
    """The page as text, deterministically: blocks on lines of their own, one blank line at
    most between them, no white space at line ends, no soft hyphens or zero-width spaces
    (hints to the browser where it may break a line, not text)."""
    import inscriptis
    from inscriptis.model.config import ParserConfig

    rendered = inscriptis.get_text(html, ParserConfig(display_links=False, display_images=False))
    lines = [line.rstrip() for line in _INVISIBLE.sub("", rendered).splitlines()]
    kept = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    return "\n".join(kept).strip("\n") + "\n"


def _decode(data: bytes, charset: str | None) -> str:
    """The page's text in the charset its web archive record names, if browsers know that
    name (webencodings: 'undefined' or 'punycode' are not a page's), else as detected."""
    import webencodings

    encoding = webencodings.lookup(charset) if charset else None
    if encoding is not None:
        try:
            return data.decode(encoding.codec_info.name)
        except UnicodeError:
            pass
    from trafilatura.utils import decode_file
    return decode_file(data)


def _header(found: Extracted, header: str) -> None:
    """URL and capture date from the comment SingleFile or the browser put at the top."""
    single = _SINGLEFILE.search(header)
    if single:
        fields = dict(re.findall(r"^\s*([a-z ]+?):\s*(.*?)\s*$", single.group(1), re.MULTILINE))
        if fields.get("url"):
            found.set("URL", fields["url"], "the SingleFile header comment", SURE)
        saved = _saved_date(fields.get("saved date", ""))
        if saved:
            found.set("accessed", saved, "the SingleFile header comment", SURE)
        return
    saved_from = _SAVED_FROM.search(header)
    if saved_from and not saved_from.group(1).startswith(("file:", "about:")):
        found.set("URL", saved_from.group(1), "the browser's 'saved from' comment", SURE)


def _saved_date(text: str) -> list[int] | None:
    """SingleFile writes JavaScript's Date text: 'Tue Mar 12 2024 10:15:30 GMT+0100 (...)'."""
    match = re.match(r"\w{3} (\w{3} \d{1,2} \d{4})", text)
    try:
        day = datetime.strptime(match.group(1), "%b %d %Y") if match else None
    except ValueError:
        return None
    return [day.year, day.month, day.day] if day else None
