"""``python -m briefing preview``: the web edition on this computer, rebuilt on every save.

It serves ``build/`` on 127.0.0.1 only and watches ``content/``, ``templates/`` and
``figures/``. On every save it runs the project's own ``dodo.py`` through doit, in a process
of its own (so the build lock of ``briefing.reporter`` keeps it from racing another build):
first the web edition (``doit html fonts``), then everything else (the PDFs). A save while
the PDFs are being made stops that build (atomic writes keep every output whole) and starts
again with the web edition.

The page it serves is the web edition with two additions, made only as it is served: a
small script that listens to ``/__preview/events`` (server-sent events) and reloads the page,
at the same scroll position, when what the page shows has changed; and, while the last
build failed, a panel at the top with the lines doit printed (``path:line:col: error: ...``,
as in the terminal), over the last good edition.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .paths import Project

HOST = "127.0.0.1"
PREFIX = "/__preview/"
EVENTS = PREFIX + "events"
ASSETS = {"preview.js": "text/javascript", "preview.css": "text/css"}  # under templates/
WATCHED = ("content", "templates", "figures")
WEB_TASKS = ("html", "fonts")
KEEPALIVE_S = 15
_CSP = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')
_BODY = re.compile(r"<body\b[^>]*>")


def add_arguments(parser) -> None:
    parser.add_argument("--port", type=int, default=8000,
                        help="port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--root", "--project", dest="root", default=".",
                        help="the project folder (default: this one)")


def run(args) -> int:
    import watchfiles

    _stop_on_signals()
    project = Project.at(args.root)
    if not (project.root / "dodo.py").is_file():
        print(f"error: {project.root} has no dodo.py: run the preview in a briefing project",
              file=sys.stderr)
        return 2
    page = Page(project)
    try:
        server = serve(page, args.port)
    except OSError as exc:
        print(f"error: cannot serve on {HOST}:{args.port}: {exc.strerror or exc}; "
              "choose another port with --port", file=sys.stderr)
        return 2
    builder = Builder(project, page)
    try:
        port = server.server_address[1]
        watched = [project.root / name for name in WATCHED if (project.root / name).is_dir()]
        say(f"serving {project.relative(project.build)}/ at http://{HOST}:{port}/"
            f"{project.html.name} (watching {', '.join(p.name + '/' for p in watched)}; "
            "Ctrl-C stops)")
        builder.start()
        for changes in watchfiles.watch(*watched, raise_interrupt=True):
            saved = {path for _, path in changes if Path(path).exists()}  # not editors' temporaries
            names = sorted(project.relative(path) for path in saved or {p for _, p in changes})
            builder.request(", ".join(names[:3]) + (" ..." if len(names) > 3 else ""))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C: still one line
        builder.stop()
        page.close()
        server.shutdown()
    print("\npreview stopped", flush=True)
    return 0


def _stop_on_signals() -> None:
    """Ctrl-C and a plain ``kill`` stop the preview alike. A script that starts it in the
    background hands SIGINT on as ignored (so do shells without job control): it is taken
    back here."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop)


#: how long a build stopped by a new save may take to end before it is killed
STOP_GRACE_S = 5


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


# --- what the page shows -------------------------------------------------------------------


@dataclass
class Problem:
    title: str
    lines: list[str]


@dataclass
class Page:
    """What the served page shows: the last good edition, and the last build's problem if any.

    ``version`` is a digest of both; a client whose page has another version reloads.
    """

    project: Project
    problem: Problem | None = None
    version: str = ""
    closed: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def __post_init__(self):
        self.version = self._digest()

    def publish(self, problem: Problem | None) -> None:
        with self.changed:
            self.problem = problem
            version = self._digest()
            if version != self.version:
                self.version = version
                self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def _digest(self) -> str:
        digest = hashlib.sha256()
        if self.project.html.is_file():
            digest.update(self.project.html.read_bytes())
        if self.problem:
            digest.update("\n".join([self.problem.title, *self.problem.lines]).encode())
        return digest.hexdigest()[:16]

    def render(self, name: str, origin: str) -> bytes | None:
        """The page ``build/<name>`` as served from ``origin`` (``http://127.0.0.1:8000``),
        or None when there is none to serve (a name too long for the system is none)."""
        path = self.project.build / name
        try:
            text = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            text = None
        if text is None and name != self.project.html.name:
            return None
        with self.changed:
            return inject(EMPTY_PAGE if text is None else text, self.version, self.problem,
                          origin).encode("utf-8")


EMPTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>No web edition yet</title></head>
<body><main><h1>No web edition yet</h1><p>It appears here once the content builds.</p></main></body></html>
"""


def inject(page: str, version: str, problem: Problem | None, origin: str) -> str:
    """The preview's script, its stylesheet and the problem panel, added to a page."""
    page = _CSP.sub(lambda m: m.group(1) + _preview_policy(m.group(2), origin) + m.group(3),
                    page, count=1)
    head = (f'<link rel="stylesheet" href="{PREFIX}preview.css">'
            f'<script src="{PREFIX}preview.js" data-version="{version}" defer></script>\n')
    page = page.replace("</head>", head + "</head>", 1)
    if problem:
        panel = ('<section class="preview-problem" role="alert" aria-label="Build problem">'
                 f"<p class=\"preview-problem-title\">{html.escape(problem.title)}</p>"
                 f"<pre>{html.escape(chr(10).join(problem.lines))}</pre></section>\n")
        page = _BODY.sub(lambda m: m.group(0) + "\n" + panel, page, count=1)
    return page


def _preview_policy(policy: str, origin: str) -> str:
    """The page's own policy, plus the preview's script, stylesheet and event stream, each
    named by its address (not 'self', which would allow any script under build/)."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    names = [d.split()[0] for d in directives]
    for name, path in (("script-src", "preview.js"), ("style-src", "preview.css"),
                       ("connect-src", "events")):
        source = f"{origin}{PREFIX}{path}"
        if name in names:
            i = names.index(name)
            directives[i] = directives[i].replace("'none'", "").replace(name, f"{name} {source}", 1)
        else:
            directives.append(f"{name} {source}")
    return "; ".join(" ".join(d.split()) for d in directives)


# --- the server ----------------------------------------------------------------------------


def serve(page: Page, port: int) -> ThreadingHTTPServer:
    """Serve ``build/`` and the preview's own paths on 127.0.0.1, in a thread of its own."""

    class Handler(PreviewHandler):
        pass

    Handler.page = page
    server = _Server((HOST, port), lambda *a: Handler(*a, directory=str(page.project.build)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a page, or reloads it, hangs up in the middle of an answer:
        that is no problem to report. Anything else is one line, not a traceback."""
        problem = sys.exc_info()[1]
        if not isinstance(problem, ConnectionError):
            say(f"a request to the preview failed: {type(problem).__name__}: {problem}")


class PreviewHandler(SimpleHTTPRequestHandler):
    page: Page

    def do_GET(self):
        if not self._local():
            self.send_error(403, "the preview answers only to its own address")
            return
        path = urlsplit(self.path).path
        if path == "/":
            self.send_response(302)
            self.send_header("Location", "/" + self.page.project.html.name)
            self.end_headers()
        elif path == "/favicon.ico":
            self.send_response(204)  # the briefing has none; say so without a 404 in the console
            self.end_headers()
        elif path == EVENTS:
            self._events()
        elif path.startswith(PREFIX):
            self._asset(path[len(PREFIX):])
        elif path.endswith(".html") and "/" not in path[1:]:
            body = self.page.render(path[1:], f"http://{self.headers['Host']}")
            if body is None:
                self.send_error(404)
            else:
                self._send(body, "text/html; charset=utf-8")
        else:
            super().do_GET()

    def do_HEAD(self):
        self.send_error(405)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass  # the terminal is for the build's lines

    def _local(self) -> bool:
        """Refuse pages of other sites that reach the preview by a name of their own."""
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, body: bytes, media_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _asset(self, name: str) -> None:
        if name not in ASSETS:
            self.send_error(404)
            return
        self._send((self.page.project.templates / name).read_bytes(), ASSETS[name])

    def _events(self) -> None:
        """Server-sent events: ``reload`` whenever the page differs from the client's version."""
        page = self.page
        seen = parse_qs(urlsplit(self.path).query).get("version", [page.version])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        message = b"retry: 1000\n\n"
        while True:
            try:
                self.wfile.write(message)
                self.wfile.flush()
            except OSError:  # the page was closed or reloaded
                return
            with page.changed:
                page.changed.wait_for(lambda seen=seen: page.version != seen or page.closed,
                                      KEEPALIVE_S)
                if page.closed:
                    return
                if page.version != seen:
                    seen = page.version
                    message = f"event: reload\ndata: {seen}\n\n".encode()
                else:
                    message = b": still here\n\n"


# --- the builds ----------------------------------------------------------------------------


class Builder(threading.Thread):
    """Builds on request: the web edition, then the rest; a new request stops the rest."""

    def __init__(self, project: Project, page: Page):
        super().__init__(name="preview-builder", daemon=True)
        self.project, self.page = project, page
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.reason = "starting"
        self.wanted.set()

    def request(self, reason: str) -> None:
        self.reason = reason
        self.wanted.set()

    def stop(self) -> None:
        self.stopping.set()
        self.wanted.set()
        if self.is_alive():
            self.join(timeout=30)

    def run(self) -> None:
        while True:
            self.wanted.wait()
            if self.stopping.is_set():
                return
            self.wanted.clear()
            say(f"{self.reason}: building the web edition")
            started = time.perf_counter()
            ok, lines = self._doit(*WEB_TASKS)
            if ok is None:
                return
            if not ok:
                self.page.publish(Problem("The last save did not build. Below is the last good "
                                          "edition.", problem_lines(lines)))
                say("the web edition was not rebuilt: the page shows the problem")
                continue
            self.page.publish(None)
            say(f"web edition ready ({time.perf_counter() - started:.1f} s); "
                "building the PDF editions")
            started = time.perf_counter()
            ok, lines = self._doit(interruptible=True)
            if ok is None:
                continue  # a new save, or Ctrl-C: see the top of the loop
            if ok:
                say(f"PDF editions ready ({time.perf_counter() - started:.1f} s)")
            else:
                self.page.publish(Problem("The web edition below is current, but the PDF "
                                          "editions did not build.", problem_lines(lines)))
                say("the PDF editions were not rebuilt: the page shows the problem")

    def _doit(self, *tasks: str, interruptible: bool = False) -> tuple[bool | None, list[str]]:
        """Run doit in the project; None when it was stopped by a new save or by Ctrl-C."""
        process = subprocess.Popen(
            [sys.executable, "-m", "doit", *tasks], cwd=self.project.root,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace",
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True)  # Ctrl-C in the terminal is the preview's to handle
        stopped = threading.Event()

        def interrupt():
            while process.poll() is None:
                if self.stopping.is_set() or (interruptible and self.wanted.is_set()):
                    stopped.set()
                    process.send_signal(signal.SIGINT)
                    # doit stopped in the middle of handing a task to a worker process can
                    # hang on exit; its outputs are written atomically, so end it for sure
                    try:
                        process.wait(timeout=STOP_GRACE_S)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                    return
                time.sleep(0.05)

        threading.Thread(target=interrupt, daemon=True).start()
        lines = []
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if not stopped.is_set() and not line.startswith("-- "):
                sys.stdout.write(line)
                sys.stdout.flush()
        process.wait()
        if stopped.is_set():
            return None, lines
        return process.returncode == 0, lines


def problem_lines(lines: list[str]) -> list[str]:
    """What doit printed, without its lines naming each task it ran or found up to date."""
    return [line for line in lines if not line.startswith((".  ", "-- "))]
