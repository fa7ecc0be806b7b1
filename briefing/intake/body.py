"""Where the body lies in an archive: the main-text paragraphs found among its lines, grouped
into ranges wherever other text (a teaser, a caption) interrupts them, each range named by
start and end markers that occur exactly once in the archive."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from .. import quotes

START_WORDS, END_WORDS = 6, 5  # a marker's length before it has to be widened
MARKER_WORDS, MARKER_CHARS = 60, 1000  # the longest a marker is widened to: a range whose
# ends repeat for longer is left out
RANGES = 200  # ranges at most; main text in more pieces is taken as one range
LOOKUPS = 200  # main-text paragraphs looked for inside longer lines, at most
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
    pieces: int = 0  # when main text came in more than RANGES pieces: how many (one range)


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
    if len(groups) > RANGES:
        detected.pieces, groups = len(groups), [(groups[0][0], groups[-1][1])]
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
    inside = _Inside(keys)
    where = [lines_of.get(p) or inside.lines(p) for p in paragraphs]
    known = [n for n, lines in enumerate(where) if lines]
    if not known:
        return [], len(paragraphs)
    anchor = max(known, key=lambda n: (len(paragraphs[n]), -n))
    chosen = {anchor: where[anchor][0]}
    last = first = where[anchor][0]
    for n in range(anchor + 1, len(paragraphs)):
        after = bisect.bisect_right(where[n], last)
        if after < len(where[n]):
            chosen[n] = last = where[n][after]
    for n in range(anchor - 1, -1, -1):
        before = bisect.bisect_left(where[n], first)
        if before:
            chosen[n] = first = where[n][before - 1]
    return sorted(chosen.values()), len(paragraphs) - len(chosen)


class _Inside:
    """The lines that hold a paragraph as part of them (a caption run into its paragraph),
    looked up in the joined lines by ``str.find``, for ``LOOKUPS`` paragraphs at most."""

    def __init__(self, keys: list[str]):
        self.text = "\n".join(keys)
        self.starts = list(itertools.accumulate((len(k) + 1 for k in keys[:-1]), initial=0))
        self.left = LOOKUPS

    def lines(self, paragraph: str) -> list[int]:
        if self.left <= 0:
            return []
        self.left -= 1
        found, at = [], self.text.find(paragraph)
        while at >= 0:
            line = bisect.bisect_right(self.starts, at) - 1
            found.append(line)
            after = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
            at = self.text.find(paragraph, after)  # the next line that holds it
        return found


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
    archive; None if even ``MARKER_WORDS`` words (or ``MARKER_CHARS`` characters) repeat."""
    head = list(itertools.islice(_WORD.finditer(archive, begin, end), MARKER_WORDS))
    tail = _last_words(archive, begin, end, MARKER_WORDS)
    first_end = archive.find("\n", begin, end)
    last_start = archive.rfind("\n", begin, end)
    in_first = sum(1 for w in head if first_end < 0 or w.end() <= first_end)
    in_last = sum(1 for w in tail if w.start() > last_start)
    start = _once(archive, [archive[begin: w.end()] for w in head
                            if w.end() - begin <= MARKER_CHARS], min(START_WORDS, in_first))
    stop = _once(archive, [archive[w.start(): end] for w in reversed(tail)
                           if end - w.start() <= MARKER_CHARS], min(END_WORDS, in_last))
    if start is None or stop is None:
        return None
    return start[0], stop[0], start[1] or stop[1]


def _last_words(text: str, begin: int, end: int, count: int) -> list[re.Match]:
    """The last ``count`` words of ``text[begin:end]``, found in a window that doubles."""
    window = 64 * count
    while True:
        start = max(begin, end - window)
        words = list(_WORD.finditer(text, start, end))
        if start == begin or len(words) > count:
            return words[-count:] if start == begin else words[1:][-count:]  # the first may be cut
        window *= 2


def _once(archive: str, candidates: list[str], least: int) -> tuple[str, bool] | None:
    """The first of the candidates (each longer than the one before), from the ``least``-th
    on, that occurs once in the archive, and whether it is longer than that. A longer one
    occurs at most where a shorter one does, so the first is found by halving the range."""
    low, high = max(least, 1) - 1, len(candidates) - 1
    if high < low or not _unique(archive, candidates[high]):
        return None
    while low < high:
        mid = (low + high) // 2
        if _unique(archive, candidates[mid]):
            high = mid
        else:
            low = mid + 1
    return candidates[low], low + 1 > max(least, 1)


def _unique(archive: str, text: str) -> bool:
    return archive.find(text, archive.find(text) + 1) < 0
