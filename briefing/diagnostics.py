"""Problems found in content, reported one line each: ``path:line:col: error: message [code]``.

Everything that reads content records problems in a ``Diagnostics`` collection instead of
raising, so that one run shows every problem at once.
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import words

#: Problems kept and printed of one code; how many more there were is said in one line.
SHOWN_PER_CODE = 50
#: Characters of a message printed; a value pasted into a field can be megabytes long.
MESSAGE_LIMIT = 400


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}" + (f":{self.col}" if self.col else "")


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: str  # "error" | "warning"
    message: str
    code: str
    hint: str = ""

    def __str__(self) -> str:
        message = _clipped(self.message)
        text = f"{_shown(str(self.location))}: {self.severity}: {_shown(message)} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {_shown(_clipped(self.hint))}"
        return text


@dataclass
class Diagnostics:
    """The problems of a run. Of one code, the first ``SHOWN_PER_CODE`` are kept and the
    rest only counted: a file of thousands of broken entries is the same mistake again, and
    millions of lines would cost the memory and the reader's patience."""

    items: list[Diagnostic] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)  # (severity, code) -> not kept
    _kept: Counter = field(default_factory=Counter, repr=False)

    def error(self, location: Location, message: str, code: str, hint: str = "") -> None:
        self._add(Diagnostic(location, "error", message, code, hint))

    def warning(self, location: Location, message: str, code: str, hint: str = "") -> None:
        self._add(Diagnostic(location, "warning", message, code, hint))

    def _add(self, diagnostic: Diagnostic) -> None:
        if self._kept[diagnostic.code] < SHOWN_PER_CODE:
            self._kept[diagnostic.code] += 1
            self.items.append(diagnostic)
        else:
            self.left_out[diagnostic.severity, diagnostic.code] += 1

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def count(self, severity: str) -> int:
        """How many problems of a severity the run found, those not kept included."""
        return (sum(1 for d in self.items if d.severity == severity)
                + sum(n for (kind, _), n in self.left_out.items() if kind == severity))

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location, d.code, d.message))

    def report(self, stream=None, totals: bool = True) -> None:
        stream = stream or sys.stderr
        for diagnostic in self.sorted():
            print(diagnostic, file=stream)
        for (severity, code), count in sorted(self.left_out.items()):
            print(f"... and {count} more {words.inflect(count, severity)} [{code}], not shown",
                  file=stream)
        if self.items and totals:
            print(self.totals(), file=stream)

    def totals(self) -> str:
        return f"{words.count(self.count('error'), 'error')}, {words.count(self.count('warning'), 'warning')}"


class ContentError(Exception):
    """Raised once, after all problems are collected, to stop the build cleanly."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"content has {diagnostics.totals().replace(', ', ' and ')}")
        self.diagnostics = diagnostics


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest valid choice, or '' when none is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _shown(text: str) -> str:
    """Text from content made safe for one terminal line.

    Line breaks inside a quoted value become spaces, so that a problem stays one line;
    other invisible characters (terminal escape codes, bidirectional overrides, no-break
    spaces) are written as escapes, so that content cannot redraw the editor's screen and
    the editor can see what is there.
    """
    if text.isprintable():
        return text
    text = " ".join(part.strip() for part in text.splitlines())
    return "".join(c if c.isprintable() or c == " " else
                   f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}" for c in text)


def _clipped(text: str) -> str:
    if len(text) <= MESSAGE_LIMIT:
        return text
    half = MESSAGE_LIMIT // 2
    return f"{text[:half]}… ({len(text) - 2 * half} characters left out) …{text[-half:]}"

