"""What each citation of a paragraph covers, as a footnote does: the sentence it closes and
the uncited sentences just before it in the same paragraph.

A citation covers the text from the end of the previous citation's scope up to itself; a
citation that is the last of its sentence also covers the rest of that sentence (its full
stop, a closing clause). What follows the paragraph's last citation in later sentences is
covered by none. Every check of what prose states (its dates, numbers, names, quotations
and who said them) is made against the events and sources cited for its scope.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import quotes, words

#: the end of a sentence: its mark, closing quotation marks or brackets, then white space
_END = re.compile(r"[.!?]+[\"'’”)\]]*\s+")
_OPENING = "\"'‘“("
_WORD_BEFORE = re.compile(r"[\w.]*$")
#: words written with a full stop that does not end a sentence (compared in lower case)
ABBREVIATIONS = frozenset({
    "c", "ca", "cf", "co", "col", "corp", "dept", "dr", "ed", "eds", "est", "fig", "gen",
    "gov", "inc", "jr", "lt", "ltd", "mr", "mrs", "ms", "mt", "pp", "prof", "rep", "rev",
    "sen", "sgt", "sr", "st", "vol", "vs",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})


@dataclass(frozen=True)
class Scope:
    start: int
    end: int
    ids: tuple[str, ...]  # empty: text that no citation covers


def sentences(text: str, keep=()) -> list[int]:
    """The offsets where the sentences of ``text`` start, the first being 0; never inside a
    quotation or one of the phrases ``keep`` (titles such as "Polis. Political Studies")."""
    quoted = sorted([m.span() for m in words.QUOTED.finditer(text)] + [
        (at, at + len(phrase)) for phrase in keep for at in _find_all(text, phrase)])
    starts = [q[0] for q in quoted]
    found = [0]
    for match in _END.finditer(text):
        after = match.end()
        rest = after
        while rest < len(text) and text[rest] in _OPENING:
            rest += 1
        if rest >= len(text) or not (text[rest].isupper() or text[rest].isdigit()
                                     or text.startswith("[[", rest)):  # "[[fig:x]] shows"
            continue
        if _abbreviation(text, match.start()):
            continue
        closed = match.start() + len(match.group(0).rstrip())
        i = bisect.bisect_right(starts, match.start()) - 1  # a quotation going on past it
        if i >= 0 and max(end for _, end in quoted[max(0, i - 8): i + 1]) > closed:
            continue
        found.append(after)
    return found


def _abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation or an initial: "c.", "U.S.",
    "A.G.", "Feb." (a sentence ending in one is taken to go on)."""
    if text[stop] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(0, stop - 12), stop).group(0)
    if text[stop - len(word) - 1: stop - len(word)] in ("'", "’"):
        return False  # "Petrov's." ends a sentence
    return (len(word) == 1 and word.isalpha()) or "." in word or word.lower() in ABBREVIATIONS


def _find_all(text: str, phrase: str):
    at = text.find(phrase)
    while at >= 0:
        yield at
        at = text.find(phrase, at + 1)


def scopes(text: str, starts: list[int] | None = None) -> list[Scope]:
    """The scopes of the citations of ``text`` in order, covering it from start to end
    (``starts``: its sentences, if known)."""
    starts = sentences(text) if starts is None else starts
    markers = list(quotes.CITE.finditer(text))
    found, pos = [], 0
    for i, marker in enumerate(markers):
        at = bisect.bisect_right(starts, marker.start())
        sentence_end = starts[at] if at < len(starts) else len(text)
        following = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        end = sentence_end if following >= sentence_end else marker.end()
        ids, _ = quotes.citation_ids(marker.group(0))
        found.append(Scope(pos, max(end, marker.end()), tuple(ids)))
        pos = found[-1].end
    if pos < len(text):
        found.append(Scope(pos, len(text), ()))
    return found
