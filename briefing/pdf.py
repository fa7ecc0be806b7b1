"""Render the HTML into a PDF edition with WeasyPrint: fonts bundled, fetches restricted."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
import os

from . import atomic
from .fetcher import FetchRefused, RestrictedFetcher
from .fonts import FONTS
from .paths import EDITIONS, Project, font_dirs


class RenderError(Exception):
    """A render that must fail the task, with a message for people."""


def font_face_css() -> str:
    """@font-face rules pointing at the bundled font files."""
    files = {p.name: p for folder in font_dirs() for p in folder.iterdir()}
    rules = []
    for family, faces in FONTS.items():
        for (weight, style), name in sorted(faces.items()):
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'font-style: {style}; src: url("{files[name].as_uri()}"); }}')
    return "\n".join(rules)


def render_pdf(project: Project, edition: str) -> None:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    size, _ = EDITIONS[edition]
    _patch_footnotes()
    _fix_timestamps(project)
    fetcher = RestrictedFetcher([project.templates, project.build, *font_dirs()])
    problems = _LogCapture()
    try:
        with problems:
            fonts = FontConfiguration()
            html = HTML(filename=str(project.html), url_fetcher=fetcher)
            stylesheets = [
                CSS(string=font_face_css(), url_fetcher=fetcher, font_config=fonts),
                CSS(filename=str(project.templates / "print.css"), url_fetcher=fetcher,
                    font_config=fonts),
                CSS(string=f"@page {{ size: {size}; }}"),
            ]
            document = html.render(stylesheets=stylesheets, font_config=fonts,
                                   pdf_variant="pdf/ua-1", pdf_tags=True)
            if _misplaced_notes(document):  # rare: see _misplaced_notes
                stylesheets.append(CSS(string=".footnote { footnote-policy: auto; }"))
                document = html.render(stylesheets=stylesheets, font_config=fonts,
                                       pdf_variant="pdf/ua-1", pdf_tags=True)
                if missing := _misplaced_notes(document):
                    raise RenderError(f"footnote {missing[0]} could not be placed on a page")
            pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True,
                                     pdf_identifier=_identifier(project, edition))
    except FetchRefused as exc:
        raise RenderError(str(exc)) from None
    if fetcher.refused:
        raise RenderError(f"refused to fetch {fetcher.refused[0]}")
    if problems.messages:
        raise RenderError(problems.messages[0])
    atomic.write_bytes(project.pdf(edition), pdf)


def _fix_timestamps(project: Project) -> None:
    """Font subsets carry a 'modified' time: make it the edition date, not the clock.

    fontTools, which WeasyPrint subsets fonts with, reads SOURCE_DATE_EPOCH.
    """
    document = json.loads(project.content_json.read_text(encoding="utf-8"))["document"]
    day = datetime.date.fromisoformat(document["date"])
    epoch = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))


def _identifier(project: Project, edition: str) -> bytes:
    """The PDF's /ID from what it is made of, not from where or when it was made."""
    digest = hashlib.sha256(project.html.read_bytes() + edition.encode())
    return digest.hexdigest()[:32].encode()


def _misplaced_notes(document) -> list[str]:
    """Notes not printed exactly once, after their call, by their text (empty when all is well).

    print.css asks for ``footnote-policy: line`` (a note that does not fit moves to the
    next page with the line that calls it, rather than leaving its call behind). In rare
    layouts WeasyPrint 70 then drops a note; the render is checked, and redone with the
    default policy (the note may follow its call by a page) if it happened.
    """
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    called, printed = [], []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, FootnoteAreaBox):
                printed += [child.element for child in box.children]
            elif box.footnote is not None:
                called.append(box.footnote.element)
    wrong = [e for e in called if printed.count(e) != 1] + [e for e in printed if e not in called]
    return [" ".join("".join(e.itertext()).split())[:60] for e in wrong]


@functools.cache
def _patch_footnotes() -> None:
    """Work around two footnote bugs of WeasyPrint 70 that lose or move notes.

    1. ``LayoutContext._update_footnote_area`` compares float positions exactly, so a note
       that fits is sometimes taken to overflow and is carried over to the next page.
    2. When target-counter() makes WeasyPrint lay out some pages a second time, a page is
       remade without the notes that the page before it carried over to it (they are lost,
       or printed twice), and remaking the last page when it carries notes over raises
       IndexError. The notes each page receives are recorded and given back when it is
       remade, and a page that must take carried notes is always made.

    Only WeasyPrint 70 is patched; the tests of the PDF check that every note is printed
    once, on the page of its call, so a later version that needs the same is noticed.
    """
    from math import inf

    import weasyprint
    from weasyprint.formatting_structure.build import create_anonymous_boxes
    from weasyprint.layout import LayoutContext
    from weasyprint.layout import page as pages
    from weasyprint.layout.block import block_level_layout

    if weasyprint.__version__.split(".")[0] != "70":
        return
    original_remake = pages.remake_page

    def update_footnote_area(self):  # upstream's method, with a tolerance on the comparison
        area = self.current_footnote_area
        if area.height != "auto" and not self.in_column:
            self.page_bottom += area.margin_height()
        area.children = self.current_page_footnotes
        if not area.children:
            area.height = 0
            if not self.in_column:
                self.page_bottom -= area.margin_height()
            return False
        laid_out = block_level_layout(self, create_anonymous_boxes(area.deepcopy()), -inf,
                                      None, area.page)[0]
        area.height = laid_out.height
        if not self.in_column:
            self.page_bottom -= laid_out.margin_height()
        last = laid_out.children[-1]
        last_bottom = last.position_y + last.margin_height() - last.margin_bottom
        area_bottom = laid_out.position_y + laid_out.margin_height() - laid_out.margin_bottom
        return last_bottom > area_bottom + 1e-6

    def remake_page(index, context, root_box, html):
        carried = context.__dict__.setdefault("_briefing_carried", {})
        if index in carried:
            context.reported_footnotes = list(carried[index])
        page, resume_at = original_remake(index, context, root_box, html)
        carried[index + 1] = list(context.reported_footnotes)
        if context.reported_footnotes:
            context.page_maker[index + 1][-1]["content_changed"] = True
        return page, resume_at

    LayoutContext._update_footnote_area = update_footnote_area
    pages.remake_page = remake_page


class _LogCapture(logging.Handler):
    """Collect WeasyPrint's error logs (a missing image, a CSS error): they fail the build."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())

    def __enter__(self):
        logging.getLogger("weasyprint").addHandler(self)
        return self

    def __exit__(self, *exc):
        logging.getLogger("weasyprint").removeHandler(self)
