"""Page references ("p. 12", the contents' numbers) laid out once, from the pages kept before.

print.css asks for ``target-counter(attr(href), page)``. WeasyPrint prints a reference
before it knows where its anchor lands (the contents come before the sections), then
lays out again each page whose references turn out wrong (``make_all_pages``; patches 4
and 5 of briefing.weasypatches make that remake only the pages whose text changed).

A clean build has nothing better to start from than 0. An edited build does: the page of
every referenced anchor is kept from the edition's last render
(``build/.pages-<edition>.json``, beside the moves of briefing.placement), and
``starting_from`` makes each anchor start at its kept page, as if WeasyPrint had found it
there in an earlier pass. WeasyPrint still checks every anchor where it lands and remakes
the pages whose references moved, so what was kept changes only how much is laid out,
never what is printed.
"""

from __future__ import annotations

import contextlib
import json
import re

from . import atomic, compat

_HREF = re.compile(r'href="#([^"]+)"')
#: anchor -> kept page, for the render under way (see starting_from)
_KEPT: dict[str, int] = {}


def referenced(html: str) -> list[str]:
    """The anchors that links of the HTML point to, in order of first reference."""
    return list(dict.fromkeys(_HREF.findall(html)))


def load(path) -> tuple[dict[str, int], dict[str, int]]:
    """What the last render kept: the page of each anchor, and the blocks it moved, by how
    many paragraphs (briefing.placement); each {} when nothing, or nothing readable, was."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None
    return _part(kept, "anchors"), _part(kept, "moved")


def _part(kept, part: str) -> dict[str, int]:
    try:
        return {str(k): int(v) for k, v in kept[part].items()}
    except (AttributeError, KeyError, TypeError, ValueError):
        return {}


def save(path, pages: dict[str, int], moved: dict[str, int]) -> None:
    atomic.write_json(path, {"anchors": dict(sorted(pages.items())),
                             "moved": dict(sorted(moved.items()))})


def anchor_pages(document) -> dict[str, int]:
    """The page (from 1) where each anchor of a rendered document lands."""
    found = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


@contextlib.contextmanager
def starting_from(kept: dict[str, int]):
    """Renders in this block start each anchor at its kept page (where the patch applies)."""
    if compat.applied("pagerefs-seeding"):
        _KEPT.update(kept)
    try:
        yield
    finally:
        _KEPT.clear()


@compat.patch("pagerefs-seeding")
def _seed_anchors() -> None:
    """Give each anchor the page counter it was kept with when WeasyPrint first meets it."""
    from weasyprint.css.targets import TargetCollector

    original = TargetCollector.collect_anchor

    def collect_anchor(self, anchor_name):
        original(self, anchor_name)
        item = self.target_lookup_items.get(anchor_name)
        if anchor_name in _KEPT and item is not None and not item.cached_page_counter_values:
            item.cached_page_counter_values = {"page": [_KEPT[anchor_name]]}

    TargetCollector.collect_anchor = collect_anchor
