"""The live preview (``python -m briefing preview``): served, rebuilt on save, reloaded, stopped.

A preview runs on a free port in a copy of test-basic; the tests edit its content as an
editor would and read what the server sends, as a browser would (and, where chromium is
installed, in chromium itself).
"""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import make_project

from briefing.preview import Problem, inject

pytestmark = pytest.mark.preview
SUMMARY = "summary: The minister offered joint work on early warning."
DATE = "  date: 2007-07\n"


def _sigint_ignored():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Preview:
    """``python -m briefing preview --port 0`` in a project, its output read as it comes;
    ``background``: started as a script's ``cmd &`` starts it, SIGINT ignored."""

    def __init__(self, project: Path, background: bool = False):
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "preview", "--port", "0"], cwd=project,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=_sigint_ignored if background else None)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        first = self.wait_for("serving ")
        self.url = re.search(r"http://127\.0\.0\.1:\d+/briefing\.html", first).group(0)
        self.port = int(self.url.split(":")[2].split("/")[0])

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in:\n{''.join(self.seen)}")

    def drain(self) -> None:
        """Forget what it printed so far: the next wait is for lines still to come."""
        while not self.lines.empty():
            self.seen.append(self.lines.get())

    def get(self, path: str = "/briefing.html", host: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path, headers={"Host": host} if host else {})
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        connection.close()
        return response.status, body

    def events(self) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", "/__preview/events")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        assert response.readline() == b"retry: 1000\n"
        return response

    def stop(self, signum: int = signal.SIGINT) -> str:
        """Ctrl-C (or another signal); what it printed from then on."""
        before = len(self.seen)
        self.process.send_signal(signum)
        self.process.wait(timeout=60)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen[before:])


def next_event(stream: http.client.HTTPResponse) -> str:
    """The name of the next event on the stream (comments keep it alive, and are skipped)."""
    while True:
        line = stream.readline().decode()
        assert line, "the event stream ended"
        if line.startswith("event: "):
            return line[7:].strip()


def edit(path: Path, old: str, new: str) -> None:
    """Save a change as editors do: the new file replaces the old one whole."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    saved = path.with_name(path.name + ".saving")
    saved.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(saved, path)


def problem_text(page: str) -> str | None:
    found = re.search(r'<section class="preview-problem"[^>]*>(.*?)</section>', page, re.DOTALL)
    return None if found is None else re.sub(r"<[^>]+>", "", found.group(1))


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    running = Preview(make_project(tmp_path_factory.mktemp("preview") / "project"))
    running.wait_for("web edition ready")
    yield running
    running.stop()


def test_an_edited_summary_is_served_and_the_page_told_to_reload(preview):
    ledger = preview.project / "content" / "ledger" / "2007.yaml"
    stream = preview.events()
    edit(ledger, SUMMARY, "summary: The minister offered joint work on radar warning.")
    assert next_event(stream) == "reload"
    status, page = preview.get()
    assert status == 200 and "The minister offered joint work on radar warning." in page
    assert '<script src="/__preview/preview.js"' in page
    stream.close()
    preview.drain()
    edit(ledger, "summary: The minister offered joint work on radar warning.", SUMMARY)
    preview.wait_for("web edition ready")


def test_broken_content_shows_its_error_line_over_the_last_good_edition(preview):
    ledger = preview.project / "content" / "ledger" / "2007.yaml"
    stream = preview.events()
    preview.drain()
    edit(ledger, DATE, "  date: 2007-13\n")
    assert next_event(stream) == "reload"
    line = ("content/ledger/2007.yaml:2:9: error: date: date '2007-13' has no month 13 "
            "[date.impossible]")
    preview.wait_for(line)  # the terminal shows the same line
    status, page = preview.get()
    assert status == 200 and line in problem_text(page).replace("&#x27;", "'")
    assert '<h1 class="title">Test Briefing on Cooperation</h1>' in page  # the last good one
    edit(ledger, "  date: 2007-13\n", DATE)
    assert next_event(stream) == "reload"
    assert problem_text(preview.get()[1]) is None
    stream.close()


def test_the_preview_answers_only_to_its_own_address(preview):
    assert preview.get(host="briefing.example:80")[0] == 403
    assert preview.get("/", host=f"localhost:{preview.port}")[0] == 302
    status, script = preview.get("/__preview/preview.js")
    assert status == 200 and "EventSource" in script


def test_ctrl_c_stops_it_with_one_line_even_during_a_build(tmp_path):
    running = Preview(make_project(tmp_path / "project"))
    running.wait_for("building the web edition")
    said = running.stop()
    assert running.process.returncode == 0
    assert [line for line in said.splitlines() if line.strip()][-1:] == ["preview stopped"]
    assert "Traceback" not in said and "interrupted" not in said


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_preview_started_in_the_background_stops_on_sigint_and_sigterm(tmp_path, signum):
    running = Preview(make_project(tmp_path / "project"), background=True)
    running.wait_for("building the web edition")
    said = running.stop(signum)
    assert running.process.returncode == 0
    assert [line for line in said.splitlines() if line.strip()][-1:] == ["preview stopped"]
    assert "Traceback" not in said


def test_a_name_too_long_for_the_system_is_not_found(preview):
    assert preview.get("/" + "a" * 300 + ".html")[0] == 404
    assert preview.get("/" + "a" * 300 + ".svg")[0] == 404
    assert preview.get()[0] == 200
    assert "Traceback" not in "".join(preview.seen)


def test_clients_that_hang_up_early_are_no_problem(preview):
    preview.drain()
    for path in ("/briefing.html", "/__preview/events", "/figures/timeline.svg"):
        for _ in range(5):
            with socket.create_connection(("127.0.0.1", preview.port), timeout=10) as client:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
                client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{preview.port}\r\n\r\n"
                               .encode())
    assert preview.get()[0] == 200  # still serving
    time.sleep(0.5)
    preview.drain()
    printed = "".join(preview.seen)
    assert "Traceback" not in printed and "Exception" not in printed and "----" not in printed


@pytest.mark.browser
def test_the_page_reloads_itself_where_the_reader_was(preview, tmp_path):
    from browser import open_browser, start_playwright, until

    playwright = start_playwright()
    context = open_browser(playwright, tmp_path / "profile", "laptop")
    try:
        page = context.new_page()
        page.goto(preview.url)
        page.evaluate("() => window.scrollTo(0, 600)")
        assert until(page, "() => window.scrollY === 600")
        ledger = preview.project / "content" / "ledger" / "2007.yaml"
        edit(ledger, SUMMARY, "summary: The minister offered joint work on sensors.")
        assert until(page, "() => document.body.textContent.includes('joint work on sensors')", 60)
        assert until(page, "() => window.scrollY === 600")
        assert page.evaluate("() => window.__policyViolations") == []
        preview.drain()
        edit(ledger, "summary: The minister offered joint work on sensors.", SUMMARY)
        preview.wait_for("web edition ready")
    finally:
        context.close()
        playwright.stop()


def test_the_problem_panel_is_text_and_the_preview_may_load_its_own_files():
    page = ('<html><head><meta http-equiv="Content-Security-Policy" content="default-src '
            "'none'; script-src 'sha256-x'; style-src 'sha256-y'\"></head><body>\n<p>x</p>")
    served = inject(page, "v1", Problem("Did not build.", ["a.yaml:1:1: error: <b>no</b>"]),
                    "http://127.0.0.1:8000")
    assert ("script-src http://127.0.0.1:8000/__preview/preview.js 'sha256-x'; style-src "
            "http://127.0.0.1:8000/__preview/preview.css 'sha256-y'; connect-src "
            "http://127.0.0.1:8000/__preview/events" in served)
    assert "'self'" not in served  # not every script that build/ may hold
    assert "a.yaml:1:1: error: &lt;b&gt;no&lt;/b&gt;" in served
    assert served.index('class="preview-problem"') < served.index("<p>x</p>")


def test_a_port_in_use_is_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "briefing", "preview", "--port", str(port)],
                                cwd=make_project(tmp_path / "project"), capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"error: cannot serve on 127.0.0.1:{port}: Address already in use; "
                             "choose another port with --port\n")


def test_a_folder_without_a_project_is_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "briefing", "preview", "--root", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (f"error: {tmp_path} has no dodo.py: run the preview in a briefing "
                             "project\n")
