"""The commands as a user types them: one way to name the project folder, one line when all
is well, and a quiet end when the reader of the output goes away."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_validate import edit

from briefing.__main__ import main


@pytest.mark.parametrize("spelling", [["--root", "{root}"], ["{root}"]])
def test_validate_names_the_folder_with_root_or_as_before(project, capsys, spelling):
    assert main(["validate", *(part.format(root=project) for part in spelling)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "content/: 6 files, 2 events and 1 source checked; 0 warnings\n"
    assert captured.err == ""


def test_validate_with_warnings_prints_them_then_the_one_line(project, capsys):
    edit(project, "ledger/2007.yaml", "  outcome: {status: not-pursued, basis: the proposal "
         "was set aside, note: Set aside at a second meeting.}\n", "")
    assert main(["validate", "--root", str(project)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "content/: 6 files, 2 events and 1 source checked; 1 warning\n"
    assert captured.err.splitlines() == [
        "content/ledger/2007.yaml:1:7: warning: offer 'minister-offer-2007' has no outcome "
        "[event.no-outcome]",
        "    hint: add outcome: {status: unknown} if the sources do not say"]


def test_validate_refuses_two_different_folders(project, tmp_path, capsys):
    assert main(["validate", str(tmp_path), "--root", str(project)]) == 2
    assert capsys.readouterr().err == (f"error: two project folders given: {tmp_path} and "
                                       f"--root {project}\n")


def test_find_ends_quietly_when_its_reader_goes_away(project):
    finding = subprocess.Popen([sys.executable, "-m", "briefing", "find", "joint work",
                                "--root", str(project)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    finding.stdout.close()  # as `| head -0` does, before find writes its first line
    error = finding.stderr.read().decode()
    finding.wait(timeout=60)
    assert error == "" and finding.returncode == 141


def test_find_still_prints_everything_to_a_reader_that_stays(project, capsys):
    assert main(["find", "joint work", "--root", str(project)]) == 0
    assert capsys.readouterr().out.startswith("gazette: content/archive/gazette.txt:5\n")


def test_the_preview_takes_root_and_its_old_project_spelling(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for option in ("--root", "--project"):
        result = subprocess.run([sys.executable, "-m", "briefing", "preview", option, str(empty)],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2
        assert result.stderr == (f"error: {empty} has no dodo.py: run the preview in a briefing "
                                 "project\n")


def test_find_does_not_open_an_archive_that_is_a_named_pipe(project):
    import os

    archive = project / "content" / "archive" / "gazette.txt"
    archive.unlink()
    os.mkfifo(archive)
    result = subprocess.run([sys.executable, "-m", "briefing", "find", "joint work", "--root",
                             str(project)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "content/sources/gazette.yaml: warning: source not searched: its archive or body "
        "markers cannot be read [find.skipped]")


BLOCKED = """
import sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name in ("lxml_html_clean", "lxml.html.clean"):
            raise ImportError(f"No module named {name!r}")
sys.meta_path.insert(0, Blocked())
from briefing.__main__ import main
sys.exit(main())
"""


def test_a_library_intake_cannot_load_is_one_line(project, tmp_path):
    """As in an environment made by Python 3.11's own pip, where lxml[html-clean] was not
    resolved: trafilatura cannot be imported."""
    from intake_fixtures import saved_page

    page = saved_page(tmp_path)
    result = subprocess.run([sys.executable, "-c", BLOCKED, "add-source", str(page), "--root",
                             str(project)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{page}: error: a library intake needs to read this file cannot be loaded (No module "
        "named 'lxml.html.clean') [intake.setup]")


def test_schema_names_the_folder_with_root_too(project, capsys):
    assert main(["schema", "--root", str(project)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "wrote schema/vocabulary.schema.json"
