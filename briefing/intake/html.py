"""A web page: saved from the browser, by SingleFile or Zotero, or taken from a web archive.

The archive text is the whole page rendered as text by inscriptis (menus, teasers and
comment notices included: they are not the source's content, but they are what was saved).
trafilatura finds the main text and the metadata; htmldate the date, first from the page's
date markup only (sure), then from its text and address too (a guess, said to be one).
"""

from __future__ import annotations

import re
from datetime import datetime

from . import GUESSED, PROBABLE, SURE, Extracted, Found, IntakeError, person

_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\s*(.*?)-->", re.DOTALL)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?")
_INVISIBLE = re.compile("[\u00ad\u200b]")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_DOI_META = ("citation_doi", "dc.identifier", "prism.doi", "bepress_citation_doi")


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
        encoding="utf-8", remove_comments=True))  # a header comment is no date of the page
    meta = "the page's metadata"
    if doc:
        found.set("title", doc.title, meta, PROBABLE)
        found.set("author", _authors(doc.author, html), meta, PROBABLE,
                  "the split into given and family name is intake's")
        found.set("container-title", doc.sitename, "the page's site name", PROBABLE)
        found.set("URL", doc.url, "the page's canonical address", PROBABLE)
    found.set("DOI", _doi(tree), "the page's citation metadata", SURE)
    found.set("type", "webpage", "a web page", PROBABLE,
              "a news site's article is article-newspaper, a magazine's article-magazine")
    _header(found, header)
    for name, value in (("URL", url), ("accessed", accessed)):
        if value:
            found.fields[name] = value
    _date(found, tree, found.fields.get("URL"))
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


def _authors(byline: str | None, html: str) -> list[dict]:
    """trafilatura's authors, each as the page writes it (it drops the dot of 'Jane Q.')."""
    names = []
    for name in (byline or "").split(";"):
        words = name.split()
        if not words:
            continue
        pattern = r"\W{0,3}".join(re.escape(w) for w in words) + r"\.?"
        written = re.search(r"(?<!\w)" + pattern + r"(?!\w)", html)
        names.append(person(written.group() if written else name))
    return names


def _doi(tree) -> str | None:
    for element in tree.iter("meta"):
        if (element.get("name") or "").lower() in _DOI_META:
            match = _DOI.search(element.get("content") or "")
            if match:
                return match.group(1).rstrip(".,;")
    return None


def _date(found: Extracted, tree, url) -> None:
    """The date from the page's date markup (sure), else a guess: a whole date found in its
    text, else the date in its address, else what the text gives of a year and month
    (htmldate writes the 1st for a month it found without a day, and 1 January for a bare
    year, as in a copyright line: those are cut back to what was found)."""
    from htmldate import find_date

    marked = find_date(tree, extensive_search=False, original_date=True)
    if marked:
        found.set("issued", _parts(marked), "the page's date markup", SURE)
        return
    check = "the page's metadata gives no date: check it against the page"
    guessed = find_date(tree, extensive_search=True, original_date=True)
    parts = _parts(guessed) if guessed else None
    in_address = _URL_DATE.search(url.value) if url else None
    if parts and parts[2] != 1:
        found.set("issued", parts, "date detection in the page's text", GUESSED, check)
    elif in_address:
        found.set("issued", [int(p) for p in in_address.groups() if p], "the page's address",
                  GUESSED, check)
    elif parts:
        found.set("issued", parts[:1] if parts[1] == 1 else parts[:2],
                  "date detection in the page's text", GUESSED, check)


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


def _parts(iso: str) -> list[int]:
    return [int(p) for p in iso[:10].split("-")]
