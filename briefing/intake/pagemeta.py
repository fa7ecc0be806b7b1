"""A web page's own description of itself: title, authors, site, address, DOI and date, each
with the exact element it came from (``the page's <meta property="og:title">``).

Only the page's markup is "sure" or "probable". What main-text detection (trafilatura) or
date detection (htmldate) infer from the text is a guess, said to be one. Stylesheets,
scripts and comments are not the page's text: a date in a CSS comment or a build stamp in a
script is no date of the document, so they are taken out before dates are looked for
(JSON-LD, which describes the page, stays).
"""

from __future__ import annotations

import copy
import re

from . import GUESSED, PROBABLE, SURE, Extracted, names, person

_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(0[1-9]|1[0-2])/(?:(0[1-9]|[12]\d|3[01])/)?")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_DOI_META = ("citation_doi", "dc.identifier", "prism.doi", "bepress_citation_doi")
_AUTHOR_META = ("citation_author", "dc.creator", "dcterms.creator", "author", "article:author",
                "parsely-author", "sailthru.author")
_SITE_META = ("og:site_name", "application-name")
#: What stands between a title and the site's name in a <title>: "Talks – The Gazette".
_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " : ", " / ")
_LD_JSON = "application/ld+json"


def describe(found: Extracted, tree, doc, html: str) -> None:
    """Fill ``found`` with what the page says of itself (``doc``: trafilatura's reading)."""
    site = _meta(tree, *_SITE_META)
    _title(found, tree, site[0] if site else None)
    _authors(found, tree, doc, html)
    if site:
        found.set("container-title", site[0], site[1], PROBABLE)
    elif doc and doc.sitename:
        found.set("container-title", doc.sitename, "main-text detection (trafilatura), from "
                  "the page's title or address", GUESSED, "the page names no site in its "
                  "metadata: check the outlet")
    address = _canonical(tree) or _meta(tree, "og:url")
    if address:
        found.set("URL", address[0], address[1], PROBABLE)
    doi = _meta(tree, *_DOI_META, pattern=_DOI)
    if doi:
        found.set("DOI", doi[0].rstrip(".,;"), doi[1], SURE)


def _meta(tree, *keys: str, pattern: re.Pattern | None = None) -> tuple[str, str] | None:
    """The first <meta> named by one of ``keys`` (in ``name``, ``property`` or ``itemprop``)
    with content (matching ``pattern``, if given), and where it is, in words."""
    for key in keys:
        for element in tree.iter("meta"):
            for attribute in ("name", "property", "itemprop"):
                if (element.get(attribute) or "").strip().lower() != key:
                    continue
                content = " ".join((element.get("content") or "").split())
                match = pattern.search(content) if pattern else None
                value = match.group(1) if match else content if not pattern else ""
                if value:
                    return value, f"the page's <meta {attribute}=\"{element.get(attribute)}\">"
    return None


def _canonical(tree) -> tuple[str, str] | None:
    for element in tree.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
            return element.get("href").strip(), "the page's <link rel=\"canonical\">"
    return None


def _title(found: Extracted, tree, site: str | None) -> None:
    """citation_title, og:title, the first <h1> (unless it is the site's name) or <title>,
    whole: cut only where the site's name is what follows (or comes before) a separator."""
    candidates = [_meta(tree, "citation_title"), _meta(tree, "og:title")]
    heading = next((" ".join(h.text_content().split()) for h in tree.iter("h1")), "")
    candidates.append((heading, "the page's first <h1>") if heading and heading != site else None)
    title = " ".join((tree.findtext(".//title") or "").split())
    candidates.append((title, "the page's <title>") if title else None)
    for value, origin in filter(None, candidates):
        cut = _without_site(value, site)
        if cut != value:
            origin += ", without the site's name beside it"
        found.set("title", cut, origin, PROBABLE)
        if "title" in found.fields:
            return


def _without_site(title: str, site: str | None) -> str:
    if not site:
        return title
    for separator in _SEPARATORS:
        if title.casefold().endswith((separator + site).casefold()):
            return title[: -len(separator + site)].strip() or title
        if title.casefold().startswith((site + separator).casefold()):
            return title[len(site + separator):].strip() or title
    return title


def _authors(found: Extracted, tree, doc, html: str) -> None:
    """From the page's author metadata (every citation_author), else the byline that
    main-text detection read (each name as the page writes it: it drops the dot of 'Jane Q.')."""
    check = "the split into given and family name is intake's"
    cited = [(" ".join((m.get("content") or "").split()), m.get("name")) for m in tree.iter("meta")
             if (m.get("name") or "").lower() == "citation_author"]
    if [name for name, _ in cited if name]:
        found.set("author", [person(name) for name, _ in cited if name],
                  f"the page's <meta name=\"{cited[0][1]}\">", PROBABLE, check)
        return
    meta = _meta(tree, *_AUTHOR_META[1:])
    if meta and "://" not in meta[0]:
        found.set("author", names(meta[0]), meta[1], PROBABLE, check)
        return
    byline = []
    for name in (doc.author if doc and doc.author else "").split(";"):
        words = name.split()
        if words:
            pattern = r"\W{0,3}".join(re.escape(w) for w in words) + r"\.?"
            written = re.search(r"(?<!\w)" + pattern + r"(?!\w)", html)
            byline.append(person(written.group() if written else name))
    found.set("author", byline, "the page's byline, as main-text detection (trafilatura) read "
              "it", PROBABLE, check)


def date(found: Extracted, tree, url) -> None:
    """The date from the page's date markup (sure), else a guess: a whole date found in its
    text, else the date in its address, else what the text gives of a year and month
    (htmldate writes the 1st for a month it found without a day, and 1 January for a bare
    year, as in a copyright line: those are cut back to what was found)."""
    from htmldate import find_date

    text = _without_code(tree)
    marked = find_date(text, extensive_search=False, original_date=True)
    if marked:
        found.set("issued", _parts(marked), _date_origin(text, marked[:10]), SURE)
        return
    check = "the page's metadata gives no date: check it against the page"
    guessed = find_date(text, extensive_search=True, original_date=True)
    parts = _parts(guessed) if guessed else None
    in_address = _URL_DATE.search(url.value) if url else None
    origin = "date detection (htmldate) in the page's text"
    if parts and parts[2] != 1:
        found.set("issued", parts, origin, GUESSED, check)
    elif in_address:
        found.set("issued", [int(p) for p in in_address.groups() if p], "the page's address",
                  GUESSED, check)
    elif parts:
        found.set("issued", parts[:1] if parts[1] == 1 else parts[:2], origin, GUESSED, check)


def _without_code(tree):
    """The page without its stylesheets and scripts (JSON-LD kept); comments are already
    left out by the parser."""
    text = copy.deepcopy(tree)
    for element in list(text.iter("style", "script", "noscript", "template")):
        if not (element.tag == "script" and (element.get("type") or "").lower() == _LD_JSON):
            element.drop_tree()
    return text


def _date_origin(tree, day: str) -> str:
    """Which element of the page's markup gives the date ``YYYY-MM-DD``, in words."""
    for element in tree.iter("meta"):
        if day in (element.get("content") or ""):
            attribute = next((a for a in ("name", "property", "itemprop") if element.get(a)), "")
            if attribute:
                return f"the page's <meta {attribute}=\"{element.get(attribute)}\">"
    for element in tree.iter("time"):
        if day in (element.get("datetime") or ""):
            return "the page's <time datetime>"
    for element in tree.iter("script"):
        if day in (element.text or ""):
            return "the page's JSON-LD" + (" datePublished" if "datePublished" in element.text
                                           else "")
    return "the page's date markup, as date detection (htmldate) read it"


def _parts(iso: str) -> list[int]:
    return [int(p) for p in iso[:10].split("-")]
