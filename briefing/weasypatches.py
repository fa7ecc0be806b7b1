"""Patches of WeasyPrint's layout and PDF output, each small enough to offer upstream.

Each patch says what upstream does wrong. briefing.compat records each one (what it
wraps, the versions and the digest of the upstream source it was written against, the
upstream report it answers) and applies it only where upstream is still that source;
docs/upstream/ holds the reports. The tests of the PDF (every note printed once, on the
page of its call) and of the patches themselves (tests/test_weasypatches.py, written in
the style of WeasyPrint's own layout tests) show the bug or the gain of each.

1. ``LayoutContext._update_footnote_area`` compares float positions exactly, so a note
   that fits is sometimes taken to overflow and is carried over to the next page.
2. When target-counter() makes WeasyPrint lay out some pages a second time, a page is
   remade without the notes that the page before it carried over to it (they are lost,
   or printed twice), and remaking the last page when it carries notes over raises
   IndexError. The notes each page receives are recorded and given back when it is
   remade, and a page that must take carried notes is always made.
3. Every time a note is added to a page, reported to the next or taken back, WeasyPrint
   lays out the whole footnote area again: all the notes of the page, line breaking
   included. A page of n notes costs n²/2 note layouts. A note's layout depends only on
   its own boxes, the area's width and the margins that adjoin it, not on where the area
   sits, so it is kept and moved into place: a page of n notes costs n layouts.
4. ``TargetCollector.cache_target_page_counters`` marks every page that refers to an anchor
   for a remake whenever any page counter of the anchor's page changes, even when the
   counter the reference prints did not (its own TODO calls this a brake): the total
   ``pages``, set after the first pass, changes for every anchor, so every page with a
   forward reference is laid out three times. And a reference laid out after its anchor
   has been placed is parsed again only once its page is made, so that page is laid out
   twice. Patched, a reference is parsed again only when a counter it prints changed, and
   at once when its page is not made yet: a page is remade only when its text changed.
5. ``compute_content_list`` files what a ``target-counter()`` misses under its anchor
   token, not its anchor's name, so a reference by ``attr(href)`` is filed under no anchor
   and ``cache_target_page_counters`` never finds it. Only a second slip hides this: the
   list of the box's own missing counters is rebound to the target's, so the reference
   seems to print its own page's ``page`` counter, and ``make_page`` parses it again and
   remakes its page in every pass, whether its text changed or not. Both lists are worked
   out again from the box's ``content``.
6. pydyf compresses every content stream at zlib's level 9 (its choice: the smallest
   files), which costs each edition 0.2 to 0.3 s of CPU (5 to 7% of an edited render)
   for a file 3% smaller. Streams are compressed at the default level.
7. When a line that does not fit is kept on its page by carrying earlier notes over to the
   next page (moving the line would leave fewer lines than ``orphans`` behind it),
   ``_linebox_layout`` keeps the line without laying out the notes it calls: their calls
   are printed and the notes never are. They are carried over too, after the notes carried
   over to make room for the line, so the notes keep their order.
"""

from __future__ import annotations

from . import compat

#: The upstream functions the patches wrap, by name (tests count calls through them).
UPSTREAM: dict = {}


def patch_weasyprint() -> set[str]:
    """Apply, once per process, the patches of WeasyPrint and pydyf that fit what is
    installed; the names of those in force."""
    return compat.apply("weasyprint") | compat.apply("pydyf")


@compat.patch("footnote-overflow-tolerance")
def _tolerant_overflow() -> None:
    """Patch 1. A copy of upstream's whole method, with a tolerance on the comparison:
    applied over an upstream that fixed the method, it would undo the fix, so it applies
    only while the method's source is the one it was copied from (briefing.compat)."""
    from math import inf

    from weasyprint.formatting_structure.build import create_anonymous_boxes
    from weasyprint.layout import LayoutContext
    from weasyprint.layout.block import block_level_layout

    def update_footnote_area(self):
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

    LayoutContext._update_footnote_area = update_footnote_area


@compat.patch("carried-notes-on-remake")
def _carried_notes_on_remake() -> None:
    from weasyprint.layout import page as pages

    original_remake = pages.remake_page

    def remake_page(index, context, root_box, html):
        carried = context.__dict__.setdefault("_briefing_carried", {})
        if index in carried:
            context.reported_footnotes = list(carried[index])
        page, resume_at = original_remake(index, context, root_box, html)
        carried[index + 1] = list(context.reported_footnotes)
        if context.reported_footnotes:
            context.page_maker[index + 1][-1]["content_changed"] = True
        return page, resume_at

    pages.remake_page = remake_page


@compat.patch("footnote-layout-kept")
def _footnote_layout_kept() -> None:
    """Patch 3: lay each footnote out once per width and adjoining margins, then move it.

    ``block_container_layout`` lays out each child through the module-level
    ``block_level_layout`` of ``weasyprint.layout.block``; the wrapper below answers for
    footnote boxes (``float: footnote``, laid out only inside the footnote area) from a
    cache kept on the layout context, and passes every other box on unchanged. The key
    holds everything the layout of a note reads: its element and generated text (which
    target-counter() can change between passes), the area's width and the note's x
    position, the margins adjoining it, and the page-is-empty rule for top margins.
    """
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    UPSTREAM["block_level_layout"] = block.block_level_layout

    def original(*args):
        return UPSTREAM["block_level_layout"](*args)

    def block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                           page_is_empty=True, absolute_boxes=None, fixed_boxes=None,
                           adjoining_margins=None, first_letter_style=None,
                           first_line_style=None, discard=False, max_lines=None):
        if not (isinstance(containing_block, boxes.FootnoteAreaBox) and skip_stack is None
                and not absolute_boxes and not fixed_boxes):
            return original(context, box, bottom_space, skip_stack, containing_block,
                            page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins,
                            first_letter_style, first_line_style, discard, max_lines)
        key = (box.element, box.element_tag, _generated_text(box, boxes),
               containing_block.width, box.position_x, tuple(adjoining_margins or ()),
               page_is_empty and context.current_page > 1, bottom_space, discard,
               max_lines, id(first_letter_style), id(first_line_style))
        cache = context.__dict__.setdefault("_briefing_footnotes", {})
        y = box.position_y
        if key not in cache:
            result = original(context, box, bottom_space, skip_stack, containing_block,
                              page_is_empty, absolute_boxes, fixed_boxes,
                              list(adjoining_margins or ()), first_letter_style,
                              first_line_style, discard, max_lines)
            if result[0] is None or result[1] is not None:  # not laid out whole: no reuse
                return result
            # upstream moves the box itself by its collapsed top margin: keep that too
            cache[key] = (y, box.position_y - y, result)
        cached_y, moved_by, (laid_out, resume_at, next_page, margins, through, lines) = cache[key]
        box.position_y = y + moved_by
        moved = laid_out.deepcopy()
        moved.translate(dy=y - cached_y)
        return moved, resume_at, dict(next_page), list(margins), through, lines

    block.block_level_layout = block_level_layout


def _generated_text(box, boxes) -> tuple[str, ...]:
    """The text of a box as laid out: content from counters and targets included."""
    return tuple(d.text for d in box.descendants() if isinstance(d, boxes.TextBox))


@compat.patch("target-pages-remade-when-changed")
def _target_pages_remade_when_changed() -> None:
    """Patch 4: upstream's ``cache_target_page_counters``, remaking only what changed.

    A copy of upstream's whole method, edited: applied over an upstream that fixed the
    method, it would undo the fix, so it applies only while the method's source is the one
    it was copied from (briefing.compat).

    A reference not laid out yet is parsed again at once. If it is on the page being made
    (laid out already, but met after the anchor by ``make_page``), that page is remade.
    """
    import copy

    from weasyprint.css.targets import TargetCollector
    from weasyprint.layout import page as pages

    reparsed: set[int] = set()  # references parsed again early, during one make_page

    def cache_target_page_counters(self, anchor_name, page_counter_values, page_maker_index,
                                   page_maker):
        if self.collecting:  # only store page counters when paginating
            return
        item = self.target_lookup_items.get(anchor_name)
        if not (item and item.state == "up-to-date"):
            return
        item.page_maker_index = page_maker_index
        if item.cached_page_counter_values == page_counter_values:
            return
        before = item.cached_page_counter_values
        item.cached_page_counter_values = copy.deepcopy(page_counter_values)
        for (_, css_token), lookup in self.counter_lookup_items.items():
            wanted = lookup.missing_target_counters.get(anchor_name)
            if css_token != "content" or wanted is None:
                continue
            if all(before.get(name) == page_counter_values.get(name) for name in wanted):
                continue  # what the reference prints is unchanged: nothing to remake
            if lookup.page_maker_index is None or lookup.page_maker_index >= len(page_maker):
                if lookup.missing_counters:  # it also prints its own page's counters
                    lookup.pending = True
                else:
                    lookup.parse_again(lookup.cached_page_counter_values)
                    reparsed.add(id(lookup))
                continue
            if any(page_counter_values.get(name) is not None for name in wanted):
                page_maker[lookup.page_maker_index][-1]["content_changed"] = True
                lookup.parse_again(lookup.cached_page_counter_values)

    original_make_page = pages.make_page

    def make_page(context, root_box, page_type, resume_at, page_number, page_state):
        reparsed.clear()
        made = original_make_page(context, root_box, page_type, resume_at, page_number,
                                  page_state)
        if reparsed:
            lookups = context.target_collector.counter_lookup_items
            for box in made[0].descendants(placeholders=True):
                lookup = box.missing_link and lookups.get((box.missing_link, "content"))
                if lookup is not None and id(lookup) in reparsed:
                    context.page_maker[page_number - 1][-1]["content_changed"] = True
                    break
            reparsed.clear()
        return made

    TargetCollector.cache_target_page_counters = cache_target_page_counters
    pages.make_page = make_page


@compat.patch("own-missing-counters-kept")
def _own_missing_counters_kept() -> None:
    """Patch 5: what a reference misses, filed under its anchor's name and not as its own."""
    from weasyprint.css.targets import TargetCollector, anchor_name_from_token
    from weasyprint.urls import get_url_tuple

    original = TargetCollector.collect_missing_counters

    def anchor_name(token, box):  # as TargetCollector.lookup_target resolves it
        if token[0] == "attr()":
            name, kind, fallback = token[1]
            value = box.element.get(name, fallback)
            token = ("string", value) if kind == "string" else (
                "url", get_url_tuple(value, box.style.base_url))
        return anchor_name_from_token(token)

    def collect_missing_counters(self, parent_box, css_token, parse_again, missing_counters,
                                 missing_target_counters):
        if css_token == "content" and missing_target_counters:
            known = parent_box.cached_counter_values or {}
            missing_counters, missing_target_counters = [], {}
            for kind, value in parent_box.style["content"] or ():
                if kind in ("counter()", "counters()") and value[0] not in known:
                    missing_counters.append(value[0])
                elif kind in ("target-counter()", "target-counters()"):
                    (token, counter), _ = value[:2], value[-1]
                    name = anchor_name(token, parent_box)
                    item = self.target_lookup_items.get(name)
                    target = item.target_box if item is not None else None
                    if target is None or counter not in (target.cached_counter_values or {}):
                        missing_target_counters.setdefault(name, []).append(counter)
        return original(self, parent_box, css_token, parse_again, missing_counters,
                        missing_target_counters)

    TargetCollector.collect_missing_counters = collect_missing_counters


@compat.patch("streams-at-default-level")
def _streams_compressed_at_default_level() -> None:
    """Patch 6: pydyf's ``zlib.compressobj(level=9)``, at zlib's default level instead."""
    import zlib

    import pydyf

    class Zlib:
        """zlib, but for the level of ``compressobj``."""

        def __getattr__(self, name):
            return getattr(zlib, name)

        @staticmethod
        def compressobj(level=zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
            return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs)

    pydyf.zlib = Zlib()


@compat.patch("notes-of-a-kept-line")
def _notes_of_a_kept_line() -> None:
    """Patch 7: carry over the notes of a line kept by carrying earlier notes over.

    A wrapper, not a copy: after upstream's ``_linebox_layout``, a note called by a line it
    kept but not laid out (still waiting in ``context.footnotes``) is laid out and carried
    over to the next page, where the notes carried over before it are printed first. Every
    other path lays out each note of a line before it keeps the line, so a kept line's
    note is left waiting only by the path this answers.
    """
    from weasyprint.layout import block

    original = block._linebox_layout

    def _linebox_layout(context, box, index, child, new_children, *args):
        kept_before = len(new_children)
        result = original(context, box, index, child, new_children, *args)
        if context.footnotes and len(new_children) > kept_before:
            new_footnotes = result[4]
            for line in new_children[kept_before:]:
                for descendant in line.descendants():
                    if descendant.footnote is not None and descendant.footnote in context.footnotes:
                        context.layout_footnote(descendant.footnote)
                        context.report_footnote(descendant.footnote)
                        new_footnotes.append(descendant.footnote)
        return result

    block._linebox_layout = _linebox_layout
