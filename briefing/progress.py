"""What a PDF render is doing, for the person waiting: pages laid out, then written.

WeasyPrint logs each step of a render to its ``weasyprint.progress`` logger; ``Progress``
turns those records into lines naming the edition. On a terminal the page count is
updated in place on one line; elsewhere (a pipe, a log file, CI) each step is one plain
line, with no terminal escapes.
"""

from __future__ import annotations

import logging
import sys
import time

from .paths import pdf_task

LOGGER = "weasyprint.progress"


class Progress(logging.Handler):
    def __init__(self, edition: str, stream=None):
        super().__init__(logging.INFO)
        self.edition = edition
        self.stream = stream or sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.pages = 0
        self.step = ""
        self.started = time.monotonic()

    def emit(self, record):
        message = record.getMessage()
        if message.startswith("Step 5 - Creating layout - Repagination"):
            # page references WeasyPrint printed before their anchors were laid out turned
            # out wrong: the pages that print them are laid out again (briefing.pagerefs)
            self._say("laying out again the pages whose page references changed")
            self.step = "relayout"
        elif message.startswith("Step 5 - Creating layout - Page ") and self.step != "relayout":
            self.pages = max(self.pages, int(message.split()[7]))
            if self.live:
                self._write(f"\r\033[K{pdf_task(self.edition)}: laying out page {self.pages}", end="")
            elif self.step != "layout":
                self._write(f"{pdf_task(self.edition)}: laying out pages")
            self.step = "layout"
        elif message.startswith("Step 6 - Creating PDF"):
            self._say(f"{self.pages} pages laid out; writing the PDF")
            self.step = "write"

    def done(self) -> None:
        self._say(f"written ({self.pages} pages, {time.monotonic() - self.started:.1f} s)")

    def _say(self, text: str) -> None:
        self._write(("\r\033[K" if self.live else "") + f"{pdf_task(self.edition)}: {text}")

    def _write(self, text: str, end: str = "\n") -> None:
        self.stream.write(text + end)
        self.stream.flush()

    def __enter__(self):
        logger = logging.getLogger(LOGGER)
        logger.addHandler(self)
        self._level = logger.level
        logger.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc):
        logger = logging.getLogger(LOGGER)
        logger.removeHandler(self)
        logger.setLevel(self._level)
