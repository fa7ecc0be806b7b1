"""The briefing's typefaces: the bundled font files, for print (as they are) and screen (WOFF2).

Both editions set the same two families, "Briefing Serif" and "Briefing Sans", from the
font packages the project depends on. The PDF embeds the OpenType files; the web edition
loads WOFF2 copies from ``build/fonts/``, which ``write_woff2`` makes with fontTools.
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from . import atomic
from .paths import Project, font_dirs, font_file

#: Font families of the briefing, from the bundled packages: CSS family -> {(weight, style): file}
FONTS = {
    "Briefing Serif": {
        ("400", "normal"): "SourceSerifPro-Regular.otf",
        ("400", "italic"): "SourceSerifPro-It.otf",
        ("600", "normal"): "SourceSerifPro-Semibold.otf",
        ("700", "normal"): "SourceSerifPro-Bold.otf",
        ("700", "italic"): "SourceSerifPro-BoldIt.otf",
    },
    "Briefing Sans": {
        ("400", "normal"): "SourceSansPro-Regular.otf",
        ("400", "italic"): "SourceSansPro-It.otf",
        ("600", "normal"): "SourceSansPro-Semibold.otf",
        ("700", "normal"): "SourceSansPro-Bold.otf",
    },
}
#: The fonts' own family names, which the charts' SVG text names (see charts.setup): the PDF
#: declares them too, so that the charts' text is set in the same bundled files.
CHART_FONTS = {"Source Serif Pro": FONTS["Briefing Serif"], "Source Sans Pro": FONTS["Briefing Sans"]}
#: The web edition's name of each chart font family: a chart written into the page
#: (briefing.chartsvg) names the families the page loads.
WEB_FAMILIES = {chart: web for chart, faces in CHART_FONTS.items()
                for web, same in FONTS.items() if same is faces}
WEB_FOLDER = "fonts"  # under build/, where the web edition finds its fonts
#: fontTools compresses WOFF2 at brotli's slowest quality, 11: 1.3 s a face, 12 s for the
#: nine of a clean build. Quality 9 takes 0.05 s a face for files 10% larger.
BROTLI_QUALITY = 9


def web_fonts() -> list[str]:
    """The file names of the web edition's fonts under build/fonts/, sorted."""
    return sorted(woff2_name(name) for faces in FONTS.values() for name in faces.values())


def woff2_name(otf_name: str) -> str:
    return PurePosixPath(otf_name).with_suffix(".woff2").name


def write_woff2(project: Project, name: str) -> None:
    """``build/fonts/<name>`` from the bundled OpenType file of the same stem.

    The same font file, fontTools and brotli give the same bytes: the font's own 'modified'
    date is kept (not set to the clock), and brotli compresses deterministically.
    """
    import brotli
    from fontTools.ttLib import TTFont, woff2

    class Brotli:  # what fontTools' WOFF2 writer calls, at BROTLI_QUALITY
        MODE_FONT, MODE_TEXT = brotli.MODE_FONT, brotli.MODE_TEXT
        decompress = staticmethod(brotli.decompress)

        @staticmethod
        def compress(data, mode=brotli.MODE_GENERIC):
            return brotli.compress(data, mode=mode, quality=BROTLI_QUALITY)

    otf = font_file(PurePosixPath(name).with_suffix(".otf").name)
    font = TTFont(str(otf), recalcTimestamp=False)
    font.flavor = "woff2"
    data = io.BytesIO()
    original, woff2.brotli = woff2.brotli, Brotli
    try:
        font.save(data, reorderTables=True)
    finally:
        woff2.brotli = original
    atomic.write_bytes(project.build / WEB_FOLDER / name, data.getvalue())


def web_font_face_css() -> str:
    """@font-face rules for the web edition, pointing at ``fonts/<name>.woff2`` beside the page."""
    return font_face_css(FONTS, lambda name: f'url("{WEB_FOLDER}/{woff2_name(name)}") format("woff2")',
                         display="swap")


def print_font_face_css() -> str:
    """@font-face rules for the PDF, pointing at the bundled font files, the charts' too."""
    files = {p.name: p for folder in font_dirs() for p in folder.iterdir()}
    return font_face_css(FONTS | CHART_FONTS, lambda name: f'url("{files[name].as_uri()}")')


def font_face_css(families: dict, src, display: str | None = None) -> str:
    """One @font-face rule per face of ``families`` (family -> {(weight, style): file name}),
    its source ``src(file name)``; ``display``, the font-display of each, if given."""
    shown = f"font-display: {display}; " if display else ""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'{shown}src: {src(name)}; }}'
        for family, faces in families.items() for (weight, style), name in sorted(faces.items()))
