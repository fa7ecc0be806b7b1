"""Interrupted and concurrent builds: the last good PDF survives, doit's state stays sound.

A build is killed (SIGKILL, and Ctrl-C's SIGINT) while WeasyPrint renders the PDF: the old
PDF is still there, whole and byte-identical, and the next ``doit`` completes. Two ``doit``
runs at once: the second waits for the first, says so, and then has nothing left to do.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import make_project, processes_in, ran, run_doit
from pypdf import PdfReader

from briefing.atomic import write_bytes


def _start_doit(project: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # see each task's line as it starts
    return subprocess.Popen([sys.executable, "-m", "doit"], cwd=project, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_line(proc: subprocess.Popen, prefix: str, timeout: float = 120) -> list[str]:
    """Read doit's report until a line starts with ``prefix``; the lines read so far."""
    seen, deadline = [], time.monotonic() + timeout
    for line in proc.stdout:
        seen.append(line)
        if line.startswith(prefix):
            return seen
        if time.monotonic() > deadline:
            break
    proc.kill()
    raise AssertionError(f"doit never printed {prefix!r}: {''.join(seen)}")


def _integrity(project: Path) -> str:
    with sqlite3.connect(project / "build" / ".doit.db") as db:
        return db.execute("pragma integrity_check").fetchone()[0]


@pytest.fixture
def edited_build(tmp_path):
    """A built project whose summary was then edited, so that the next build redoes the PDF."""
    project = make_project(tmp_path / "project")
    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    ledger = project / "content" / "ledger" / "2007.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace(
        "offered joint work", "proposed joint work"), encoding="utf-8")
    return project, (project / "build" / "briefing.pdf").read_bytes()


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_a_build_killed_while_rendering_keeps_the_last_pdf(edited_build, sig):
    project, before = edited_build
    pdf = project / "build" / "briefing.pdf"
    proc = _start_doit(project)
    try:
        _wait_for_line(proc, ".  pdf:a4")
        time.sleep(0.3)  # WeasyPrint is laying the pages out
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode != 0
    deadline = time.monotonic() + 10
    while processes_in(project) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_in(project) == []  # no worker or renderer renders on behind the build
    assert pdf.read_bytes() == before
    assert len(PdfReader(pdf).pages) >= 1
    if sig == signal.SIGINT:
        assert "build interrupted" in err and "Traceback" not in out + err
        assert not list((project / "build").glob(".*.tmp"))

    result = run_doit(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {"pdf:a4", "pdf:letter"} <= ran(result)
    assert pdf.read_bytes() != before
    assert "proposed joint work" in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert not list((project / "build").glob(".*.tmp"))
    assert _integrity(project) == "ok"
    assert ran(run_doit(project)) == set()


def test_two_builds_at_once_the_second_waits(tmp_path):
    project = make_project(tmp_path / "project")
    first = _start_doit(project)
    try:
        _wait_for_line(first, ".  validate")  # the first holds the build lock now
        second = _start_doit(project)
        try:
            out2, err2 = second.communicate(timeout=300)
        finally:
            second.kill()
        out1, err1 = first.communicate(timeout=300)
    finally:
        first.kill()
    assert first.returncode == 0, out1 + err1
    assert second.returncode == 0, out2 + err2
    assert "another doit is building this project" in err2
    assert "waiting for it to finish" in err2
    assert not [line for line in out2.splitlines() if line.startswith(".  ")], out2
    assert "Traceback" not in out1 + err1 + out2 + err2
    assert _integrity(project) == "ok"
    assert ran(run_doit(project)) == set()
    assert len(PdfReader(project / "build" / "briefing.pdf").pages) >= 1


def test_a_killed_write_leaves_no_temporary_file_behind(tmp_path):
    target = tmp_path / "build" / "briefing.pdf"
    target.parent.mkdir()
    (target.parent / ".briefing.pdf.k1ll3d.tmp").write_bytes(b"half a PDF")
    (target.parent / ".ledger.csv.other.tmp").write_bytes(b"another target's")
    write_bytes(target, b"%PDF whole")
    assert target.read_bytes() == b"%PDF whole"
    assert sorted(p.name for p in target.parent.iterdir()) == [
        ".ledger.csv.other.tmp", "briefing.pdf"]
