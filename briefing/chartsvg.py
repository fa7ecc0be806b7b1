"""A chart's SVG written into the web edition itself, so that its text is set in the page's
fonts (an SVG shown with ``<img>`` cannot use them, and the browser's fallback font, wider
than the one matplotlib measured with, runs labels off the chart and under the bars).

The charts come from our own matplotlib code, but what goes into the page is checked as
if it did not: only drawing elements are kept (no script, ``foreignObject``, image, style
or metadata), no attribute that runs (``on*``) or styles (``style``, which the page's
Content-Security-Policy refuses), and no reference that leaves the chart (``href`` and
``url()`` only to ``#`` ids of the chart itself). Every id is prefixed, so that several
charts on one page keep theirs apart; the font families are the web edition's own
(``fonts.WEB_FAMILIES``), whose WOFF2 files are the same fonts matplotlib measured.
matplotlib's one style rule (``*{stroke-linejoin: round; stroke-linecap: butt}``), which
inline would style the whole page, is screen.css's, for the charts only.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from markupsafe import Markup

from .fonts import WEB_FAMILIES

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
#: What a chart draws with. Anything else (script, foreignObject, image, style, metadata)
#: is left out, with all it holds.
ELEMENTS = {"svg", "g", "defs", "path", "use", "text", "tspan", "clipPath", "pattern", "rect",
            "circle", "ellipse", "line", "polyline", "polygon", "linearGradient",
            "radialGradient", "stop", "mask", "marker", "symbol", "title", "desc"}
_URL = re.compile(r"url\(\s*([^)]*?)\s*\)")


def inline(svg: bytes, prefix: str, label: str) -> Markup:
    """The chart ``svg`` as markup for the page: an image (role="img") named ``label``."""
    ElementTree.register_namespace("", SVG_NS)
    root = ElementTree.fromstring(svg)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError("not an SVG document")
    _clean(root, prefix)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "chart")
    return Markup(ElementTree.tostring(root, encoding="unicode"))


def _clean(element, prefix: str) -> None:
    for name, value in list(element.attrib.items()):
        element.attrib.pop(name)
        kept = _attribute(name, value, prefix)
        if kept:
            element.set(*kept)
    for child in list(element):
        namespace, _, tag = child.tag.partition("}")
        if namespace != "{" + SVG_NS or tag not in ELEMENTS:
            element.remove(child)  # its tail is white space between elements
        else:
            _clean(child, prefix)


def _attribute(name: str, value: str, prefix: str) -> tuple[str, str] | None:
    """The attribute as it goes into the page, or None when it is left out."""
    if name == XLINK_HREF:
        name = "href"
    if name.startswith("{") or name.lower().startswith("on") or name in ("style", "class"):
        return None
    if name == "id":
        return name, prefix + value
    if name == "href":
        return (name, "#" + prefix + value[1:]) if value.startswith("#") else None
    if name == "font-family":
        return name, ", ".join(_family(f) for f in value.split(","))
    if "url(" in value:
        targets = _URL.findall(value)
        if not targets or not all(t.strip("'\"").startswith("#") for t in targets):
            return None
        return name, _URL.sub(lambda m: f"url(#{prefix}{m.group(1).strip(chr(39) + chr(34))[1:]})",
                              value)
    return name, value


def _family(family: str) -> str:
    name = family.strip().strip("'\"")
    web = WEB_FAMILIES.get(name)
    return f"'{web}'" if web else family.strip()
