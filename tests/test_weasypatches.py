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

from briefing import compat, weasypatches  # noqa: E402


def needs(name: str):
    """Skip a test of patch ``name`` where it does not apply, with the line that says why."""
    return pytest.mark.skipif(compat.refusal(name) is not None, reason=str(compat.refusal(name)))


#: Run in a child process with the patches named in argv[1] (comma-separated, or none:
#: upstream as it is): prints, page by page, the start of each note the page prints.
NOTES_SCRIPT = """
import json, sys
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from briefing import weasypatches
for name in filter(None, sys.argv[1].split(",")):
    getattr(weasypatches, name)()
pages = []
for page in HTML(string=sys.stdin.read()).render().pages:
    pages.append(["".join(t.text for t in note.descendants() if isinstance(t, boxes.TextBox))[:16]
                  for area in page._page_box.descendants()
                  if isinstance(area, boxes.FootnoteAreaBox) for note in area.children])
print(json.dumps(pages))
"""


def notes_by_page(patches: str, html: str) -> list[list[str]]:
    result = subprocess.run([sys.executable, "-c", NOTES_SCRIPT, patches], input=html,
                            capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)


#: One short note on a page with room to spare. Upstream compares the bottom of the
#: area's last line with the area's bottom exactly; with these sizes the two sums differ in
#: their last bit, so the note is taken to overflow and is carried over to a page of its own.
OVERFLOW_HTML = """<html><head><style>
@page { size: 100mm 200mm; margin: 10mm; @footnote { padding-top: 2.94px } }
body { font: 10px/1.2 sans-serif; margin: 0 }
.fn { float: footnote; font-size: 7.34px; line-height: 1.1 }
</style></head><body><p>A page with one note<span class="fn">The only note.</span>.</p></body></html>"""


@needs("footnote-overflow-tolerance")
def test_a_note_that_fits_stays_on_the_page_of_its_call():
    assert notes_by_page("", OVERFLOW_HTML) == [[], ["1. The only note"]]  # upstream
    assert notes_by_page("_tolerant_overflow", OVERFLOW_HTML) == [["1. The only note"]]


def remade_page_html(reference: bool) -> str:
    """Two long notes called near the end of page 1, carried over to page 2; page 2 refers
    back to page 1 by target-counter(), and so is laid out again once page 1 is known."""
    def paragraph(number: int, words: int, note: int, refers: str = "") -> str:
        return (f'<p id="p{number}">{" ".join(["word"] * words)}<span class="fn">'
                f'{" ".join([f"n{number}"] * note)}</span>{refers} {" ".join(["word"] * words)}</p>')
    back = ' see <a class="ref" href="#p0">there</a>' if reference else ""
    return f"""<html><head><style>
@page {{ size: 100mm 90mm; margin: 8mm }}
body {{ font: 9pt/1.3 sans-serif; margin: 0 }}
.fn {{ float: footnote; font-size: 7pt }}
.ref::after {{ content: " p. " target-counter(attr(href), page) }}
</style></head><body>{paragraph(0, 38, 28)}{paragraph(1, 11, 63)}{paragraph(2, 20, 1, back)}
</body></html>"""


@needs("carried-notes-on-remake")
def test_a_remade_page_keeps_the_notes_carried_over_to_it():
    not_remade = notes_by_page("", remade_page_html(reference=False))
    assert not_remade == [[], ["2. n1 n1 n1 n1 n", "1. n0 n0 n0 n0 n", "3. n2"]]
    # upstream remakes page 2 without the two notes page 1 carried over to it: both are lost
    assert notes_by_page("", remade_page_html(reference=True)) == [[], ["3. n2"]]
    assert notes_by_page("_carried_notes_on_remake", remade_page_html(reference=True)) == not_remade

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
    weasypatches.patch_weasyprint()
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


@needs("footnote-layout-kept")
def test_notes_land_where_upstream_puts_them():
    html = document_html()
    upstream, patched = laid_out_notes("upstream", html), laid_out_notes("patched", html)
    assert len(upstream) >= 3  # the document spans pages, notes are carried over
    assert patched == upstream


@needs("footnote-layout-kept")
def test_footnote_area_lays_each_note_out_once():
    """Upstream lays a page of n notes out n²/2 times; patched, each note once per place."""
    weasypatches.patch_weasyprint()
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


#: A contents list (forward references, as print.css writes them) before four sections of
#: a page each, whose later sections refer back to the earlier ones.
TARGETS_HTML = """<html><head><style>
@page { size: 100mm 80mm; margin: 8mm; }
body { font: 9pt/1.3 sans-serif; margin: 0; }
section { break-before: page; }
.toc a::after { content: leader(". ") target-counter(attr(href), page); }
.back::after { content: " (p. " target-counter(attr(href), page) ")"; }
</style></head><body>
<nav class="toc"><a href="#s1">One</a><br><a href="#s2">Two</a><br><a href="#s3">Three</a></nav>
<section id="s1"><h1>One</h1><p>Text.</p></section>
<section id="s2"><h1>Two</h1><p>See <a class="back" href="#s1">one</a>.</p></section>
<section id="s3"><h1>Three</h1><p>See <a class="back" href="#s2">two</a> and
<a class="back" href="#s1">one</a>.</p></section>
</body></html>"""

#: Run in a child process: prints each page's text and how many times each page was made.
TARGETS_SCRIPT = """
import collections, json, sys
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout import page as pages
if sys.argv[1] == "patched":
    from briefing import weasypatches
    weasypatches.patch_weasyprint()
made = collections.Counter()
make_page = pages.make_page
def counting(context, root_box, page_type, resume_at, page_number, page_state):
    made[page_number] += 1
    return make_page(context, root_box, page_type, resume_at, page_number, page_state)
pages.make_page = counting
texts = ["".join(t.text for t in page._page_box.descendants() if isinstance(t, boxes.TextBox))
         for page in HTML(string=sys.stdin.read()).render().pages]
print(json.dumps([texts, [made[n] for n in range(1, len(texts) + 1)]]))
"""


@needs("target-pages-remade-when-changed")
@needs("own-missing-counters-kept")
def test_target_pages_remake_only_pages_whose_references_changed():
    def render(mode):
        result = subprocess.run([sys.executable, "-c", TARGETS_SCRIPT, mode],
                                input=TARGETS_HTML, capture_output=True, text=True, check=True)
        return json.loads(result.stdout)

    (upstream_text, upstream_made), (patched_text, patched_made) = map(render, ["upstream",
                                                                               "patched"])
    assert patched_text == upstream_text
    assert "(p. 2)" in patched_text[3] and patched_text[0].rstrip().endswith("4")
    assert upstream_made == [3, 1, 3, 3]  # each page that prints a reference, three times
    # the contents are remade once, with the numbers found; the back references were right
    assert patched_made == [2, 1, 1, 1]


#: Run in a child process: for each reference of the document, the anchors under which
#: WeasyPrint files the target counters it misses, and its own counters it misses.
FILED_SCRIPT = """
import json, sys
from weasyprint import HTML
from weasyprint.css.targets import TargetCollector
if sys.argv[1] == "patched":
    from briefing import weasypatches
    weasypatches._own_missing_counters_kept()
filed = set()
collect = TargetCollector.collect_missing_counters
def recording(self, box, css_token, *args):
    collect(self, box, css_token, *args)
    lookup = self.counter_lookup_items.get((box.missing_link, css_token))
    if lookup is not None:
        filed.add((box.element.get("href"), tuple(map(str, lookup.missing_target_counters)),
                   tuple(lookup.missing_counters)))
TargetCollector.collect_missing_counters = recording
HTML(string=sys.stdin.read()).render()
print(json.dumps(sorted(filed)))
"""


@needs("own-missing-counters-kept")
def test_what_a_reference_misses_is_filed_under_its_anchor():
    def filed(mode):
        result = subprocess.run([sys.executable, "-c", FILED_SCRIPT, mode], input=TARGETS_HTML,
                                capture_output=True, text=True, check=True, timeout=120)
        return json.loads(result.stdout)

    # upstream files every reference under None, and takes the page counter as its own
    assert filed("upstream") == [[f"#s{n}", ["None"], ["page"]] for n in (1, 2, 3)]
    assert filed("patched") == [[f"#s{n}", [f"s{n}"], []] for n in (1, 2, 3)]


#: Run in a child process, with the compression patch or without: each content stream
#: of a small PDF, as written (compressed) and as read (decompressed).
STREAMS_SCRIPT = """
import io, json, sys
import pikepdf
from weasyprint import HTML
if sys.argv[1] == "patched":
    from briefing import weasypatches
    weasypatches._streams_compressed_at_default_level()
pdf = HTML(string=sys.stdin.read()).write_pdf(pdf_identifier=b"streams")
with pikepdf.open(io.BytesIO(pdf)) as opened:
    streams = [page.obj.Contents for page in opened.pages]
    print(json.dumps([[s.read_raw_bytes().hex(), s.read_bytes().hex()] for s in streams]))
"""


@needs("streams-at-default-level")
def test_streams_are_compressed_at_the_default_level_and_read_the_same():
    """The gain is time (0.2 to 0.3 s of CPU an edition, see README): measured in bench/,
    never here. What is tested is what buys it: zlib's default level instead of level 9,
    for the same stream contents."""
    import zlib

    def streams(mode):
        result = subprocess.run([sys.executable, "-c", STREAMS_SCRIPT, mode], input=document_html(8),
                                capture_output=True, text=True, check=True, timeout=120)
        return [(bytes.fromhex(raw), bytes.fromhex(data)) for raw, data in json.loads(result.stdout)]

    def deflated(data, level):
        compressor = zlib.compressobj(level)
        return compressor.compress(data) + compressor.flush()

    upstream, patched = streams("upstream"), streams("patched")
    assert [data for _, data in patched] == [data for _, data in upstream] != []
    assert all(raw == deflated(data, 9) for raw, data in upstream)
    assert all(raw == deflated(data, zlib.Z_DEFAULT_COMPRESSION) for raw, data in patched)
    assert sum(len(raw) for raw, _ in patched) > sum(len(raw) for raw, _ in upstream)


def dropped_note_html(policy: str) -> str:
    """Thirteen short paragraphs of a note each (some citing another by page), found by a
    search of random layouts: with footnote-policy: line, WeasyPrint 70 prints the call
    of note 10 (page 6, in one line with the calls of notes 8 and 9) and never its note."""
    words = [6, 57, 21, 36, 46, 52, 46, 36, 26, 13, 1, 1, 1]
    cites = {3: 11, 7: 5, 9: 1}
    body = "".join(
        f'<p id="p{i}">{" ".join(["word"] * n)}<span class="fn">n{i}</span>'
        + (f' see <a class="ref" href="#p{cites[i]}">there</a>' if i in cites else "")
        + f' {" ".join(["word"] * n)}</p>' for i, n in enumerate(words))
    contents = "".join(f'<a class="ref" href="#p{i}">p{i}</a> ' for i in range(0, 13, 2))
    return f"""<html><head><style>
@page {{ size: 100mm 90mm; margin: 8mm }}
body {{ font: 9pt/1.3 sans-serif; margin: 0 }}
.fn {{ float: footnote; font-size: 7pt; footnote-policy: {policy} }}
.ref::after {{ content: " p. " target-counter(attr(href), page) }}
</style></head><body><nav>{contents}</nav>{body}</body></html>"""


#: Run in a child process, upstream or with every patch: the notes a render misses, as
#: briefing.pdf checks them.
DROPPED_SCRIPT = """
import json, sys
from weasyprint import HTML
from briefing import pdf, weasypatches
from briefing import compat
if sys.argv[1] == "without-patch-7":  # every patch but the one that prints the note
    compat._CODE.pop("notes-of-a-kept-line")
if sys.argv[1] != "upstream":
    weasypatches.patch_weasyprint()
print(json.dumps(pdf._misplaced_notes(HTML(string=sys.stdin.read()).render())))
"""


@needs("footnote-policy-fallback")
def test_a_note_dropped_by_footnote_policy_line_is_printed_by_the_fallback():
    def misplaced(mode, policy):
        result = subprocess.run([sys.executable, "-c", DROPPED_SCRIPT, mode],
                                input=dropped_note_html(policy), capture_output=True, text=True,
                                check=True, timeout=120)
        return json.loads(result.stdout)

    assert misplaced("upstream", "line") == ["n9"]  # upstream's own, not a patch's
    assert misplaced("without-patch-7", "line") == ["n9"]  # what the build notices
    assert misplaced("without-patch-7", "auto") == []  # and renders again with this policy
    assert misplaced("patched", "line") == []  # patch 7 answers this drop itself


def kept_line_html(words: int) -> str:
    """The reproducer of docs/upstream/notes-of-a-kept-line.md: the second line of the
    second paragraph calls a note and does not fit; it cannot move (one line would be left
    behind, fewer than orphans: 2), so upstream carries note 1 over to make room and keeps
    the line, whose own note it never lays out."""
    return f"""<html><head><style>
@page {{ size: 80mm 50mm; margin: 5mm }}
body {{ font: 10pt/1.2 serif; margin: 0 }} p {{ margin: 0 }}
.fn {{ float: footnote; footnote-policy: line }}
</style></head><body>
<p>{"word " * words}<span class="fn">The first note, which takes two lines in the footnote
area of this page.</span></p>
<p>The next paragraph runs onto the next page, and its second line calls<span
class="fn">The second note.</span> a note: words words words words words words words.</p>
</body></html>"""


@needs("notes-of-a-kept-line")
@pytest.mark.parametrize("words", [22, 76])
def test_the_notes_of_a_line_kept_by_carrying_notes_over_are_carried_over_too(words):
    upstream = notes_by_page("", kept_line_html(words))
    patched = notes_by_page("_notes_of_a_kept_line", kept_line_html(words))
    assert sum(upstream, []) == ["1. The first not"]  # note 2's call is printed, its note is not
    assert patched[:-1] == upstream[:-1]  # the pages before are as upstream made them
    assert patched[-1] == ["1. The first not", "2. The second no"]  # carried over, in order
