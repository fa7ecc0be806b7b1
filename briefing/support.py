"""What the citations of a scope give prose to state: the dates, numbers, words, phrases and
offices of the events and sources cited.

An event gives its date, actors (and their roles, the offices the ledger gives them),
summary, label, quotations and speakers. A source's record gives only what is about the
source: its authors' names, and its title, outlet, publisher and short form as whole
phrases, so that the words of a title do not support history; cited directly, it also gives
its date, its volume, issue and pages, and the editors' notes on it. Every text is read
once (and cached), in time linear in its length.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from dataclasses import dataclass, field

from . import quotes

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
#: the fields of a source record that are phrases about the source, supporting prose only
#: where it gives them whole (a title's words are not history)
PHRASES = ("title", "container-title", "publisher", "short")
#: fields about the source that support prose only where it cites the source itself: its
#: date and place in its outlet, and the editors' notes on it (what prose about it says)
DIRECT = ("issued", "accessed", "volume", "issue", "page", "DOI", "URL", "note", "perspective")
#: words that may stand inside an office written before a name: "Secretary of State"
CONNECTORS = frozenset({"of", "the", "for"})
_POSSESSIVE = re.compile(r"['’]s$")
#: the main title before a subtitle: "The River Debate" of "The River Debate: A Review",
#: "Did It Work?" of "Did It Work? On the Reasons ..."; a short form's name before a comma
_MAIN_TITLE = re.compile(r"^(.+?[?!]?)(?:[:,]|(?<=[?!]))\s")
_WEB_DOMAIN = re.compile(r"\.(?:com|org|net|info|int|gov|edu)$", re.IGNORECASE)
_LONGEST = 6  # words of a name whose initials are read: "United Nations Security Council"


@dataclass
class Support:
    """What the citations of one scope give: their words, numbers, dates and phrases."""

    words: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    dates: set[tuple[int, ...]] = field(default_factory=set)
    #: (month, day) of every day the records give, with a year or without
    days: set[tuple[int, int]] = field(default_factory=set)
    #: the editors' estimates (an approximate event date): support a date marked "c."
    estimates: set[tuple[int, ...]] = field(default_factory=set)
    estimated_days: set[tuple[int, int]] = field(default_factory=set)
    #: whole phrases about a source (title, outlet, ...), in lower case
    phrases: set[str] = field(default_factory=set)
    #: each person the records name -> the offices (actor roles) they give that person
    people: dict[str, set[str]] = field(default_factory=dict)
    #: the cited events' summaries in lower case: the editors' own words for an office
    summaries: list[str] = field(default_factory=list)

    def add_text(self, text: str | None, year: int | None = None) -> None:
        """The specifics of a text; a day without a year in it takes ``year``, if given."""
        if not text:
            return
        dates, days, words, numbers = _read(text, year)
        for date in dates:
            self.add_date(*date)
        self.days.update(days)
        self.words.update(words)
        self.numbers.update(numbers)

    def add_date(self, year: int, month: int | None = None, day=None) -> None:
        self.dates.add((year,))
        self.numbers.add(str(year))
        if month:
            self.dates.add((year, month))
            self.words.add(calendar.month_name[month])
            if day:
                self.dates.add((year, month, int(day)))
                self.days.add((month, int(day)))
                self.numbers.add(str(int(day)))

    def add_person(self, name: str, office: str | None = None) -> None:
        offices = self.people.setdefault(name, set())
        if office:
            offices.add(office)

    def add_phrase(self, text: str | None) -> None:
        """A phrase about a source, with its main title (before a colon) and, for an outlet
        named by its web address, the name without the domain (SpacePolicyOnline)."""
        if not text:
            return
        for form in (text, _WEB_DOMAIN.sub("", text), *_MAIN_TITLE.findall(text)):
            if form.strip():
                self.phrases.add(fold(form.strip()))

    @functools.cached_property
    def _capitalised(self) -> list[str]:
        return sorted(w for w in self.words if w[:1].isupper())

    def gives_word(self, word: str) -> bool:
        """A word, its singular or its possessive, or a form of it (Canadian for Canada)."""
        return any(form in self.words or self._kin(form) for form in _forms(word))

    def _kin(self, word: str) -> bool:
        if len(word) < 5:
            return False
        stem = word[:max(4, len(word) - 3)]
        at = bisect.bisect_left(self._capitalised, stem)
        return at < len(self._capitalised) and self._capitalised[at].startswith(stem)


def support_of(event_ids, source_ids, events: dict, sources: dict) -> Support:
    """The support of a scope citing ``event_ids`` and ``source_ids`` (model objects)."""
    support = Support()
    for ident in event_ids:
        _add_event(support, events[ident])
        for citation in events[ident].citations:
            if citation.source in sources:
                _add_record(support, sources[citation.source], direct=False)
    for ident in source_ids:
        if ident in sources:
            _add_record(support, sources[ident], direct=True)
    return support


def _add_event(support: Support, event) -> None:
    when = event.when
    year, parts = when.year, when.parts
    # an approximate date is the editors' estimate: only its year comes from the sources,
    # and prose may give the rest only as an estimate ("c. December 2001")
    support.add_date(*(parts[:1] if when.approx else parts))
    if when.approx:
        support.estimates.update(parts[:n] for n in range(1, len(parts) + 1))
        if len(parts) == 3:
            support.estimated_days.add(parts[1:])
    for actor in [*event.actors.from_, *event.actors.to]:
        support.add_person(actor.name, actor.role)
        for text in (actor.name, actor.role, actor.side):
            support.add_text(text)
    support.add_text(event.summary, year)
    support.summaries.append(fold(event.summary))
    support.add_text(event.label)
    for citation in event.citations:
        support.add_text(citation.quote, year)
        if citation.speaker:
            support.add_person(citation.speaker)
            support.add_text(citation.speaker)
        support.add_text(citation.via)


def _add_record(support: Support, source, direct: bool) -> None:
    record = source.model_dump(by_alias=True)
    for name in record["author"]:
        for part in (name.get("given"), name.get("family"), name.get("literal")):
            support.add_text(part)
    for key in PHRASES:
        support.add_phrase(record.get(key))
    if direct:
        for key in DIRECT:
            _add_value(support, record.get(key))
        support.add_text(record["grade"]["reason"])


def _add_value(support: Support, value) -> None:
    if isinstance(value, dict):
        if "date-parts" in value:
            support.add_date(*value["date-parts"][0])
    elif isinstance(value, str):
        support.add_text(value)


@functools.lru_cache(maxsize=16384)
def _read(text: str, year: int | None) -> tuple[tuple, frozenset, frozenset, frozenset]:
    """The dates (year, month, day), days (month, day), words and numbers of a text. A
    source's record or an event is cited by many paragraphs: each text is read once.

    A day written without a year ("Feb. 15") is dated by the year written nearest before it
    in the text, else the nearest after it, else ``year``.
    """
    dates, days, taken = [], set(), []
    for match in DATE.finditer(text):
        day, month, day_after, year_given = match.groups()
        dates.append((int(year_given), MONTHS[month.lower()], day or day_after))
        taken.append(match.span())
    years = [(m.start(), int(m.group(0))) for m in YEAR.finditer(text)]
    places = [at for at, _ in years]
    inside = [start for start, _ in taken]
    for match in MONTH_DAY.finditer(text):
        month = MONTHS[(match.group(1) or match.group(4)).lower()]
        day = int(match.group(2) or match.group(3))
        days.add((month, day))
        i = bisect.bisect_right(inside, match.start()) - 1
        if i >= 0 and match.start() < taken[i][1]:
            continue  # part of a full date
        near = bisect.bisect_left(places, match.start())
        known = years[near - 1][1] if near else years[near][1] if near < len(years) else year
        if known:
            dates.append((known, month, day))
    for match in ISO.finditer(text):
        date = _iso_date(match.group(0))
        valid = len(date) < 3 or date[2] <= calendar.monthrange(*date[:2])[1]
        dates.append(date if valid else date[:1])
    ranges = [year for match in YEARS.finditer(text) for year in range_years(match)]
    dates += [(year,) for year in ranges]
    numbers = frozenset(number_text(n) for n in NUMBER.findall(text)) | {str(y) for y in ranges}
    return tuple(dates), frozenset(days), frozenset(words_of(text) | initials(text)), numbers


def initials(text: str) -> set[str]:
    """The initials of each run of capitalised words (of at most ``_LONGEST``): US for
    "United States", UN for "United Nations", so that prose may write
    a name as its abbreviation."""
    found, run, previous = set(), [], -1
    for match in WORD.finditer(text):
        word = match.group(0)
        if word in CONNECTORS and run and text[previous: match.start()] == " ":
            previous = match.end()
            continue
        if not word[0].isupper() or text[previous: match.start()] != " ":
            run = []
        if word[0].isupper():
            run = [*run[1 - _LONGEST:], word[0]]
            found.update("".join(run[i:]) for i in range(len(run) - 1))
        if word.endswith("."):
            run = []
        previous = match.end()
    return found


def range_years(match: re.Match) -> tuple[int, int]:
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


def words_of(text: str) -> set[str]:
    return {bare(match.group(0)) for match in WORD.finditer(text)}


def _forms(word: str) -> list[str]:
    """A word and the singulars it may be the plural of: RFCs, Councils, Bodies, Taxes."""
    forms = [word]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
        if word.endswith("ies"):
            forms.append(word[:-3] + "y")
        elif word.endswith("es"):
            forms.append(word[:-2])
    return forms


def bare(word: str) -> str:
    """A word without a possessive ending or the full stops of an abbreviation (U.S. is US)."""
    word = _POSSESSIVE.sub("", word.rstrip("."))
    return word.replace(".", "").rstrip("’'")


def fold(text: str) -> str:
    """Lower case, quotes and dashes as the quotation check compares them, offsets kept."""
    return quotes.fold(text)


def number_text(text: str) -> str:
    return text.replace(",", "")
