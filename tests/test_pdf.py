"""The printed briefing, read back from its PDFs: navigation, notes, metadata, fonts, validity.

test-print is a briefing of several sections, a figure, a chronology longer than a page and
sources with and without authors; it is built once (both editions) for every test here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import make_project, run_doit
from pypdf import PdfReader

EDITIONS = {"briefing.pdf": (595.28, 841.89), "briefing-letter.pdf": (612.0, 792.0)}
#: Sizes in the PDF (CSS px) of a footnote call and of the number before a note, as
#: print.css sets them (6.5pt and 7.3pt bold sans).
CALL_PX, MARKER_PX = 6.5 * 4 / 3, 7.3 * 4 / 3


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("print") / "project", "test-print")
    result = run_doit(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def content(printed) -> dict:
    return json.loads((printed / "build" / "content.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=list(EDITIONS))
def pdf(request, printed) -> Path:
    return printed / "build" / request.param


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def headings(content: dict) -> list[str]:
    """Every section heading as the contents and the bookmarks give it."""
    return (["Key judgments"]
            + [f"{i} {s['title']}" for i, s in enumerate(content["sections"], 1)]
            + ["A Chronology of events", "B Sources"])


def outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks: (level, title, page number)."""
    reader = PdfReader(path)
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 1)
    return found


def test_pages_have_the_size_of_their_edition(pdf):
    width, height = EDITIONS[pdf.name]
    for page in PdfReader(pdf).pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)


def test_every_section_has_a_bookmark(pdf, content):
    titles = [title for level, title, _ in outline(pdf) if level == 1]
    assert titles == ["Bottom line up front", "Contents", *headings(content)]
    sources = [title for level, title, _ in outline(pdf) if level == 2]
    assert sorted(sources) == sorted(s["short"] for s in content["sources"])


def test_contents_give_the_page_of_each_heading(pdf, content):
    texts = page_texts(pdf)
    contents_page = next(i for i, t in enumerate(texts) if t.startswith("Contents"))
    bookmarks = {title: page for _, title, page in outline(pdf)}
    for heading in headings(content):
        line = next(line for line in texts[contents_page].splitlines() if line.startswith(heading))
        listed = int(re.search(r"(\d+)\s*$", line).group(1))
        landed = next(i + 1 for i, text in enumerate(texts) if i > contents_page
                      and any(t.strip() == heading for t in text.splitlines()))
        assert listed == landed == bookmarks[heading], heading


def test_every_citation_has_its_footnote_on_its_page_or_the_next(pdf, content):
    markers = sum(len(re.findall(r"\[@[^\]]*\]", text)) for text in cited_texts(content))
    calls, notes = {}, {}
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            name = str(font.get("/BaseFont")) if font else ""
            if text.strip().isdigit() and name.endswith("Sans-Bold"):
                if abs(size - CALL_PX) < 0.05:
                    calls.setdefault(int(text), []).append(number)
                elif abs(size - MARKER_PX) < 0.05:
                    notes.setdefault(int(text), []).append(number)
        page.extract_text(visitor_text=visit)
    assert sorted(calls) == sorted(notes) == list(range(1, markers + 1))
    for n in calls:
        assert len(calls[n]) == len(notes[n]) == 1, f"note {n} printed {len(notes[n])} times"
        assert notes[n][0] - calls[n][0] in (0, 1), f"note {n} is far from its call"


def cited_texts(content: dict) -> list[str]:
    return (content["document"]["bluf"] + [j["text"] for j in content["judgments"]]
            + [p for s in content["sections"] for p in s["paragraphs"] if isinstance(p, str)])


def test_a_figure_reference_gives_its_number_and_page(pdf):
    texts = page_texts(pdf)
    caption_page = next(i + 1 for i, t in enumerate(texts) if "Figure 1. " in t)
    text = " ".join(texts)
    assert f"Figure 1 (p. {caption_page})" in text


def test_chart_words_are_text_in_the_pdf(pdf, printed):
    """Charts set their words as text in the briefing's fonts: they can be searched and selected."""
    from lxml import etree

    svg = etree.parse(str(printed / "build" / "figures" / "timeline.svg"))
    words = {"".join(t.itertext()).strip() for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    words = sorted((w for w in words if len(w) > 3), key=len, reverse=True)[:5]
    assert words, "the chart has no text elements (glyphs drawn as paths?)"
    texts = page_texts(pdf)
    page = next(t for t in texts if "Figure 1. " in t)
    flat = " ".join(page.split())
    for word in words:
        assert " ".join(word.split()) in flat


def test_running_header_and_footer(pdf, content):
    texts = page_texts(pdf)
    total = len(texts)
    edition = "Edition 2.1, 5 March 2024"
    for number, text in enumerate(texts[1:], 2):
        assert f"Page {number} of {total}" in text
        assert edition in text and content["document"]["title"] in text
    assert "Page 1 of" not in texts[0]  # the cover has neither header nor footer
    header = f"{content['document']['title']} Chronology of events"
    chronology = [t for t in texts if header in t]
    assert len(chronology) >= 2 and all("Who, to whom" in t for t in chronology)


def test_editors_notes_and_callouts_are_marked(pdf):
    text = " ".join(page_texts(pdf))
    assert "EDITOR’S NOTE:" in text  # in the chronology
    assert "Editor’s note:" in text  # in the notes
    assert "(grade B), on the offer by" in text or "(grade A), on the offer by" in text


def test_metadata_comes_from_the_document(pdf, content):
    document = content["document"]
    with pikepdf.open(pdf) as opened:
        info = opened.docinfo
        assert str(info["/Title"]) == document["title"]
        assert str(info["/Author"]) == document["author"]
        assert str(info["/Subject"]) == document["subject"]
        assert str(info["/Keywords"]) == ", ".join(document["keywords"])
        assert str(opened.Root.Lang) == document["language"]
        assert opened.Root.MarkInfo.Marked is True


def test_every_figure_is_tagged_with_its_alt_text(pdf, printed):
    alt = json.loads((printed / "build" / "figures" / "timeline.json").read_text())["alt"]
    found = []
    with pikepdf.open(pdf) as opened:
        def walk(node):
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    found.append(str(node.get("/Alt", "")))
                if "/K" in node:
                    walk(node.K)
        walk(opened.Root.StructTreeRoot)
    assert found == [alt]


def test_every_font_is_embedded_and_bundled(pdf):
    with pikepdf.open(pdf) as opened:
        for page in opened.pages:
            for font in page.resources.get("/Font", {}).values():
                assert "Briefing" in str(font.BaseFont), font.BaseFont
                descendants = font.get("/DescendantFonts", [font])
                for part in descendants:
                    descriptor = part.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_pdf_passes_a_structural_check(pdf):
    with pikepdf.open(pdf) as opened:
        check = getattr(opened, "check_pdf_syntax", None) or opened.check  # older pikepdf: Pdf.check
        assert check() == []
    if shutil.which("qpdf"):
        result = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_dropped_note_is_noticed():
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    from briefing.pdf import _misplaced_notes

    class Box:
        def __init__(self, element=None, footnote=None, children=()):
            self.element, self.footnote, self.children = element, footnote, list(children)

    def page(*boxes):
        return type("Page", (), {"_page_box": type("Root", (), {"descendants": lambda s: boxes})()})

    def area(*notes):
        box = FootnoteAreaBox.__new__(FootnoteAreaBox)
        box.children = [Box(element=n) for n in notes]
        return box

    first, second = (lxml_element(text) for text in ("First note.", "Second note."))
    calls = [Box(footnote=Box(element=first)), Box(footnote=Box(element=second))]
    complete = type("Doc", (), {"pages": [page(*calls, area(first, second))]})
    dropped = type("Doc", (), {"pages": [page(*calls, area(first))]})
    assert _misplaced_notes(complete) == []
    assert _misplaced_notes(dropped) == ["Second note."]


def lxml_element(text):
    from lxml import etree

    element = etree.Element("span")
    element.text = text
    return element


def test_prose_has_typographic_quotation_marks(printed):
    """The content writes straight marks; the printed prose has curly ones."""
    text = " ".join(page_texts(printed / "build" / "briefing.pdf"))
    assert '"' not in text
    assert "“a river does not stop at a border" in " ".join(text.split())
