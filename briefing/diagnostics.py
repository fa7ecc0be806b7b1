"""Problems found in content, reported one line each: ``path:line:col: error: message [code]``.

Everything that reads content records problems in a ``Diagnostics`` collection instead of
raising, so that one run shows every problem at once.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int = 0  # 1-based; 0 when unknown
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    severity: str  # "error" | "warning"
    message: str
    code: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{_shown(str(self.location))}: {self.severity}: {_shown(self.message)} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {_shown(self.hint)}"
        return text


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str, code: str, hint: str = "") -> None:
        self.items.append(Diagnostic(location, "error", message, code, hint))

    def warning(self, location: Location, message: str, code: str, hint: str = "") -> None:
        self.items.append(Diagnostic(location, "warning", message, code, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location, d.code, d.message))

    def report(self, stream=None) -> None:
        stream = stream or sys.stderr
        for diagnostic in self.sorted():
            print(diagnostic, file=stream)
        if self.items:
            n_err, n_warn = len(self.errors), len(self.warnings)
            print(f"{_plural(n_err, 'error')}, {_plural(n_warn, 'warning')}", file=stream)


class ContentError(Exception):
    """Raised once, after all problems are collected, to stop the build cleanly."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"content has {_plural(len(diagnostics.errors), 'error')} and "
                         f"{_plural(len(diagnostics.warnings), 'warning')}")
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
