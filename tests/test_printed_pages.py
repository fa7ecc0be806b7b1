"""Pages set like a typesetter's (issue 21): filled to their foot, key judgments kept
together, words hyphenated sparingly and names never, the contents aligned.

test-gap ends its one section with two charts, the second too tall for the space the first
leaves, and no text after them to fill the page: its A4 page 4 must be reported (print.gap).
The briefing of this repository is built once, both editions, and must have no such page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_doit
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer, LTTextLine
from pypdf import PdfReader

from briefing import names, validated
from briefing.paths import Project

GAP = re.compile(r"^(build/\S+\.pdf): warning: page (\d+) of the (\S+) edition is (\d+)% "
                 r"blank above its foot, mid-part \[print\.gap\]$", re.M)


@pytest.fixture(scope="module")
def briefing(tmp_path_factory) -> tuple[Path, str]:
    """This repository's briefing, built in a copy; its folder and doit's output."""
    folder = make_project(tmp_path_factory.mktemp("briefing") / "project",
                          content=REPO / "content")
    result = run_doit(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder, result.stdout + result.stderr


def test_a_page_left_blank_mid_part_is_reported_by_edition_and_page(tmp_path):
    project = make_project(tmp_path / "project", "test-gap")
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    gaps = GAP.findall(result.stderr)
    assert ("build/briefing.pdf", "4", "A4") in [gap[:3] for gap in gaps], result.stderr
    assert all(int(gap[3]) > 20 for gap in gaps)
    # each warning is one line of its own, as the build's other warnings are
    lines = [line for line in result.stderr.splitlines() if "[print.gap]" in line]
    assert len(lines) == len(gaps)


def test_pages_that_end_a_part_before_a_page_break_are_not_reported(tmp_path):
    """test-gap's cover, contents and findings end short before their forced page breaks."""
    project = make_project(tmp_path / "project", "test-gap")
    result = run_doit(project, "pdf:a4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [gap[1] for gap in GAP.findall(result.stderr)] == ["4"]


@pytest.mark.parametrize("name", ["build/briefing.pdf", "build/briefing-letter.pdf"])
def test_this_briefing_has_no_page_blank_mid_part(briefing, name):
    _, output = briefing
    assert [gap for gap in GAP.findall(output) if gap[0] == name] == [], output


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-letter.pdf"])
def test_no_key_judgment_stands_alone_on_a_page(briefing, name):
    """A page of the key judgments holds two judgments or more, or the end of one carried
    over from the page before, never one whole judgment by itself (Letter p. 4 did)."""
    folder, _ = briefing
    pages = [page.extract_text() for page in PdfReader(folder / "build" / name).pages]
    starts = [len(re.findall(r"(?i)\b(?:high|moderate|low) confidence\b", text))
              for text in pages]
    judged = [n for n, count in enumerate(starts) if count]
    assert judged, "no key judgment found"
    for n in range(judged[0], judged[-1] + 2):
        if n < len(pages) and "Key judgments" in pages[n]:
            assert starts[n] != 1 or n == judged[0], f"page {n + 1}: one judgment alone"


def _lines(path: Path) -> list[str]:
    """The PDF's text lines in reading order (pdfminer)."""
    return [line.get_text().rstrip("\n") for page in extract_pages(path)
            for box in page if isinstance(box, LTTextContainer)
            for line in box if isinstance(line, LTTextLine)]


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-letter.pdf"])
def test_words_are_hyphenated_sparingly_and_names_never(briefing, name):
    """A line ending in "-" that splits a word (not a compound such as "missile-defence",
    whose hyphen is the text's own) splits a word of 7 letters or more, 3 at least either
    side, and never a name the content knows ("SpacePolicy-Online", "Luky-anov")."""
    folder, _ = briefing
    source = html.unescape(re.sub(r"<[^>]+>", "", (folder / "build" / "briefing.html")
                                  .read_text(encoding="utf-8")))
    # a name of one word, or a word of a person's or an outlet's name ("Lukyanov")
    known = {n for n in names.known(validated.read(Project.at(folder)))
             if re.fullmatch(r"[^\W\d_]+", n)}
    assert {"Lukyanov", "SpacePolicyOnline"} <= known
    splits = []
    lines = _lines(folder / "build" / name)
    for line, after in zip(lines, lines[1:], strict=False):
        end, start = re.search(r"([^\W\d_]+)-$", line), re.match(r"\s*([^\W\d_]+)", after)
        if end and start and f"{end[1]}-{start[1]}" not in source \
                and end[1] + start[1] in source:  # the word is whole in the text: hyphenated
            splits.append((end[1], start[1]))
    assert len(splits) > 20  # hyphenation is on, and found
    bad = [f"{a}-{b}" for a, b in splits
           if len(a) < 3 or len(b) < 3 or len(a + b) < 7 or a + b in known]
    assert not bad, bad


def test_names_are_marked_in_text_never_in_attributes_or_scripts():
    page = ('<head><title>Lukyanov</title></head><p title="Lukyanov">Lukyanov&#39;s view,'
            ' <a href="#lukyanov">Fyodor Lukyanov</a></p><svg><text>Lukyanov</text></svg>'
            '<script>var Lukyanov;</script><p>Lukyanova</p>')
    marked = names.mark(page, ["Fyodor Lukyanov", "Lukyanov"])
    assert marked == ('<head><title>Lukyanov</title></head><p title="Lukyanov">'
                      '<span class="name">Lukyanov</span>&#39;s view, <a href="#lukyanov">'
                      '<span class="name">Fyodor Lukyanov</span></a></p><svg><text>Lukyanov'
                      '</text></svg><script>var Lukyanov;</script><p>Lukyanova</p>')


def _placed_lines(path: Path, page: int) -> list[tuple[float, float, float, str]]:
    """The text lines of one page (from 0): (left, right, baseline, text)."""
    return [(line.x0, line.x1, round(line.y0), line.get_text().strip())
            for found in extract_pages(path, page_numbers=[page])
            for box in found if isinstance(box, LTTextContainer)
            for line in box if isinstance(line, LTTextLine)]


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-letter.pdf"])
def test_contents_leaders_keep_clear_of_titles_and_entries_hang(briefing, name):
    """Each entry's dots start clear of its title (2 mm, not touching) and end clear of its
    page number; the page numbers stand flush right; a figure's title that wraps goes on
    under its first word, not under "Figure 1"."""
    folder, _ = briefing
    pages = [page.extract_text() for page in PdfReader(folder / "build" / name).pages]
    lines = _placed_lines(folder / "build" / name,
                          next(n for n, text in enumerate(pages) if ". . . ." in text))
    leaders = [line for line in lines if re.fullmatch(r"[. ]{5,}", line[3])]
    assert len(leaders) >= 10
    numbers = []
    for left, right, base, _ in leaders:
        title = max((line for line in lines if line[2] == base and line[1] <= left),
                    key=lambda line: line[1])
        number = min((line for line in lines if line[2] == base and line[0] >= right),
                     key=lambda line: line[0])
        assert left - title[1] >= 4, f"dots touch {title[3]!r}"  # 4 pt, about 1.5 mm
        assert number[0] - right >= 2 and number[3].isdigit(), number
        numbers.append(number[1])
    assert max(numbers) - min(numbers) < 0.5
    figures = [line for line in lines if re.fullmatch(r"Figure \d+", line[3])]
    indent = {round(line[0]) for line in lines
              if any(f[2] == line[2] and f[1] < line[0] for f in figures) and line[3][:1].isalpha()}
    assert len(indent) == 1, indent  # every figure's title starts at one indent
    wrapped = [line for line in lines if line[0] > figures[0][0] + 1
               and line[2] < figures[0][2] and not any(f[2] == line[2] for f in figures)
               and not re.fullmatch(r"[. \d]+", line[3]) and line[0] < min(numbers) - 50]
    assert wrapped and all(round(line[0]) in indent for line in wrapped), wrapped


@pytest.fixture(scope="module")
def floated(tmp_path_factory) -> Project:
    """test-float: on A4 its second chart does not fit below the first, and a paragraph
    follows it."""
    folder = make_project(tmp_path_factory.mktemp("float") / "project", "test-float")
    result = run_doit(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[print.gap]" not in result.stderr, result.stderr
    return Project.at(folder)


def test_a_figure_that_does_not_fit_waits_for_the_text_after_it(floated):
    pages = [page.extract_text() for page in PdfReader(floated.pdf("a4")).pages]
    flowed = next(n for n, text in enumerate(pages) if "The Friends of Eastmere Library" in text)
    figure = next(n for n, text in enumerate(pages) if "Figure 2. Motions" in text)
    assert figure == flowed + 1  # the paragraph filled the page; the chart opens the next
    first_line = pages[figure].split("\n", 2)[:2]
    assert not any("Friends" in line for line in first_line)
    assert json.loads(floated.page_numbers("a4").read_text())["moved"] == {"fig-per_year": 1}


@pytest.mark.parametrize("kept", ["same", "wrong", "missing"])
def test_a_moved_figure_is_laid_out_once_and_as_a_clean_build_sets_it(floated, kept,
                                                                       monkeypatch):
    """Rendered again from what the last render kept, the edition comes out the same bytes
    in one layout; from a wrong or missing record of the move, the same bytes too."""
    import weasyprint

    from briefing.pdf import render_pdf

    good = floated.pdf("a4").read_bytes()
    cache = floated.page_numbers("a4")
    record = cache.read_text(encoding="utf-8")
    if kept == "wrong":
        cache.write_text(json.dumps({**json.loads(record), "moved": {"fig-per_year": 0,
                                                                      "fig-timeline": 2}}))
    elif kept == "missing":
        cache.unlink()
    renders = []
    render = weasyprint.HTML.render
    monkeypatch.setattr(weasyprint.HTML, "render",
                        lambda *a, **k: renders.append(1) or render(*a, **k))
    render_pdf(floated, "a4")
    assert floated.pdf("a4").read_bytes() == good
    assert cache.read_text(encoding="utf-8") == record
    if kept == "same":
        assert len(renders) == 1


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-letter.pdf"])
def test_figures_follow_their_reference_within_a_page(briefing, name):
    folder, _ = briefing
    pages = [page.extract_text() for page in PdfReader(folder / "build" / name).pages]
    main = next(n for n, text in enumerate(pages) if re.search(r"^1 \S", text, re.M)
                and n > 1 and ". . . ." not in text)
    numbers = sorted({int(n) for text in pages[main:] for n in re.findall(r"Figure (\d+)\.", text)})
    assert numbers
    for number in numbers:
        placed = next(n for n, text in enumerate(pages) if n >= main
                      and re.search(rf"Figure {number}\. ", text))
        cited = [n for n, text in enumerate(pages) if n >= main
                 and re.search(rf"Figure {number} \(p\.", text)]
        # never before the text that first refers to it, and at most a page after it
        assert cited and cited[0] <= placed <= cited[0] + 1, (number, cited, placed)
