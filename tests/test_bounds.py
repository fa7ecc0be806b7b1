"""Bounded and unbreakable: inputs that once stalled, blew up or crashed validation and the
commands, each held to a CPU time and memory limit in a child process (``run_limited``), each
with the exact line the user sees, and an ordinary input beside it that passes."""

from __future__ import annotations

import os
import textwrap

import pytest
from conftest import REPO, run_limited
from test_validate import diagnostics_of as problems
from test_validate import edit


def limited(code: str, **limits):
    result = run_limited(textwrap.dedent(code), cwd=REPO, **limits)
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr[-2000:])
    return result.stdout


# --- the closest passage to a quotation that is not found --------------------------------

def test_the_closest_passage_in_a_megabyte_takes_little_time():
    """One wrong 1 KB quotation against a 1 MB body: 32 s when every character was compared
    with every other; now well under the 2 s of CPU the child is allowed."""
    out = limited("""
        from briefing.quotes import cut_body
        lines = [f"Line {n} of the record: the delegation number {n} met at the border post."
                 for n in range(14000)]
        archive = "\\n".join(lines)
        assert len(archive) > 1_000_000
        body, problems = cut_body(archive, [("Line 0 ", "number 13999 met at the border post.")])
        wanted = " ".join(lines[7000:7014]).replace("number 7006 met", "number 7006 sat")
        assert len(wanted) > 1000 and not body.contains(wanted)
        print(body.closest(wanted))
    """, cpu_s=2, memory_mb=512)
    assert out.startswith("Line 7000 of the record: the delegation number 7000 met")
    assert out.rstrip().endswith("the delegation number 7013 met at the border post.")


def test_the_closest_passage_is_the_longest_run_shared():
    from briefing.quotes import cut_body

    body, _ = cut_body("Menu\nThe minister said the two sides would meet again soon. The "
                       "minister said nothing of radar. End", [("The", "End")])
    assert body.closest("the two sides would meet later") == "the two sides would meet again"
    assert body.closest("The minister said nothing of the radar") == (
        "The minister said nothing of radar. End")
    assert body.closest("unlike anything there") is None


# --- numbers YAML 1.1 reads in its own way, and files that are not files ------------------

def validated(project):
    from briefing import validate
    from briefing.paths import Project

    return validate.validate(Project.at(project))[0]


@pytest.mark.parametrize("written, kept", [("1:20:30", "1:20:30"), ("010", "010"),
                                           ("0x1F", "0x1F"), ("2", "2"), ("1.10", "1.10")])
def test_an_unquoted_edition_is_kept_as_written(project, written, kept):
    """YAML 1.1 reads 1:20:30 as base 60 (4830) and 010 as octal (8)."""
    edit(project, "document.yaml", 'edition: "0.1"', f"edition: {written}")
    assert validated(project)["document"]["edition"] == kept


def test_a_number_of_thousands_of_digits_is_text_or_one_line(project):
    digits = "7" * 5000
    edit(project, "ledger/2007.yaml", "summary: The minister offered joint work on early warning.",
         f"summary: {digits}")
    assert validated(project)["events"][0]["summary"] == digits
    edit(project, "ledger/2007.yaml", "quote: explore joint work on early warning",
         f"quote: explore joint work on early warning\n      credibility: {digits}")
    assert problems(project) == ["content/ledger/2007.yaml:13:20: error: citations[0]."
                                 "credibility: a number of 5000 digits is too long [field.type]"]


def test_a_named_pipe_in_content_is_not_opened(project):
    os.mkfifo(project / "content" / "ledger" / "2099.yaml")
    result = run_limited("import sys; from briefing.__main__ import main; sys.exit(main())",
                         "validate", "--root", str(project), cpu_s=20, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/ledger/2099.yaml: error: file is a named pipe (FIFO), not a regular file: it "
        "is not read [file.not-regular]",
        "    hint: content files are ordinary files; remove it or put a copy of what it holds "
        "in its place",
        "1 error, 0 warnings"]


def test_thousands_of_broken_entries_print_fifty_lines_of_each_kind(project):
    (project / "content" / "ledger" / "2099.yaml").write_text("- {}\n" * 20000)
    result = run_limited("import sys; from briefing.__main__ import main; sys.exit(main())",
                         "validate", "--root", str(project), cpu_s=30, memory_mb=1024)
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(lines) == 52
    assert lines[0] == ("content/ledger/2099.yaml:1:3: error: missing required field 'actors' "
                        "[field.missing]")
    assert lines[-2:] == ["... and 139950 more errors [field.missing], not shown",
                          "140000 errors, 0 warnings"]


def test_a_value_megabytes_long_is_shown_in_part(project):
    edit(project, "ledger/2007.yaml", "kind: offer", "kind: " + "x" * 1_000_000)
    (line,) = problems(project)
    assert line.startswith("content/ledger/2007.yaml:3:9: error: kind: 'xxx")
    assert "… (999691 characters left out) …" in line and len(line) < 500
