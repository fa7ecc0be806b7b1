"""Where the body lies in an archive: the main-text paragraphs found among its lines, grouped
into ranges wherever other text (a teaser, a caption) interrupts them, each range named by
start and end markers that occur exactly once in the archive."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import quotes

START_WORDS, END_WORDS = 6, 5  # a marker's length before it has to be widened
_BULLET = re.compile(r"^(?:[-*•·‣◦]|\d{1,3}[.)])\s+")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Range:
    start: str
    end: str
    first_line: int  # 1-based lines of the archive the range spans
    last_line: int
    widened: bool  # a marker needed more words than usual to occur only once


@dataclass
class Detected:
    ranges: list[Range]
    unplaced: int  # main-text paragraphs not found in the archive
    dropped: list[int]  # first lines of ranges left out: no marker in them occurs once


def body_ranges(archive: str, main: list[str] | None) -> Detected:
    """The body ranges of ``archive``; without main text, the whole text is one range."""
    lines = archive.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    keys = [_key(line) for line in lines]
    if main is None:
        filled = [i for i, key in enumerate(keys) if key]
        groups, unplaced = [(filled[0], filled[-1])] if filled else [], 0
    else:
        placed, unplaced = _place([_key(p) for p in main if _key(p)], keys)
        groups = _groups(placed, keys)
    detected = Detected([], unplaced, [])
    for first, last in groups:
        span = _stripped(archive, starts[first], starts[last] + len(lines[last]))
        found = _markers(archive, *span)
        if found is None:
            detected.dropped.append(first + 1)
        else:
            detected.ranges.append(Range(*found[:2], first + 1, last + 1, found[2]))
    return detected


def _key(text: str) -> str:
    """A line as it is compared: normalised like a quotation, without a list bullet."""
    return _BULLET.sub("", quotes.normalise(text))


def _place(paragraphs: list[str], keys: list[str]) -> tuple[list[int], int]:
    """The archive line of each paragraph, in order. The longest paragraph that occurs is
    the anchor; the others are taken nearest to it, so that a headline repeated in the
    site's header is found where the article has it."""
    lines_of: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        lines_of.setdefault(key, []).append(i)
    where = [lines_of.get(p) or [i for i, key in enumerate(keys) if p in key] for p in paragraphs]
    known = [n for n, lines in enumerate(where) if lines]
    if not known:
        return [], len(paragraphs)
    anchor = max(known, key=lambda n: (len(paragraphs[n]), -n))
    chosen = {anchor: where[anchor][0]}
    for n in range(anchor + 1, len(paragraphs)):
        after = [i for i in where[n] if i > max(chosen.values())]
        if after:
            chosen[n] = after[0]
    for n in range(anchor - 1, -1, -1):
        before = [i for i in where[n] if i < min(chosen.values())]
        if before:
            chosen[n] = before[-1]
    return sorted(chosen.values()), len(paragraphs) - len(chosen)


def _groups(placed: list[int], keys: list[str]) -> list[tuple[int, int]]:
    """Placed lines joined into ranges while only blank lines lie between them."""
    groups: list[list[int]] = []
    for line in placed:
        if groups and not any(keys[groups[-1][1] + 1: line]):
            groups[-1][1] = line
        else:
            groups.append([line, line])
    return [(a, b) for a, b in groups]


def _stripped(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end


def _markers(archive: str, begin: int, end: int) -> tuple[str, str, bool] | None:
    """The shortest start and end of ``archive[begin:end]``, in whole words and at least a
    few of them (fewer if its first or last line is shorter), that occur once in the
    archive; None if even the whole range repeats."""
    words = list(_WORD.finditer(archive, begin, end))
    first_end = archive.find("\n", begin, end)
    last_start = archive.rfind("\n", begin, end)
    in_first = sum(1 for w in words if first_end < 0 or w.end() <= first_end)
    in_last = sum(1 for w in words if w.start() > last_start)
    start = _once(archive, (archive[begin: w.end()] for w in words), min(START_WORDS, in_first))
    stop = _once(archive, (archive[w.start(): end] for w in reversed(words)),
                 min(END_WORDS, in_last))
    if start is None or stop is None:
        return None
    return start[0], stop[0], start[1] or stop[1]


def _once(archive: str, candidates, least: int) -> tuple[str, bool] | None:
    """The first of the candidates, from the ``least``-th on, that occurs once in the
    archive, and whether it is longer than that."""
    least = max(least, 1)
    for n, candidate in enumerate(candidates, 1):
        if n < least:
            continue
        first = archive.find(candidate)
        if archive.find(candidate, first + 1) < 0:
            return candidate, n > least
    return None
