"""Figures and pull quotes placed as a typesetter places floats: the text flows on first.

WeasyPrint has no page floats. A figure (or a pull quote) kept whole that does not fit in
what is left of a page goes to the next page and leaves the rest of this one blank. Here
such a block is moved, in the document tree, after the paragraphs that follow it in its
section, as many as fill the blank: the text flows on, and the block lands at the top of
the next page, after the paragraph that crosses the break (as a LaTeX float would).

A move is decided from a layout, and checked against the next: the block belongs right
after the first of its followers that ends past the page where its predecessor ends. That
rule gives the same answer from any layout that already has the block past that break, so
a move kept from the last build (``build/.pages-<edition>.json``) is confirmed by one
render, and a clean build and an edited one agree. The first decision, from a layout that
has the block before its followers, is an estimate from their heights and their notes'.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import pagefill


@dataclass
class _Block:
    key: str  # the figure's id, or "pullquote-<section id>"
    element: object
    section: object
    before: object  # the element printed just before it in the template's order
    followers: list  # the paragraphs after it in its section, in order


class Placement:
    """The movable blocks of a document tree, with the moves applied to the tree."""

    def __init__(self, root, moved: dict[str, int]):
        self.blocks = list(_blocks(root))
        self.moved: dict[str, int] = {}
        for block in self.blocks:
            self._move(block, min(max(int(moved.get(block.key, 0)), 0), len(block.followers)))

    def revise(self, document, fills: list[pagefill.PageFill]) -> bool:
        """Set each move as this layout (whose page fills are ``fills``) says it should be;
        whether any changed."""
        layout = _Layout(document, fills, [e for b in self.blocks
                                           for e in (b.element, b.before, *b.followers)])
        changed = False
        for block in self.blocks:
            wanted = _wanted(block, self.moved.get(block.key, 0), layout)
            if wanted != self.moved.get(block.key, 0):
                self._move(block, wanted)
                changed = True
        return changed

    def _move(self, block: _Block, after: int) -> None:
        anchor = block.followers[after - 1] if after else block.before
        block.section.remove(block.element)
        block.section.insert(list(block.section).index(anchor) + 1, block.element)
        if after:
            self.moved[block.key] = after
        else:
            self.moved.pop(block.key, None)


def _blocks(root):
    for section in root.iter("section"):
        children = list(section)
        for i, child in enumerate(children):
            classes = (child.get("class") or "").split()
            if i and (child.tag == "figure" or "pullquote" in classes):
                key = child.get("id") or f"pullquote-{section.get('id')}"
                followers = []
                for later in children[i + 1:]:
                    if later.tag != "p":
                        break
                    followers.append(later)
                if followers:
                    yield _Block(key, child, section, children[i - 1], followers)


class _Layout:
    """Where the blocks and the paragraphs around them lie in a rendered document: first and
    last page, height (all pages summed), and the height of each note."""

    def __init__(self, document, fills: list[pagefill.PageFill], elements):
        from weasyprint.formatting_structure.boxes import BlockLevelBox, FootnoteAreaBox

        wanted = {id(e) for e in elements}
        self.fills = fills
        self.page_height = [page._page_box.height for page in document.pages]
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.height: dict[int, float] = {}
        self.notes_height: dict[int, float] = {}
        for number, page in enumerate(document.pages, 1):
            for box in page._page_box.descendants():
                if isinstance(box, FootnoteAreaBox):
                    for note in box.children:
                        self.notes_height[id(note.element)] = note.margin_height()
                elif (isinstance(box, BlockLevelBox) and id(box.element) in wanted
                      and box.element_tag == box.element.tag):
                    key = id(box.element)
                    self.first.setdefault(key, number)
                    self.last[key] = number
                    self.height[key] = self.height.get(key, 0) + box.margin_height()


def _wanted(block: _Block, moved: int, layout: _Layout) -> int:
    """After how many of its followers the block belongs, by this layout."""
    before = id(block.before)
    if before not in layout.last or id(block.element) not in layout.first:
        return moved
    page = layout.last[before]  # the page where the text before the block ends
    if layout.first[id(block.element)] <= page:
        return moved  # it is on that page: it fitted
    if moved:  # already past the break: after the first follower that crosses it
        for n, follower in enumerate(block.followers[:moved], 1):
            if layout.last.get(id(follower), 0) > page:
                return n
        return moved
    fill = layout.fills[page - 1]
    if not fill.gap:
        return 0
    space = fill.empty * layout.page_height[page - 1]
    filled = 0.0
    for n, follower in enumerate(block.followers, 1):
        filled += layout.height.get(id(follower), 0) + sum(
            layout.notes_height.get(id(e), 0) for e in follower.iter()
            if "footnote" in (e.get("class") or "").split())
        if filled > space:
            return n
    return len(block.followers)
