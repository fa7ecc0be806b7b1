"""Pages filled to their foot (issue 21): the print.gap warning, and this briefing set well.

test-gap ends its one section with two charts, the second too tall for the space the first
leaves, and no text after them to fill the page: its A4 page 4 must be reported. The
briefing of this repository is built once, both editions, and must have no such page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_doit
from pypdf import PdfReader

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


def test_this_briefing_has_no_page_blank_mid_part(briefing):
    _, output = briefing
    assert not GAP.findall(output), output


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
