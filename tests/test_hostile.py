"""Hostile markup in content is shown as text, and nothing is fetched while building.

``tests/roots/hostile-markup`` puts ``<script>``, ``<img src="file:///etc/passwd">``,
``<link rel="attachment">``, ``<base>``, ``<iframe>``, CSS ``url()`` to local files and to a
loopback address in titles, summaries, notes, quotations, narrative and source records. A
listener on a loopback port counts connections during the whole build: there must be none.
"""

from __future__ import annotations

import re
import socket
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from conftest import make_project, run_doit
from pypdf import PdfReader

from briefing.evidence import gather
from briefing.fetcher import FetchRefused, RestrictedFetcher
from briefing.paths import Project

PLACEHOLDER = "127.0.0.1:47999"


class Listener:
    """A TCP listener on a free loopback port that counts connections, for at most ``limit`` s."""

    def __init__(self, limit: float = 600):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._deadline = time.monotonic() + limit
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        with self.sock:
            while not self._stop.is_set() and time.monotonic() < self._deadline:
                try:
                    conn, _ = self.sock.accept()
                except TimeoutError:
                    continue
                self.connections += 1
                conn.close()

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.connections

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_for(condition, timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_the_listener_counts_a_connection():
    """The control: were anything fetched from the loopback port, the listener would see it."""
    with Listener(limit=30) as listener:
        socket.create_connection(("127.0.0.1", listener.port), timeout=5).close()
        assert _wait_for(lambda: listener.connections == 1)


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", root="hostile-markup")
    with Listener() as listener:
        for path in (project / "content").rglob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(PLACEHOLDER, f"127.0.0.1:{listener.port}"),
                            encoding="utf-8")
        result = run_doit(project)
        time.sleep(0.3)  # let a late connection, if any, arrive
    return project, result, listener.connections


def test_hostile_content_builds_and_nothing_is_fetched(hostile_build):
    project, result, connections = hostile_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert connections == 0


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.lasttag == "style":
            self.styles.append(data)


def test_html_has_only_the_templates_markup(hostile_build):
    project, _, _ = hostile_build
    html = (project / "build" / "briefing.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    hostile_url = re.compile(r"file:|127\.0\.0\.1|javascript:|passwd", re.I)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"iframe", "object", "embed", "base", "frame", "applet"}
    # the template's one inline script and its policy (allowing it by digest) are the only ones
    assert [attrs for tag, attrs in parser.tags if tag == "script"] == [{}]
    assert [attrs["http-equiv"] for tag, attrs in parser.tags
            if tag == "meta" and "http-equiv" in attrs] == ["Content-Security-Policy"]
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        fetching = [attrs.get(a) or "" for a in ("src", "href", "data", "srcset", "style",
                                                  "action", "poster", "xlink:href")]
        assert not [v for v in fetching if hostile_url.search(v)], (tag, attrs)
        assert not (tag == "link" and attrs.get("rel") == "attachment"), attrs
        assert not (tag == "img" and "://" in attrs.get("src", "")), attrs
    assert not [css for css in parser.styles if hostile_url.search(css)]
    # the markup is there, as text
    for shown in ("&lt;script&gt;document.write(", "&lt;link rel=", "&lt;base href=",
                  "&lt;img src=", "url(http://127.0.0.1:", "file:///etc/passwd",
                  "· &lt;script&gt;alert("):  # the last: a vocabulary label in the chronology
        assert shown in html, shown


def _passwd_marker() -> bytes | None:
    try:
        first = Path("/etc/passwd").read_bytes().splitlines()[0]
    except (OSError, IndexError):
        return None
    return first[: first.find(b":", first.find(b":") + 1) + 1] or None  # e.g. b"root:x:"


@pytest.mark.parametrize("name", ["briefing.pdf", "briefing-letter.pdf"])
def test_pdf_attaches_only_its_evidence_and_no_local_file(hostile_build, name):
    project, _, _ = hostile_build
    path = project / "build" / name
    marker = _passwd_marker()
    evidence = {item.name for item in gather(Project.at(project))}  # the build's own files
    with pikepdf.open(path) as pdf:
        assert set(pdf.attachments) == evidence
        assert {str(spec.UF) for spec in pdf.Root.AF} == evidence
        for page in pdf.pages:
            for annot in page.obj.get("/Annots") or []:
                assert annot.get("/Subtype") != "/FileAttachment"
                action = annot.get("/A")
                if action is not None:
                    assert action.get("/S") in ("/GoTo", None), repr(action)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Filespec":
                assert str(obj.UF) in evidence, f"file object in the PDF: {obj!r}"
            if marker and isinstance(obj, pikepdf.Stream):
                try:
                    data = obj.read_bytes()
                except pikepdf.PdfError:
                    data = obj.read_raw_bytes()
                assert marker not in data
    if marker:
        assert marker not in path.read_bytes()


def test_pdf_prints_the_markup_as_text(hostile_build):
    project, _, _ = hostile_build
    reader = PdfReader(project / "build" / "briefing.pdf")
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert "<script>" in text
    assert "file:///etc/passwd" in text
    assert reader.metadata.title.startswith("Hostile <script>")


# --- the fetcher itself ------------------------------------------------------------------

@pytest.fixture
def allowed(tmp_path) -> Path:
    folder = tmp_path / "allowed"
    folder.mkdir()
    (folder / "style.css").write_text("p { color: black }", encoding="utf-8")
    return folder


def test_fetcher_reads_a_file_in_an_allowed_folder(allowed):
    response = RestrictedFetcher([allowed]).fetch((allowed / "style.css").as_uri())
    assert response.read() == b"p { color: black }"
    assert response.content_type == "text/css"


def test_fetcher_allows_data_urls(allowed):
    response = RestrictedFetcher([allowed]).fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "file://otherhost/etc/passwd",
    "ftp://127.0.0.1/x",
    "https://example.org/style.css",
    "javascript:alert(1)",
])
def test_fetcher_refuses_files_outside_and_other_schemes(allowed, url):
    fetcher = RestrictedFetcher([allowed])
    with pytest.raises(FetchRefused, match="refused to fetch"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_paths_that_climb_out(allowed):
    fetcher = RestrictedFetcher([allowed])
    for url in (f"{allowed.as_uri()}/../../../../etc/passwd",
                f"{allowed.as_uri()}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                allowed.as_uri()):  # a folder, not a file
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_fetcher_refuses_a_symlink_that_escapes(allowed, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the PDF", encoding="utf-8")
    (allowed / "innocent.css").symlink_to(secret)
    (allowed / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    fetcher = RestrictedFetcher([allowed])
    for url in ((allowed / "innocent.css").as_uri(),
                (allowed / "linked-folder" / "secret.txt").as_uri()):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_fetcher_refuses_loopback_without_connecting(allowed):
    with Listener(limit=30) as listener:
        fetcher = RestrictedFetcher([allowed])
        for url in (f"http://127.0.0.1:{listener.port}/x.css",
                    f"HTTP://127.0.0.1:{listener.port}/x.css",
                    f"http://localhost:{listener.port}/x.png"):
            with pytest.raises(FetchRefused):
                fetcher.fetch(url)
        # the control: an ordinary fetch of the same address does reach the listener
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{listener.port}/x.css", timeout=5)
        assert _wait_for(lambda: listener.connections == 1)


def test_dollar_signs_in_names_are_drawn_as_text(tmp_path):
    from briefing import charts, validate

    project = make_project(tmp_path / "project")
    ledger = project / "content" / "ledger" / "2007.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace(
        "{name: The minister, role: Minister", "{name: 'The $\\frac{minister', role: 'Minister $x^'"),
        encoding="utf-8")
    where = Project.at(project)
    assert validate.write_content_json(where, figures=where.figure_names()).errors == []
    for name in where.figure_names():
        charts.write_chart(where, name)
