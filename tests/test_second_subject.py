"""A second subject, built whole (issue 19): tests/roots/test-library, a library board's
renovation over four months, with nine kinds of event, group authors, plain-text archives
and every fixed word of the engine set to its own (``labels:`` in document.yaml).

Nothing of the repository's briefing may show in its editions: not its subject's words, and
not one of the engine's default labels, since the root sets every one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOTS, build, make_project
from test_vocabulary import SUBJECT_WORDS

from briefing.model import Labels

ROOT = "test-library"
#: the first briefing's words that a template or chart once printed whatever the subject
FIRST_BRIEFING = [*SUBJECT_WORDS, "offer", "offers", "offered", "proposal", "defence"]


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("library") / "project", ROOT))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def html_text(path: Path) -> str:
    from lxml import html

    page = html.fromstring(path.read_bytes())
    for element in page.xpath("//style | //script"):  # the page's text, not its code
        element.drop_tree()
    return " ".join(page.text_content().split())


def test_the_root_validates_strictly():
    result = subprocess.run([sys.executable, "-m", "briefing", "validate", "--strict",
                             str(ROOTS / ROOT)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout == "content/: 8 files, 11 events and 3 sources checked; 0 warnings\n"


def test_the_root_sets_every_label_to_its_own_words():
    import yaml

    document = yaml.safe_load((ROOTS / ROOT / "content/document.yaml").read_text(encoding="utf-8"))
    defaults = Labels().model_dump()
    assert set(document["labels"]) == set(defaults)
    assert [k for k, v in document["labels"].items() if v == defaults[k]] == []


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["briefing.pdf", "briefing-letter.pdf", "briefing.html"])
def test_no_word_of_the_first_briefing_nor_a_default_label_is_printed(library, edition):
    path = library / "build" / edition
    text = html_text(path) if edition.endswith(".html") else pdf_text(path)
    subject = re.compile(r"\b(" + "|".join(FIRST_BRIEFING) + r")\b", re.IGNORECASE)
    assert subject.findall(text) == []
    defaults = [" ".join(v.split()) for v in Labels().model_dump().values()]
    assert [d for d in defaults if re.search(rf"\b{re.escape(d)}\b", text)] == []
    for own in ("What is inside", "Main findings", "Further grounds", "Register of the works",
                "Documents consulted", "When", "Acted, towards", "What the board and others did",
                "Result", "Reading notes", "Nobody acting", "one lane per area",
                "stacked by area"):
        assert own in text, (edition, own)
    if edition.endswith(".pdf"):  # the charts' words are in the PDF's text (the web's are images)
        for own in ("Type of step (shape)", "Result (colour and fill)",
                    "step in one document only", "step in several documents (marks joined)"):
            assert own in text, (edition, own)


@pytest.mark.slow
def test_the_pdf_footer_carries_the_briefings_own_banner(library):
    text = pdf_text(library / "build/briefing.pdf")
    # on the cover's banner (set in capitals), and in the footer of every page after it
    assert text.startswith("COMMUNITY RECORDS DIGEST The Eastmere Reading Room Works")
    assert text.count("Community records digest · Edition 0.1, 2 June 2025") == 6
    assert "Page 7 of 7" in text


@pytest.mark.slow
def test_group_authors_are_printed_as_written(library):
    text = pdf_text(library / "build/briefing.pdf")
    assert "Eastmere Library Board. 2025. Minutes of the Board" in text
    assert "Friends of Eastmere Library. 2025. “Statement to Members.”" in text


@pytest.mark.slow
def test_its_charts_count_in_weeks_and_name_them(library):
    meta = {name: json.loads((library / f"build/figures/{name}.json").read_text(encoding="utf-8"))
            for name in ("timeline", "per_year", "actors", "corroboration")}
    assert meta["per_year"]["caption"] == (
        "Motions, petitions, votes and objections per week, stacked by area")
    assert meta["per_year"]["alt"].startswith(
        "Bar chart of 6 motions, petitions, votes and objections (1 motion, 1 objection, "
        "2 petitions and 2 votes) per week from the week of 3 February 2025 to the week of "
        "19 May 2025, stacked by area: reader services 3, budget 2 and building works 1.")
    assert meta["timeline"]["alt"].startswith(
        "Timeline of 11 events from the week of 3 February 2025 to the week of 26 May 2025, "
        "by area:")
    assert "26 May Chair of the board (not named; reopening notice)" in meta["timeline"]["alt"]
    assert "Chair of the board (not named; chair of the Eastmere Library Board) 1" in (
        meta["actors"]["alt"])
    assert meta["corroboration"]["caption"].endswith(
        "joined marks show a step whose citations come from several documents (related "
        "statements, not necessarily the same claim)")
    svg = (library / "build/figures/timeline.svg").read_text(encoding="utf-8")
    for tick in ("3 Feb", "17 Feb", "3 Mar", "31 Mar", "12 May", "26 May"):
        assert f">{tick}<" in svg
