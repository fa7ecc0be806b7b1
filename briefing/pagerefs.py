"""Page references ("p. 12", the contents' numbers) without WeasyPrint's second layout pass.

print.css asks for ``target-counter(attr(href), page)``. WeasyPrint resolves it by laying
pages out, then laying out again every page whose references changed: about twice the
work. Instead, the page of every referenced anchor is kept from the previous render of the
edition (``build/.pages-<edition>.json``) and printed as plain text, by rules made from
print.css's own: ``.evref::after { content: " (p. " target-counter(attr(href), page) ")" }``
becomes, for each referenced anchor, ``.evref[href="#ev-x"]::after { content: " (p. " "12"
")" }``. After the render the anchors' actual pages are read back; if any moved, the pages
are rendered again with the numbers just found, until they agree (``render_checked``). So
every number printed is the page its anchor lands on, whatever was kept before.
"""

from __future__ import annotations

import json
import re

from . import atomic

#: the reference form that is replaced, as print.css writes it
TARGET_PAGE = "target-counter(attr(href), page)"
_HREF = re.compile(r'href="#([^"]+)"')
#: renders with kept numbers before giving up on them for target-counter() itself
ATTEMPTS = 3


def referenced(html: str) -> list[str]:
    """The anchors that links of the HTML point to, in order of first reference."""
    return list(dict.fromkeys(_HREF.findall(html)))


def load(path) -> dict[str, int]:
    try:
        return {str(k): int(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def save(path, pages: dict[str, int]) -> None:
    atomic.write_json(path, dict(sorted(pages.items())))


def page_rules(css: str) -> list[tuple[str, str]]:
    """Rules of a stylesheet that print target pages: (selector, content value), in order."""
    import tinycss2

    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                           skip_whitespace=True):
            if declaration.type != "declaration" or declaration.lower_name != "content":
                continue
            value = tinycss2.serialize(declaration.value).strip()
            if TARGET_PAGE in value:
                for selector in tinycss2.serialize(rule.prelude).split(","):
                    rules.append((selector.strip(), value))
    return rules


def numbers_css(rules: list[tuple[str, str]], pages: dict[str, int], anchors: list[str]) -> str:
    """Rules printing each anchor's page as text, overriding the target-counter() ones."""
    out = []
    for selector, value in rules:
        element, pseudo = _split_pseudo(selector)
        for anchor in anchors:
            if anchor in pages:
                page = _css_string(str(pages[anchor]))
                out.append(f'{element}[href="#{_css_escape(anchor)}"]{pseudo} '
                           f'{{ content: {value.replace(TARGET_PAGE, page)}; }}')
    return "\n".join(out)


def anchor_pages(document) -> dict[str, int]:
    """The page (from 1) where each anchor of a rendered document lands."""
    found = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def render_checked(render, rules, kept: dict[str, int], anchors: list[str]):
    """Render with kept page numbers until every printed number is true.

    ``render(css)`` lays the document out with ``css`` added. Returns the document and the
    anchors' pages, or ``(None, pages)`` when the numbers did not settle (the caller then
    renders with target-counter() itself).
    """
    pages = {a: kept.get(a, 1) for a in anchors}
    found = {}
    for _ in range(ATTEMPTS):
        document = None  # the last attempt's pages go before the next are laid out
        document = render(numbers_css(rules, pages, anchors))
        found = anchor_pages(document)
        actual = {a: found[a] for a in anchors if a in found}
        if actual == {a: pages[a] for a in actual}:
            return document, found
        pages.update(actual)
    return None, found


def _split_pseudo(selector: str) -> tuple[str, str]:
    """``.toc a::after`` -> (``.toc a``, ``::after``); no pseudo-element -> (selector, '')."""
    at = selector.find("::")
    return (selector, "") if at < 0 else (selector[:at], selector[at:])


def _css_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _css_string(text: str) -> str:
    return f'"{_css_escape(text)}"'
