"""The WeasyPrint patches of briefing/weasypatches.py, tested as WeasyPrint tests its layout.

Each test renders a small HTML document and asserts positions and counts of boxes, not
bytes. The patched layout is compared with upstream's own, rendered in a child process
where no patch is applied, so a patch that changes where a note lands is caught.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

weasyprint = pytest.importorskip("weasyprint")
from weasyprint.formatting_structure import boxes  # noqa: E402

from briefing import weasypatches  # noqa: E402

pytestmark = pytest.mark.skipif(not weasypatches.applies(weasyprint.__version__),
                                reason="the patches apply to WeasyPrint 70 only")

#: Three pages of paragraphs, each calling two notes of a few lines; the notes carry margins
#: (so adjoining margins collapse between them) and some are long enough to be carried over.
STYLE = """
@page { size: 100mm 80mm; margin: 8mm; @footnote { padding-top: 2mm; } }
body { font: 9pt/1.3 sans-serif; margin: 0; }
.fn { float: footnote; margin: 0 0 1mm; font-size: 7pt; }
.fn.long { margin-top: 0.5mm; }
"""


def document_html(paragraphs: int = 24) -> str:
    body = []
    for i in range(paragraphs):
        long = " long" if i % 5 == 0 else ""
        note = " ".join(f"note {i} word {w}" for w in range(4 + (i % 7) * 3))
        body.append(f'<p>Paragraph {i} text text text<span class="fn{long}">{note}</span> and more '
                    f'words<span class="fn">second {i}</span> to wrap the line once.</p>')
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(body)}</body></html>"


#: Run in a child process: lays the document out and prints, per page, each note's text
#: start and its position in the footnote area.
LAYOUT_SCRIPT = """
import json, sys
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
if sys.argv[1] == "patched":
    from briefing import weasypatches
    weasypatches.patch_footnotes()
html = sys.stdin.read()
pages = []
for page in HTML(string=html).render().pages:
    notes = []
    for box in page._page_box.descendants():
        if isinstance(box, boxes.FootnoteAreaBox):
            for note in box.children:
                text = "".join(t.text for t in note.descendants() if isinstance(t, boxes.TextBox))
                notes.append([text[:20], round(note.position_y, 6), round(note.height, 6)])
    pages.append(notes)
print(json.dumps(pages))
"""


def laid_out_notes(mode: str, html: str) -> list:
    result = subprocess.run([sys.executable, "-c", LAYOUT_SCRIPT, mode], input=html,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_notes_land_where_upstream_puts_them():
    html = document_html()
    upstream, patched = laid_out_notes("upstream", html), laid_out_notes("patched", html)
    assert len(upstream) >= 3  # the document spans pages, notes are carried over
    assert patched == upstream


def test_footnote_area_lays_each_note_out_once():
    """Upstream lays a page of n notes out n²/2 times; patched, each note once per place."""
    weasypatches.patch_footnotes()
    laid_out = []
    original = weasypatches.UPSTREAM["block_level_layout"]

    def counting(context, box, *args):
        if isinstance(args[2], boxes.FootnoteAreaBox):
            laid_out.append(box.element)
        return original(context, box, *args)

    weasypatches.UPSTREAM["block_level_layout"] = counting
    try:
        document = weasyprint.HTML(string=document_html(paragraphs=12)).render()
    finally:
        weasypatches.UPSTREAM["block_level_layout"] = original
    notes = sum(len(a.children) for page in document.pages for a in page._page_box.descendants()
                if isinstance(a, boxes.FootnoteAreaBox))
    assert notes == 24
    # each note is laid out at most a few times (a new page, a carried-over note, the
    # margins of a new neighbour), never once for every note added after it
    assert len(laid_out) <= 3 * notes
    assert max(laid_out.count(e) for e in set(laid_out)) <= 4
