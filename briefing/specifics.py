"""Specifics in prose that nothing cited for them supports.

A date (day, month and year; month and year; or day and month), a number or a capitalised
name in the BLUF, a key judgment or a narrative paragraph should come from what is cited for
it: the events and sources cited for its scope (``briefing.scopes``: the sentence a citation
closes and the uncited sentences before it), as ``briefing.support`` reads them. What nothing
supports is reported, so that an editor can cite its source, move it into an event's marked
editor's note, or take it out; the words of one name are reported together. Quotations are
left out of the scan: the quotation check verifies them word for word.

An office written before a person's name ("Secretary of State Jane Roe") must be the one the
cited records give that person: the words of an actor's ``role``, or the same words before
the name in a cited event's summary. A title that only a quotation gives is the source's
claim, to be attributed to it.

The test is by words, not meaning: it catches "November 2010" where the sources say only
2010, or a name no cited record mentions; it cannot tell whether a sentence says what its
sources say. Every text is read once, in time linear in its length.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import quotes, scopes, words
from .support import (
    CONNECTORS,
    DATE,
    MONTH_DAY,
    MONTHS,
    NUMBER,
    WORD,
    YEARS,
    Support,
    bare,
    fold,
    initials,
    number_text,
    range_years,
    words_of,
)

#: capitalised words that are not part of an office: "During Minister Varga's visit"
_NOT_OFFICE = frozenset("a after against also among an and as at before between but by "
                        "despite during even for from if in like of on once only since so "
                        "still the then through to under unlike until when while with "
                        "without yet".split())
_ESTIMATED = re.compile(r"\b(?:c\.|circa|about|around|approximately)\s*$", re.IGNORECASE)
_TO_LOWER = str.maketrans({"*": " "})  # emphasis marks, blanked
#: a word with its hyphens, as an office is written: "Vice-President"
_COMPOUND = re.compile(r"[^\W\d_][\w’'.\-]*")
_COMPOUND_END = re.compile(r"[^\W\d_][\w’'.\-]*$")


@dataclass(frozen=True)
class Finding:
    start: int
    text: str
    #: "unsupported"; "office" (with the person and the offices the records give)
    kind: str = "unsupported"
    person: str = ""
    offices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    kind: str  # date | day | years | number | name
    value: tuple
    estimated: bool = False
    run: int = -1  # names: the capitalised words of one name share a run


class Stated:
    """What a text states, read once: its claims in order of place, for checking the scope of
    each citation against what that citation gives."""

    def __init__(self, text: str, starts: list[int] | None = None):
        self.text = text
        self.masked = _masked(text)
        self.lower = fold(self.masked)
        starts = scopes.sentences(text) if starts is None else starts
        self.claims = _claims(self.masked, _first_words(text, self.masked, starts))
        self._starts = [claim.start for claim in self.claims]

    def unsupported(self, start: int, end: int, support: Support) -> list[Finding]:
        """What the text from ``start`` to ``end`` states that ``support`` does not give, in
        order; the words of one name together ("River Warning Agency")."""
        phrases = _phrase_spans(self.lower, start, end, support.phrases)
        found: list[Finding] = []
        last = None
        for claim in self.claims[bisect.bisect_left(self._starts, start):
                                 bisect.bisect_left(self._starts, end)]:
            if _given(claim, support) or _inside(claim.start, phrases):
                last = None
                continue
            if claim.kind == "name" and last is not None and last.run == claim.run:
                found[-1] = Finding(found[-1].start, self.masked[found[-1].start: claim.end])
            else:
                found.append(Finding(claim.start, self.masked[claim.start: claim.end]))
            last = claim if claim.kind == "name" else None
        return found + self._offices(start, end, support)

    def _offices(self, start: int, end: int, support: Support) -> list[Finding]:
        """Offices written before the name of a person the scope's records name, that those
        records do not give that person."""
        role_words = {w for offices in support.people.values() for o in offices
                      for w in words_of(o) if w[:1].isupper()}
        found = []
        for person, offices in support.people.items():
            family = person.split()[-1]
            for at in _occurrences(self.masked, family, start, end):
                named = at + len(family) - len(person)
                full = named >= 0 and self.masked.startswith(person, named)
                title, title_at = _title_before(self.masked, named if full else at)
                if not title or (not full and title.split()[-1] not in role_words):
                    continue
                written = self.masked[title_at: at + len(family)]
                if not _office_given(title, offices, written, support.summaries):
                    found.append(Finding(title_at, title, "office", person, tuple(sorted(offices))))
        return sorted(found, key=lambda f: f.start)


def _given(claim: Claim, support: Support) -> bool:
    """Whether ``support`` gives what ``claim`` states."""
    if claim.kind == "date":
        return claim.value in support.dates or (claim.estimated and claim.value in support.estimates)
    if claim.kind == "day":
        return claim.value in support.days or (claim.estimated and claim.value in support.estimated_days)
    if claim.kind == "years":
        return all(str(year) in support.numbers for year in claim.value)
    if claim.kind == "number":
        return claim.value[0] in support.numbers
    return support.gives_word(claim.value[0])


def _claims(prose: str, first_words: set[int]) -> list[Claim]:
    """Every date, day, range, number and capitalised name of ``prose``, in one pass each."""
    taken = bytearray(len(prose) + 1)
    found: list[Claim] = []

    def take(match: re.Match, kind: str, value: tuple, estimated: bool = False) -> None:
        found.append(Claim(match.start(), match.end(), kind, value, estimated))
        taken[match.start(): match.end()] = b"\x01" * (match.end() - match.start())

    for match in DATE.finditer(prose):
        day, month, day_after, year = match.groups()
        parts = (int(year), MONTHS[month.lower()], *([int(day or day_after)] if day or day_after else []))
        take(match, "date", parts, _estimated(prose, match.start()))
    for match in MONTH_DAY.finditer(prose):
        if not taken[match.start()]:
            month = MONTHS[(match.group(1) or match.group(4)).lower()]
            take(match, "day", (month, int(match.group(2) or match.group(3))),
                 _estimated(prose, match.start()))
    for match in YEARS.finditer(prose):
        if not taken[match.start()]:
            take(match, "years", range_years(match))
    for match in NUMBER.finditer(prose):
        if not taken[match.start()]:
            found.append(Claim(match.start(), match.end(), "number", (number_text(match.group(0)),)))
    run, previous = 0, -2
    for match in WORD.finditer(prose):
        word = bare(match.group(0))
        if (len(word) < 2 or not word[0].isupper() or taken[match.start()]
                or match.start() in first_words or _after_colon(prose, match.start())):
            continue
        if prose[previous: match.start()] not in (" ", "-"):
            run += 1
        end = match.start() + len(word) if prose.startswith(word, match.start()) else match.end()
        found.append(Claim(match.start(), end, "name", (word,), run=run))
        previous = match.end()
    return sorted(found, key=lambda c: c.start)


def _masked(text: str) -> str:
    """``text`` with citations, figure references, quotations and emphasis marks blanked
    out, each character by a space, so that offsets stay those of the text."""
    def blank(match: re.Match) -> str:
        return " " * (match.end() - match.start())
    text = quotes.FIGURE_REF.sub(blank, quotes.CITE.sub(blank, text))
    return words.QUOTED.sub(blank, text).translate(_TO_LOWER)


def _first_words(text: str, masked: str, starts: list[int]) -> set[int]:
    """Where the first word of each sentence starts (it is capitalised by position)."""
    found = set()
    for start in starts:
        at = start  # past white space and markers, not into a quotation
        while at < len(masked) and masked[at] in " \t\n(" and text[at] not in "\"“‘'":
            at += 1
        found.add(at)
    return found


def _after_colon(prose: str, at: int) -> bool:
    while at > 0 and prose[at - 1] in " \t\n\"'‘“(":
        at -= 1
    return at > 0 and prose[at - 1] == ":"


def _estimated(prose: str, at: int) -> bool:
    return bool(_ESTIMATED.search(prose, max(0, at - 16), at))


def _phrase_spans(lower: str, start: int, end: int, phrases: set[str]) -> list[tuple[int, int]]:
    """Where the phrases occur whole, as words, between ``start`` and ``end``."""
    spans = []
    for phrase in phrases:
        at = lower.find(phrase, start, end)
        while at >= 0:
            stop = at + len(phrase)
            if (at == 0 or not lower[at - 1].isalnum()) and (stop >= len(lower) or not lower[stop].isalnum()):
                spans.append((at, stop))
            at = lower.find(phrase, at + 1, end)
    merged: list[tuple[int, int]] = []
    for begin, stop in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((begin, stop))
    return merged


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (at, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= at < spans[i][1]


def _occurrences(text: str, word: str, start: int, end: int):
    at = text.find(word, start, end)
    while at >= 0:
        stop = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (stop >= len(text) or not text[stop].isalnum()):
            yield at
        at = text.find(word, at + 1, end)


def _title_before(prose: str, at: int) -> tuple[str, int]:
    """The capitalised words (with "of", "the", "for" between them) written just before
    ``at``, separated from it and each other by single spaces: ("Secretary of State", start)."""
    words, begin = [], at
    while begin >= 2 and prose[begin - 1] == " ":
        match = _COMPOUND_END.search(prose, max(0, begin - 40), begin - 1)
        if not match:
            break
        word = match.group(0)
        if (not (word[0].isupper() or word in CONNECTORS) or word.lower() in MONTHS
                or (word[0].isupper() and word.lower() in _NOT_OFFICE)):
            break
        words.insert(0, word)
        begin -= len(word) + 1
    if words and words[-1] in CONNECTORS:
        return "", at  # "the President of the United States": the name is not titled
    while words and words[0] in CONNECTORS:
        begin += len(words.pop(0)) + 1
    return " ".join(words), begin


def _office_given(title: str, offices: set[str], written: str, summaries: list[str]) -> bool:
    """Whether each word of ``title`` is a word of an office the records give the person (a
    compound such as Vice-President counting as one word, an abbreviation such as US as the
    words it stands for), or a cited summary writes the title before the name so."""
    known = Support()
    for office in offices:
        known.words |= {bare(w) for w in _COMPOUND.findall(office)} | initials(office)
    if all(w in CONNECTORS or known.gives_word(bare(w)) for w in _COMPOUND.findall(title)):
        return True
    phrase = fold(written)
    return any(phrase in summary for summary in summaries)
