"""Render the HTML into a PDF edition with WeasyPrint: fonts bundled, fetches restricted."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import sys

from . import atomic, attachments, collector, compat, evidence, pagefill, pagerefs, placement, weasypatches
from .fetcher import FetchRefused, RestrictedFetcher
from .fonts import print_font_face_css
from .paths import EDITIONS, Project, font_dirs
from .progress import Progress


class RenderError(Exception):
    """A render that must fail the task, with a message for people."""


def render_edition(root: str, edition: str) -> str | None:
    """The ``pdf`` task's work, in this process: None when the edition was written, else
    why not, in one line for people."""
    try:
        render_pdf(Project.at(root), edition)
    except RenderError as exc:
        return f"PDF not written, the last good one is kept: {exc}"
    return None


def render_pdf(project: Project, edition: str) -> None:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    size, _ = EDITIONS[edition]
    weasypatches.patch_weasyprint()
    _fix_timestamps(project)
    fetcher = RestrictedFetcher([project.templates, project.build, *font_dirs()])
    problems = _LogCapture()
    print_css = project.templates / "print.css"
    _warn_without_harfbuzz_subset(edition)
    source = project.html.read_bytes()
    text = source.decode("utf-8")
    try:
        attached = evidence.gather(project)
    except evidence.EvidenceError as exc:
        raise RenderError(str(exc)) from None
    try:
        with problems, collector.paused(), Progress(edition) as progress:
            fonts = FontConfiguration()
            html = HTML(string=text, base_url=str(project.html), url_fetcher=fetcher)
            _drop_screen_only(html.etree_element)
            stylesheets = [
                CSS(string=print_font_face_css(), url_fetcher=fetcher, font_config=fonts),
                CSS(filename=str(print_css), url_fetcher=fetcher, font_config=fonts),
                CSS(string=f"@page {{ size: {size}; }}"),
            ]

            def render(*extra):
                with pagerefs.starting_from(kept):
                    return html.render(stylesheets=[*stylesheets, *extra], font_config=fonts,
                                       pdf_variant="pdf/ua-1", pdf_tags=True)

            kept, moved = pagerefs.load(project.page_numbers(edition))
            placed = placement.Placement(html.etree_element, moved)
            document = render()
            fills = pagefill.measure(document)
            for _ in range(2):  # a block moved; then set right, if the move was an estimate
                if not placed.revise(document, fills):
                    break
                kept = pagerefs.anchor_pages(document)
                document = render()
                fills = pagefill.measure(document)
            if compat.applied("footnote-policy-fallback") and _misplaced_notes(document):
                for retry in _FOOTNOTE_RETRIES:
                    kept = pagerefs.anchor_pages(document)
                    document = render(CSS(string=retry))
                    if not (missing := _misplaced_notes(document)):
                        break
                else:
                    raise RenderError(f"footnote {missing[0]} could not be placed on a page")
                fills = pagefill.measure(document)
            pages = pagerefs.anchor_pages(document)
            gaps = pagefill.gap_warnings(fills,
                                         project.relative(project.pdf(edition)), size)
            pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True,
                                     pdf_identifier=_identifier(source, edition),
                                     attachments=attachments.attachments(attached),
                                     finisher=attachments.finisher(attached))
            progress.done()
    except FetchRefused as exc:
        raise RenderError(str(exc)) from None
    if fetcher.refused:
        raise RenderError(f"refused to fetch {fetcher.refused[0]}")
    if problems.messages:
        raise RenderError(problems.messages[0])
    atomic.write_bytes(project.pdf(edition), pdf)
    sys.stderr.write("".join(f"{gap}\n" for gap in gaps))
    anchors = pagerefs.referenced(text)
    pagerefs.save(project.page_numbers(edition), {a: pages[a] for a in anchors if a in pages},
                  placed.moved)


def _drop_screen_only(root) -> None:
    """Take out what print.css hides (``.screen-only``: the web edition's notes lists), so
    that WeasyPrint does not parse styles for a third of the document only to hide it."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in [e for e in root.iter() if "screen-only" in (e.get("class") or "").split()]:
        parents[element].remove(element)


def _warn_without_harfbuzz_subset(edition: str) -> None:
    """One line, from the first edition only, when WeasyPrint must subset fonts with fontTools.

    WeasyPrint itself would warn once per font and edition; its warnings are dropped
    (``_LogCapture``) in favour of this one.
    """
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is None and edition == next(iter(EDITIONS)):
        sys.stderr.write("warning: HarfBuzz-Subset is not installed (Debian: apt-get install "
                         "libharfbuzz-subset0): fonts are subset with fontTools, several seconds "
                         "slower, and the PDF bytes differ from a machine that has it\n")
        sys.stderr.flush()


def _fix_timestamps(project: Project) -> None:
    """Font subsets carry a 'modified' time: make it the edition date, not the clock.

    fontTools, which WeasyPrint subsets fonts with, reads SOURCE_DATE_EPOCH.
    """
    document = json.loads(project.content_json.read_text(encoding="utf-8"))["document"]
    day = datetime.date.fromisoformat(document["date"])
    epoch = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))


def _identifier(source: bytes, edition: str) -> bytes:
    """The PDF's /ID from what it is made of, not from where or when it was made."""
    digest = hashlib.sha256(source + edition.encode())
    return digest.hexdigest()[:32].encode()


#: The layouts tried, one after the other, when a render drops a note anyway: the default
#: footnote policy (the note may follow its call by a page), then the print policy with
#: paragraphs kept three lines together at a page break, which moves the breaks. The drops
#: seen so far (a note called by a line kept on its page by carrying earlier notes over)
#: are answered by the patch ``notes-of-a-kept-line``; this is the net under it.
_FOOTNOTE_RETRIES = (".footnote { footnote-policy: auto; }", "p { orphans: 3; widows: 3; }")


def _misplaced_notes(document) -> list[str]:
    """Notes not printed exactly once, after their call, by their text (empty when all is well).

    print.css asks for ``footnote-policy: line`` (a note that does not fit moves to the
    next page with the line that calls it, rather than leaving its call behind). WeasyPrint
    70 drops a note in some layouts (patched: ``notes-of-a-kept-line``); every render is
    checked all the same, and redone with each layout of ``_FOOTNOTE_RETRIES`` in turn
    until none is dropped. Registered in briefing.compat as the patch
    ``footnote-policy-fallback``: it is written against WeasyPrint 70's footnote code.
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


class _LogCapture(logging.Handler):
    """Collect WeasyPrint's error logs (a missing image, a CSS error): they fail the build.

    Its warning that fonts are subset with fontTools is dropped while it is attached
    (``_warn_without_harfbuzz_subset`` says it once).
    """

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())

    @staticmethod
    def _not_fonttools_notice(record) -> bool:
        return not record.getMessage().startswith("Using fontTools instead of HarfBuzz-Subset")

    def __enter__(self):
        logger = logging.getLogger("weasyprint")
        logger.addHandler(self)
        logger.addFilter(self._not_fonttools_notice)
        return self

    def __exit__(self, *exc):
        logger = logging.getLogger("weasyprint")
        logger.removeHandler(self)
        logger.removeFilter(self._not_fonttools_notice)
