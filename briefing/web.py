"""The web edition's own parts: its inline stylesheet and script, its Content-Security-Policy,
and the single-file edition ``build/briefing-standalone.html``.

The page carries its stylesheet (``templates/screen.css`` after the @font-face rules of the
bundled fonts) and its script (``templates/web.js``) inline, and a Content-Security-Policy
that allows exactly those two by their SHA-256 digests: no other script or style runs, none
from content (which is escaped text anyway) and none from another host. Images and fonts
come from beside the page (``'self'``); in the single-file edition they are ``data:`` URLs.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from markupsafe import Markup

from . import atomic
from .fonts import web_font_face_css
from .paths import Project

STANDALONE = "briefing-standalone.html"
SCRIPT = "web.js"
STYLESHEET = "screen.css"

#: The page's inline elements; content cannot make one, since every value is escaped.
_INLINE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1>", re.DOTALL)
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_FIGURE_SRC = re.compile(r'<img src="(figures/[^"/]+\.svg)"')
_FONT_URL = re.compile(r'url\("(fonts/[^"/]+\.woff2)"\)')
MEDIA_TYPES = {".svg": "image/svg+xml", ".woff2": "font/woff2"}


def page_assets(project: Project) -> dict[str, Markup]:
    """What base.html.j2 writes inline: the screen stylesheet and the page's script."""
    css = (project.templates / STYLESHEET).read_text(encoding="utf-8")
    script = (project.templates / SCRIPT).read_text(encoding="utf-8")
    return {"screen_css": Markup(web_font_face_css() + "\n" + css), "web_js": Markup(script)}


def policy(html: str, images: str = "'self'", fonts: str = "'self'") -> str:
    """The Content-Security-Policy that allows the page's inline scripts and styles, no other."""
    digests: dict[str, list[str]] = {"script": [], "style": []}
    for match in _INLINE.finditer(html):
        digest = base64.b64encode(hashlib.sha256(match.group(2).encode("utf-8")).digest())
        digests[match.group(1)].append(f"'sha256-{digest.decode('ascii')}'")
    scripts = " ".join(dict.fromkeys(digests["script"])) or "'none'"
    styles = " ".join(dict.fromkeys(digests["style"])) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src {styles}; "
            f"img-src {images}; font-src {fonts}; base-uri 'none'; form-action 'none'")


def seal(html: str, images: str = "'self'", fonts: str = "'self'") -> str:
    """The page with its Content-Security-Policy meta filled in (base.html.j2 has one, empty)."""
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            f'{policy(html, images, fonts)}">')
    sealed, count = _CSP_META.subn(lambda _: meta, html, count=1)
    if not count:
        raise RuntimeError("the page template has no Content-Security-Policy meta to fill")
    return sealed


def write_standalone(project: Project) -> None:
    """``build/briefing-standalone.html``: the web edition with its charts and fonts inlined
    as ``data:`` URLs, so that it reads the same when sent or archived as one file."""
    html = project.html.read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        return match.group(0).replace(match.group(1), _data_url(project.build, match.group(1)))

    html = _FONT_URL.sub(inline, _FIGURE_SRC.sub(inline, html))
    atomic.write_text(project.build / STANDALONE, seal(html, images="data:", fonts="data:"))


def _data_url(build: Path, relative: str) -> str:
    path = (build / relative).resolve()
    if not path.is_relative_to(build.resolve()):
        raise RuntimeError(f"{relative} is outside build/")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{MEDIA_TYPES[path.suffix]};base64,{data}"
