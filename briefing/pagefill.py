"""How full each printed page is: the blank left in the text block mid-part (``print.gap``).

A typesetter fills every page of a part to its foot; a page may end short only where the
part ends, before a forced page break (print.css ``break-before: page`` or
``break-after: page``), or at the end of the document. Measured on the laid-out document
the PDF is drawn from (WeasyPrint's boxes, the same positions the PDF prints), so that it
costs milliseconds, not another reading of the PDF: the lowest text line, image or rule
of the page's flow against the top of its footnote area (the notes count as content), or
the text block's bottom when it has no notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, Location

#: A page mid-part may leave at most this share of its text block blank.
GAP_LIMIT = 0.2
_FORCED = {"page", "left", "right", "recto", "verso"}


@dataclass(frozen=True)
class PageFill:
    number: int  # from 1
    empty: float  # share of the text block left blank between the flow and the notes
    ends_part: bool  # a forced page break (or the document's end) follows the page

    @property
    def gap(self) -> bool:
        return not self.ends_part and self.empty > GAP_LIMIT


def measure(document) -> list[PageFill]:
    """The fill of each page of a rendered WeasyPrint document."""
    pages = [page._page_box for page in document.pages]
    ends = _part_ends(pages)
    return [PageFill(number, round(_empty(page), 3), number in ends)
            for number, page in enumerate(pages, 1)]


def gap_warnings(fills: list[PageFill], pdf_name: str, size: str) -> list[Diagnostic]:
    """One warning for each page left more than ``GAP_LIMIT`` blank mid-part."""
    return [Diagnostic(Location(pdf_name), "warning",
                       f"page {fill.number} of the {size[:1].upper()}{size[1:]} edition is "
                       f"{fill.empty:.0%} blank above its foot, mid-part", "print.gap")
            for fill in fills if fill.gap]


def _empty(page) -> float:
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, MarginBox

    top = page.content_box_y()
    foot = top + page.height
    bottom = top
    for child in page.children:
        if isinstance(child, FootnoteAreaBox):
            if child.children:
                foot = min(foot, child.position_y)
        elif not isinstance(child, MarginBox):
            bottom = max(bottom, _content_bottom(child, top))
    return max(0.0, foot - bottom) / page.height


def _content_bottom(box, bottom: float) -> float:
    """The lowest printed line, image or bottom rule inside ``box``."""
    from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

    stack = [box]
    while stack:
        box = stack.pop()
        if isinstance(box, (LineBox, ReplacedBox)):
            bottom = max(bottom, box.position_y + box.margin_height())
            continue
        if getattr(box, "border_bottom_width", 0):
            bottom = max(bottom, box.border_box_y() + box.border_height())
        stack.extend(getattr(box, "children", ()))
    return bottom


def _part_ends(pages) -> set[int]:
    """The pages after which a forced page break falls, and the last page."""
    first, last, before, after = {}, {}, set(), set()
    for number, page in enumerate(pages, 1):
        for box in page.descendants():
            if box.element is None or not box.element_tag:
                continue
            key = (box.element, box.element_tag)  # an element's boxes (anonymous ones too)
            first.setdefault(key, number)
            last[key] = number
            if box.style["break_before"] in _FORCED:
                before.add(key)
            if box.style["break_after"] in _FORCED:
                after.add(key)
    return ({len(pages)} | {first[key] - 1 for key in before if first[key] > 1}
            | {last[key] for key in after})
