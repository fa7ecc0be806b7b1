"""Verbatim quotations: the body of an archive, and whether a quotation occurs in it.

Only white space, typographic quotes and dashes are normalised before comparing; every
word and every other character must match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import words

_SPACE = re.compile(r"\s+")
_TRANSLATE = str.maketrans({
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
})

CITE = re.compile(r"\[@([^\]]*)\]")
CITE_ID = re.compile(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)$")
FIGURE_REF = re.compile(r"\[\[fig:([^\]]*)\]\]")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def normalise_mapped(text: str) -> tuple[str, list[int]]:
    """``normalise(text)``, and for each of its characters the index in ``text`` it stands for
    (a run of white space, made one space, stands for the run's first character)."""
    translated = text.translate(_TRANSLATE)  # one character for one: indices are kept
    parts, where, pos = [], [], 0
    for run in _SPACE.finditer(translated):
        parts += [translated[pos: run.start()], " "]
        where += [*range(pos, run.start()), run.start()]
        pos = run.end()
    parts.append(translated[pos:])
    where += range(pos, len(translated))
    joined = "".join(parts)
    lead, trail = len(joined) - len(joined.lstrip()), len(joined.rstrip())
    return joined[lead:trail], where[lead:trail]


def occurrences(text: str, quote: str, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Where ``quote`` occurs in ``text`` as the quotation check compares them: (start, end)
    offsets into ``text``, so that ``text[start:end]`` is the verbatim passage."""
    haystack, where = normalise_mapped(text)
    needle = normalise(quote)
    if ignore_case:
        haystack, needle = _lower(haystack), _lower(needle)
    found, at = [], haystack.find(needle) if needle else -1
    while at >= 0:
        found.append((where[at], where[at + len(needle) - 1] + 1))
        at = haystack.find(needle, at + 1)
    return found


def shortened(text: str, limit: int = 70) -> str:
    """A quotation as a message shows it: normalised, and cut with an ellipsis."""
    return words.shortened(normalise(text), limit)


def verbatim(text: str) -> str:
    """A passage of an archive as a quotation: its characters as they are, white space as one
    space (the check ignores the difference), so that it fits on one line."""
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Quotes and dashes as the check compares them, in lower case, one character for one:
    an offset into the result is one into ``text``."""
    return _lower(text.translate(_TRANSLATE))


def _lower(text: str) -> str:
    """Lower case, one character for one (the few that lower to two stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):  # no character lowered to two (none lowers to none)
        return lowered
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


@dataclass(frozen=True)
class Body:
    """The article body of one archive: its ranges, normalised for searching."""

    text: str  # normalised body ranges joined by a blank separator
    furniture: str  # normalised text of the whole archive, to tell furniture from typos

    def contains(self, quote: str) -> bool:
        return normalise(quote) in self.text

    def in_furniture(self, quote: str) -> bool:
        return normalise(quote) in self.furniture and not self.contains(quote)

    def closest(self, quote: str) -> str | None:
        """The passage of the body most like a quotation that is not in it: the words around
        the longest run the two share, as long as the quotation; None if they share little."""
        nearest = self.nearest(quote)
        return nearest[1] if nearest else None

    def nearest(self, quote: str) -> tuple[int, str] | None:
        """``closest``, with the length of the run the passage shares with the quotation."""
        wanted = normalise(quote)
        match = longest_shared(self.text, wanted, min(12, len(wanted)))
        if match is None:
            return None
        at, offset, size = match
        start = max(0, at - offset)
        end = start + len(wanted)
        start = self.text.rfind(" ", 0, start + 1) + 1  # widened to whole words
        stop = self.text.find(" ", end - 1)
        passage = self.text[start: stop if stop >= 0 else len(self.text)]
        return size, passage.split("\x00")[0].strip(" \n\"'")


#: Occurrences of one block of a quotation followed up in the body: a block found more often
#: is common words, which the run sought is also made of blocks found less often.
SEEDS_PER_BLOCK = 400


def longest_shared(text: str, wanted: str, least: int) -> tuple[int, int, int] | None:
    """The longest run of characters ``text`` and ``wanted`` share, as (start in text, start
    in wanted, length), if it is ``least`` long or more; of equal runs the first in text.

    Found from seeds rather than by comparing everything with everything (quadratic: 30 s
    for 1 KB against 1 MB): a run of 2b - 1 characters holds a whole block b of ``wanted``
    cut at multiples of b, so the blocks are looked up in ``text`` (``str.find``, in C) and
    each place one occurs is extended both ways. The blocks halve until a run that long is
    found, or until they are half of ``least``.
    """
    if not wanted or least < 1:
        return None
    smallest = max(1, (least + 1) // 2)
    best, block = (0, 0, 0), max(len(wanted) // 2, smallest)
    while True:
        for j in range(0, len(wanted) - block + 1, block):
            piece, i, seen = wanted[j: j + block], text.find(wanted[j: j + block]), 0
            while i >= 0 and seen < SEEDS_PER_BLOCK:
                run = _extended(text, wanted, i, j, block)
                if run[2] > best[2] or (run[2] == best[2] and run[0] < best[0]):
                    best = run
                i, seen = text.find(piece, i + 1), seen + 1
        if best[2] >= 2 * block - 1 or block == smallest:
            return best if best[2] >= least else None
        block = max(block // 2, smallest)


def _extended(text: str, wanted: str, i: int, j: int, size: int) -> tuple[int, int, int]:
    """The run through ``text[i:i+size] == wanted[j:j+size]``, as long as both agree."""
    left = _agreeing(text[max(0, i - j): i][::-1], wanted[:j][::-1])
    right = _agreeing(text[i + size: i + size + len(wanted)], wanted[j + size:])
    return i - left, j - left, left + size + right


def _agreeing(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start (by halving: slices compare
    in C, where a loop over characters would be Python's)."""
    most = min(len(a), len(b))
    if not most or a[0] != b[0]:
        return 0
    low, high = 1, most
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def body_spans(archive: str, ranges) -> tuple[list[tuple[int, int]], list[str]]:
    """The (start, end) offsets in ``archive`` of each body range given ``(start, end)``
    marker pairs; problems as messages."""
    problems, spans = [], []
    for start, end in ranges:
        begin = archive.find(start)
        if begin < 0:
            problems.append(f"body start marker not found in the archive: '{start[:60]}'")
            continue
        stop = archive.find(end, begin)
        if stop < 0:
            problems.append(f"body end marker not found after its start: '{end[:60]}'")
            continue
        spans.append((begin, stop + len(end)))
    return spans, problems


def cut_body(archive: str, ranges) -> tuple[Body | None, list[str]]:
    """The body of ``archive`` given ``(start, end)`` marker pairs; problems as messages."""
    spans, problems = body_spans(archive, ranges)
    if problems:
        return None, problems
    parts = [normalise(archive[begin:end]) for begin, end in spans]
    return Body("\n\x00\n".join(parts), normalise(archive)), []


def citation_ids(text: str) -> tuple[list[str], list[str]]:
    """The ids cited in ``text`` as ``[@a; @b]``, and any malformed citation markers."""
    ids, bad = [], []
    for marker in CITE.finditer(text):
        for part in marker.group(1).split(";"):
            match = CITE_ID.match(part.strip())
            if match:
                ids.append(match.group(1))
            else:
                bad.append(marker.group(0))
    return ids, bad


def quotations(text: str) -> list[str]:
    """Words in double quotation marks in narrative text."""
    return [words.quoted_text(match) for match in words.QUOTED.finditer(CITE.sub("", text))]
