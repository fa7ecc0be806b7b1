"""The web edition's own parts: its inline stylesheet and script, its Content-Security-Policy,
and the single-file edition ``build/briefing-standalone.html``.

The page carries its stylesheet (``templates/screen.css`` after the @font-face rules of the
bundled fonts) and its script (``templates/web.js``) inline, and a Content-Security-Policy
that allows them by their SHA-256 digests: no other script or style runs, none from content
(which is escaped text anyway) and none from another host. Of the inline scripts, only the
one ``page_assets`` handed to the template is allowed: another that a template (an override)
or a slip in one puts into the page does not run; a script that must run beside the page is
loaded as a file under a ``script-src`` that names it, as the live preview's is. Images and
fonts come from beside the page (``'self'``); in the single-file edition they are ``data:``
URLs.
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
#: A chart's file for print, beside the chart written into the page (templates/_section.html.j2):
#: the single file, which no PDF is made from, leaves it out rather than carry the chart twice.
_PRINT_FIGURE = re.compile(r'<img src="figures/[^"/]+\.svg" alt="[^"]*" class="print-only" '
                           r'loading="lazy">')
_FONT_URL = re.compile(r'url\("(fonts/[^"/]+\.woff2)"\)')
#: The download of the evidence (templates/_sources.html.j2), which the single file carries too.
_EVIDENCE_HREF = re.compile(r'<a href="(briefing-evidence\.zip)" download=')
MEDIA_TYPES = {".svg": "image/svg+xml", ".woff2": "font/woff2", ".zip": "application/zip"}


#: The scripts ``page_assets`` handed to a template in this process, as their text: the
#: inline scripts a page's policy allows when ``seal`` is not told which.
_HANDED_OUT: set[str] = set()


def page_assets(project: Project) -> dict[str, Markup]:
    """What base.html.j2 writes inline: the screen stylesheet and the page's script."""
    css = (project.templates / STYLESHEET).read_text(encoding="utf-8")
    script = engine_script(project)
    _HANDED_OUT.add(script.strip())
    return {"screen_css": Markup(web_font_face_css() + "\n" + css), "web_js": Markup(script)}


def engine_script(project: Project) -> str:
    return (project.templates / SCRIPT).read_text(encoding="utf-8")


def policy(html: str, images: str = "'self'", fonts: str = "'self'",
           scripts: set[str] | None = None) -> str:
    """The Content-Security-Policy that allows the page's inline styles and, of its inline
    scripts, those whose text is one of ``scripts`` (by default the engine's own)."""
    allowed = _HANDED_OUT if scripts is None else {script.strip() for script in scripts}
    digests: dict[str, list[str]] = {"script": [], "style": []}
    for match in _INLINE.finditer(html):
        if match.group(1) == "script" and match.group(2).strip() not in allowed:
            continue
        digest = base64.b64encode(hashlib.sha256(match.group(2).encode("utf-8")).digest())
        digests[match.group(1)].append(f"'sha256-{digest.decode('ascii')}'")
    scripts = " ".join(dict.fromkeys(digests["script"])) or "'none'"
    styles = " ".join(dict.fromkeys(digests["style"])) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src {styles}; "
            f"img-src {images}; font-src {fonts}; base-uri 'none'; form-action 'none'")


def seal(html: str, images: str = "'self'", fonts: str = "'self'",
         scripts: set[str] | None = None) -> str:
    """The page with its Content-Security-Policy meta filled in (base.html.j2 has one, empty)."""
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            f'{policy(html, images, fonts, scripts)}">')
    sealed, count = _CSP_META.subn(lambda _: meta, html, count=1)
    if not count:
        raise RuntimeError("the page template has no Content-Security-Policy meta to fill")
    return sealed


def write_standalone(project: Project) -> None:
    """``build/briefing-standalone.html``: the web edition with its fonts, the evidence
    download and any chart shown as an image inlined as ``data:`` URLs, so that it reads
    the same when sent or archived as one file."""
    html = project.html.read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        return match.group(0).replace(match.group(1), _data_url(project.build, match.group(1)))

    html = _FONT_URL.sub(inline, _FIGURE_SRC.sub(inline, _PRINT_FIGURE.sub("", html)))
    html = _EVIDENCE_HREF.sub(inline, html)
    atomic.write_text(project.build / STANDALONE, seal(html, images="data:", fonts="data:",
                                                      scripts={engine_script(project)}))


def _data_url(build: Path, relative: str) -> str:
    path = (build / relative).resolve()
    if not path.is_relative_to(build.resolve()):
        raise RuntimeError(f"{relative} is outside build/")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{MEDIA_TYPES[path.suffix]};base64,{data}"
