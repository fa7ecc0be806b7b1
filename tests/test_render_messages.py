"""What a PDF render tells the person waiting: its progress, and one line on a missing library."""

from __future__ import annotations

import io
import shutil

import pytest

pytest.importorskip("weasyprint")

from briefing.paths import Project
from briefing.progress import Progress


@pytest.fixture
def copied(built_project, tmp_path) -> Project:
    """A copy of the built test-basic project, so that its renders leave the original be."""
    shutil.copytree(built_project, tmp_path / "project", symlinks=True)
    return Project.at(tmp_path / "project")


def render(project: Project, edition: str = "a4") -> None:
    from briefing.pdf import render_pdf

    render_pdf(project, edition)


def test_progress_is_one_plain_line_a_step_when_not_a_terminal(copied, capsys):
    render(copied)
    lines = capsys.readouterr().err.splitlines()
    steps = [line for line in lines if line.startswith("pdf:a4: ")]
    assert steps[0] == "pdf:a4: laying out pages"
    assert any(line.endswith("pages laid out; writing the PDF") for line in steps)
    assert steps[-1].startswith("pdf:a4: written (")
    assert not any("\033" in line or "\r" in line for line in lines)


def test_progress_on_a_terminal_counts_pages_in_place():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress("letter", stream)
    for page in (1, 2, 3):
        progress.handle(_record(f"Step 5 - Creating layout - Page {page}"))
    progress.handle(_record("Step 6 - Creating PDF"))
    shown = stream.getvalue()
    assert shown.count("\n") == 1  # pages counted on one line, then the writing step
    assert "\r\033[Kpdf:letter: laying out page 3" in shown
    assert shown.endswith("pdf:letter: 3 pages laid out; writing the PDF\n")


def test_without_harfbuzz_subset_the_build_says_so_once(copied, capsys, monkeypatch):
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    render(copied, "a4")
    render(copied, "letter")
    err = capsys.readouterr().err
    assert err.count("HarfBuzz-Subset is not installed") == 1
    assert "libharfbuzz-subset0" in err
    assert "Using fontTools" not in err


def _record(message: str):
    import logging

    return logging.LogRecord("weasyprint.progress", logging.INFO, __file__, 0, message, (), None)

