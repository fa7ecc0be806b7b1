"""Specifics in prose that nothing the paragraph cites supports.

A date (day, month and year, or month and year), a number or a capitalised name in the
BLUF, a key judgment or a narrative paragraph should come from what that paragraph cites:
the cited events' dates, actors, summaries, quotations and speakers, and the records of the
cited sources (and of the events' sources). What does not is reported, so that an editor
can cite its source, move it into an event's marked editor's note, or take it out.
Quotations are left out of the scan: the quotation check verifies them word for word.

The test is by words, not meaning: it catches "November 2010" where the sources say only
2010, or a name no cited record mentions; it cannot tell whether a sentence says what its
sources say.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
#: "16 June 2021", "June 16, 2021", "June 2021", "Feb. 15, 2013"
DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH})\.?(?:\s+(\d{{1,2}}),?)?\s+(\d{{4}})\b",
                  re.IGNORECASE)
#: a month and day without a year, as sources write them: "Feb. 15", "15 February"
MONTH_DAY = re.compile(rf"\b(?:({_MONTH})\.?\s+(\d{{1,2}})|(\d{{1,2}})\s+({_MONTH}))\b",
                       re.IGNORECASE)
#: an ISO date: "2010", "2010-11", "2010-11-20" (a month or day out of range is no date)
ISO = re.compile(r"\b(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?\b(?!-\d)")
#: a range of years, as a budget year or a season is written: "2014-15", "1999-2001"
YEARS = re.compile(r"\b(\d{4})[-–](\d{4}|\d{2})\b(?![-–]\d)")
NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
WORD = re.compile(r"[^\W\d_][\w’'.]*", re.UNICODE)
YEAR = re.compile(r"\b\d{4}\b")
#: the fields of a source record that come from the source (not the editors' notes on it)
BIBLIOGRAPHIC = ("title", "author", "container-title", "publisher", "issued", "accessed",
                 "URL", "DOI", "volume", "issue", "page", "short", "type")
_ESTIMATED = re.compile(r"\b(?:c\.|circa|about|around|approximately)\s*$", re.IGNORECASE)
_CITATION = re.compile(r"\[@[^\]]*\]|\[\[fig:[^\]]*\]\]")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
_SENTENCE_END = re.compile(r"[.!?]['’”)\]]*\s*$")


@dataclass
class Support:
    """What a paragraph's citations give: their words and dates."""

    words: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    dates: set[tuple[int, ...]] = field(default_factory=set)
    #: the editors' estimates (an approximate event date): support a date marked "c."
    estimates: set[tuple[int, ...]] = field(default_factory=set)

    def add_text(self, text: str | None) -> None:
        if not text:
            return
        dates, words, numbers = _specifics(text)
        for date in dates:
            self._add_date(*date)
        self.words.update(words)
        self.numbers.update(numbers)

    def add_date(self, iso: str | None) -> None:
        if not iso:
            return
        self._add_date(*_iso_date(iso))

    def _add_date(self, year: int, month: int | None = None, day=None) -> None:
        self.dates.add((year,))
        self.numbers.add(str(year))
        if month:
            self.dates.add((year, month))
            self.words.add(calendar.month_name[month])
            if day:
                self.dates.add((year, month, int(day)))
                self.numbers.add(str(int(day)))


@functools.lru_cache(maxsize=16384)
def _specifics(text: str) -> tuple[tuple[tuple, ...], frozenset[str], frozenset[str]]:
    """The dates (year, month, day), words and numbers of a text. A source's record or an
    event is cited by many paragraphs: each text is read once."""
    dates = []
    years = {int(y) for y in YEAR.findall(text)}
    for match in DATE.finditer(text):
        day, month, day_after, year = match.groups()
        dates.append((int(year), MONTHS[month.lower()], day or day_after))
    for match in MONTH_DAY.finditer(text):
        month = (match.group(1) or match.group(4)).lower()
        day = match.group(2) or match.group(3)
        for year in sorted(years):  # "Feb. 15" in a text that gives its year elsewhere
            dates.append((year, MONTHS[month], day))
    for match in ISO.finditer(text):
        date = _iso_date(match.group(0))
        valid = len(date) < 3 or date[2] <= calendar.monthrange(*date[:2])[1]
        dates.append(date if valid else date[:1])
    ranges = [year for match in YEARS.finditer(text) for year in _range_years(match)]
    dates += [(year,) for year in ranges]
    return (tuple(dates), frozenset(_words(text)),
            frozenset(_number(n) for n in NUMBER.findall(text)) | {str(y) for y in ranges})


def _range_years(match: re.Match) -> tuple[int, int]:
    """The first and last year of a range: "2014-15" is 2014 and 2015, "1999-00" 1999 and
    2000, "1999-2001" 1999 and 2001."""
    first, last = int(match.group(1)), match.group(2)
    if len(last) == 4:
        return first, int(last)
    century = first - first % 100
    end = century + int(last)
    return first, end if end >= first else end + 100


def _iso_date(iso: str) -> tuple[int, ...]:
    """``2010-11-20`` -> (2010, 11, 20); ``2010`` -> (2010,)."""
    return tuple(int(p) for p in iso.split("-"))[:3]


def support_of(event_ids, source_ids, events: dict, sources: dict) -> Support:
    """The support of a paragraph citing ``event_ids`` and ``source_ids`` (model objects)."""
    support = Support()
    cited_sources = set(source_ids)
    for ident in event_ids:
        event = events[ident]
        # an approximate date is the editors' estimate: only its year comes from the sources,
        # and prose may give the rest only as an estimate ("c. December 2001")
        support.add_date(event.date[:4] if event.approx else event.date)
        if event.approx:
            parts = tuple(int(p) for p in event.date.split("-"))
            support.estimates.update(parts[:n] for n in range(1, len(parts) + 1))
        for actor in [*event.actors.from_, *event.actors.to]:
            for text in (actor.name, actor.role, actor.side):
                support.add_text(text)
        support.add_text(event.summary)
        support.add_text(event.label)
        for citation in event.citations:
            support.add_text(citation.quote)
            support.add_text(citation.speaker)
            cited_sources.add(citation.source)
    for ident in cited_sources:
        if ident in sources:
            record = sources[ident].model_dump(by_alias=True)
            _add_record(support, {k: v for k, v in record.items() if k in BIBLIOGRAPHIC})
            support.words.add(record["grade"]["reliability"])
    return support


def _add_record(support: Support, value) -> None:
    if isinstance(value, dict):
        if "date-parts" in value:
            support.add_date("-".join(str(p) for p in value["date-parts"][0]))
        for item in value.values():
            _add_record(support, item)
    elif isinstance(value, list):
        for item in value:
            _add_record(support, item)
    elif isinstance(value, str):
        support.add_text(value)


def unsupported(text: str, support: Support) -> list[str]:
    """The dates, numbers and capitalised names of ``text`` that ``support`` lacks, in order."""
    prose = _QUOTED.sub(" ", _CITATION.sub(" ", text)).replace("*", "")
    found: list[tuple[int, str]] = []
    taken = []
    for match in DATE.finditer(prose):
        day, month, day_after, year = match.groups()
        parts = (int(year), MONTHS[month.lower()], *([int(day or day_after)] if day or day_after else []))
        taken.append(match.span())
        estimated = _ESTIMATED.search(prose[:match.start()]) and parts in support.estimates
        if parts not in support.dates and not estimated:
            found.append((match.start(), match.group(0)))
    for match in YEARS.finditer(prose):  # "2014-15": both years must be supported
        taken.append(match.span())
        if any(str(year) not in support.numbers for year in _range_years(match)):
            found.append((match.start(), match.group(0)))
    for match in NUMBER.finditer(prose):
        if not _inside(match.span(), taken) and _number(match.group(0)) not in support.numbers:
            found.append((match.start(), match.group(0)))
    for match in WORD.finditer(prose):
        word = _bare(match.group(0))
        if (len(word) < 2 or not word[0].isupper() or _inside(match.span(), taken)
                or _starts_sentence(prose, match.start())):
            continue
        if not any(part in support.words or _kin(part, support.words)
                   for part in _parts(word)):
            found.append((match.start(), word))
    return list(dict.fromkeys(item for _, item in sorted(found)))


def _words(text: str) -> set[str]:
    return {part for match in WORD.finditer(text) for part in _parts(_bare(match.group(0)))}


_DASHES = re.compile(r"[-–]")
_POSSESSIVE = re.compile(r"['’]s$")


def _parts(word: str) -> list[str]:
    return [p for p in _DASHES.split(word) if p]


def _bare(word: str) -> str:
    """A word without a possessive ending or the full stops of an abbreviation (U.S. is US)."""
    word = _POSSESSIVE.sub("", word.rstrip("."))
    return word.replace(".", "").rstrip("’'")


def _kin(word: str, words: set[str]) -> bool:
    """A form of a supported word: Canadian for Canada, Mexican for Mexico."""
    if len(word) < 5:
        return False
    stem = word[:max(4, len(word) - 3)]
    return any(w.startswith(stem) and w[:1].isupper() for w in words)


def _number(text: str) -> str:
    return text.replace(",", "")


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end for start, end in spans)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip("“‘\"'( ")
    return not before or bool(_SENTENCE_END.search(before)) or before.endswith(":")
