"""Warm processes for the PDF renders, made ready while the build validates and writes HTML.

A PDF task in one of doit's workers spends about a second loading WeasyPrint and the
libraries behind it (Pango, HarfBuzz, fontconfig) before it reads the HTML. So when the
build may render a PDF and has two cores, the build process starts a host process before
doit starts its workers (``arm``, by briefing.run). The host loads all that, and the hyphenation
dictionary, while the workers validate, draw the charts and write the HTML; then it forks
one renderer per edition, which waits for its task. The PDF task (``render``) tells its
renderer to go and waits for its answer: the ``pdf`` action, run in a process already
warm. A renderer serves one task, and the task reads what it says, failures included.

The host and the renderers die with the build, however it ends: the host with Linux's
parent-death signal, as doit's workers do, and a renderer is interrupted when its host
dies, so that it leaves no temporary file behind (atomic writes). A Ctrl-C at the
terminal interrupts a renderer too. When there is no renderer (one core, another system,
the renderer gone), the task renders the edition itself, as it did before.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import sys

#: What ``render`` returns when no renderer answered: the task renders the edition itself.
UNAVAILABLE = object()

#: In the build process and its workers, by edition: the renderer's two pipe ends
#: (the write end that tells it to go, the read end of its answer).
_renderers: dict[str, tuple[int, int]] = {}
_host: multiprocessing.Process | None = None
_LANG = re.compile(r'<html[^>]*\slang="([^"]+)"')
HOST_NAME = "briefing render host"  # the host's process name


def usable() -> bool:
    """A host pays only where it runs beside the workers: Linux, and two cores at least."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and len(os.sched_getaffinity(0)) >= 2)


def arm(html: str, editions) -> None:
    """In the build process, before doit forks its workers: start the host for
    ``editions``, with the hyphenation dictionary of the last build's ``html``."""
    global _host
    pipes = {}
    for edition in editions:
        go_read, go_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pipes[edition] = (go_read, go_write, answer_read, answer_write)
    _host = multiprocessing.get_context("fork").Process(
        target=_host_main, args=(html, pipes), name=HOST_NAME, daemon=True)
    _host.start()
    for edition, (go_read, go_write, answer_read, answer_write) in pipes.items():
        os.close(go_read)
        os.close(answer_write)
        _renderers[edition] = (go_write, answer_read)


def stop(rendered: bool, rendering: bool) -> None:
    """In the build process, when the run is over: end the host and its renderers.

    After a run that rendered a PDF (``rendered``) and whose PDF tasks all ended, the
    renderers are done or, never asked, see their task's pipe close: the host waits for
    them and ends, so that the build's own resource usage counts theirs. When no PDF was
    rendered (nothing to do, or the content failed to validate), or a render is still
    going (the build was interrupted), the host is ended at once, its renderers with it.
    """
    global _host
    for go_write, answer_read in _renderers.values():
        os.close(go_write)
        os.close(answer_read)
    _renderers.clear()
    if _host is not None:
        if rendered and not rendering:
            _host.join(30)
        if _host.is_alive():
            _host.terminate()
            _host.join(5)
        _host = None


def render(root: str, edition: str):
    """In a PDF task: the edition rendered by its renderer. None when it was written, a
    ``TaskFailed`` with the renderer's message when it failed, ``UNAVAILABLE`` when no
    renderer answered (the task then renders the edition itself)."""
    from doit.exceptions import TaskFailed

    ends = _renderers.pop(edition, None)
    if ends is None:
        return UNAVAILABLE
    go_write, answer_read = ends
    try:
        try:
            os.write(go_write, json.dumps({"root": root}).encode() + b"\n")
        finally:
            os.close(go_write)
        answer = _read_line(answer_read)
    except BrokenPipeError:  # the renderer is gone
        return UNAVAILABLE
    finally:
        os.close(answer_read)
    if not answer:  # it ended without answering
        return UNAVAILABLE
    answer = json.loads(answer)
    if "failed" not in answer:  # it crashed: the task renders again itself, and says why
        return UNAVAILABLE
    return TaskFailed(answer["failed"]) if answer["failed"] is not None else None


def _read_line(fd: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        data += chunk
    return data.strip()


def _host_main(html: str, pipes: dict) -> None:
    """The host: load the renderer's modules, then fork one renderer per edition."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build; the host dies with it
    for _, go_write, answer_read, _ in pipes.values():
        os.close(go_write)
        os.close(answer_read)
    try:
        _warm(html)
    except Exception:  # noqa: BLE001 - a renderer fails alike, and its task renders itself
        pass
    import gc

    gc.freeze()  # what the host loaded is shared with the renderers, untouched by collections
    host = os.getpid()
    children = []
    waiting = {edition: (ends[0], ends[3]) for edition, ends in pipes.items()}
    for edition, (go_read, answer_write) in list(waiting.items()):
        others = [fd for other, ends in waiting.items() if other != edition for fd in ends]
        pid = os.fork()
        if pid == 0:
            _renderer_main(host, edition, go_read, answer_write, others)
        children.append(pid)
        del waiting[edition]
        os.close(go_read)
        os.close(answer_write)
    for pid in children:
        os.waitpid(pid, 0)


def _warm(html: str) -> None:
    import weasyprint
    import weasyprint.css
    import weasyprint.layout
    import weasyprint.pdf
    import weasyprint.svg
    import weasyprint.text.fonts  # noqa: F401

    from . import pdf, weasypatches  # noqa: F401 - briefing.pdf imports WeasyPrint lazily

    weasypatches.patch_weasyprint()
    weasyprint.text.fonts.FontConfiguration()  # fontconfig reads its caches once
    try:
        with open(html, encoding="utf-8") as file:
            found = _LANG.search(file.read(4096))
    except OSError:
        return
    if found:  # the language of the last build's HTML: pyphen keeps the dictionary loaded
        import pyphen

        language = pyphen.language_fallback(found.group(1).replace("-", "_"))
        if language:
            pyphen.Pyphen(lang=language)


def _renderer_main(host: int, edition: str, go_read: int, answer_write: int,
                   others: list[int]) -> None:
    """A renderer: wait for the task's word, run its action, answer. Never returns."""
    code = 1
    try:
        for fd in others:  # the other renderers' ends, so that their tasks see them end
            os.close(fd)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        # interrupted, as if by Ctrl-C, when the host ends
        if not signal_when_parent_ends(signal.SIGINT, host):
            raise KeyboardInterrupt
        request = _read_line(go_read)
        if request:
            from .pdf import render_edition

            try:
                answer = {"failed": render_edition(json.loads(request)["root"], edition)}
            except Exception as exc:  # noqa: BLE001 - not a content problem; the task retries
                answer = {"crashed": f"{type(exc).__name__}: {exc}"}
            os.write(answer_write, json.dumps(answer).encode() + b"\n")
        code = 0
    except KeyboardInterrupt:
        code = 130
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)


def signal_when_parent_ends(signum: int, parent: int) -> bool:
    """Have Linux send ``signum`` to this process when ``parent`` ends (PR_SET_PDEATHSIG).
    False when ``parent`` had already ended before the signal was armed."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signum)  # PR_SET_PDEATHSIG
    return os.getppid() == parent
