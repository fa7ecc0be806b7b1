"""Dates of the ledger: a date of year, month or day precision with its basis, and what the
briefing says about those bases.

An approximate date (``approx``) is the editors' estimate and prints after "c."; a date whose
precision rests on knowledge from outside the sources (``date_from: outside``, given in the
event's editor's note) prints with a dagger after it; an estimate from outside knowledge
carries both. Every event's date is a ``PartialDate``, so that the chronology, the notes,
the callouts and the charts' labels mark, sort and place dates alike. The legend of the marks
and the method's count of dates by basis are written from the ledger itself, so that they
never say more than the briefing does.

Standard library only: the chart tasks place dates with it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from . import words

ESTIMATE, OUTSIDE = "c. ", "†"
PRECISIONS = ("year", "month", "day")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_LATER = 99  # where an unknown month or day sorts: after the known ones


class NotADate(ValueError):
    """Text that is not YYYY, YYYY-MM or YYYY-MM-DD."""


class NoSuchDate(ValueError):
    """A month that is not 1-12, or a day its month does not have (``last``, its days)."""

    def __init__(self, month: int, last: int | None = None):
        super().__init__(f"no month {month}" if last is None else f"month {month} has {last} days")
        self.month, self.last = month, last


@dataclass(frozen=True)
class PartialDate:
    """A date known to its year, month or day; ``approx`` when the editors estimate it, and
    ``basis`` where its precision comes from when not simply from the sources' dates:
    "wording" (their wording) or "outside" (knowledge from outside them)."""

    year: int
    month: int | None = None
    day: int | None = None
    approx: bool = False
    basis: str | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise NotADate(f"{self.year}-?-{self.day}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise NoSuchDate(self.month)
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise NoSuchDate(self.month, last)

    @classmethod
    def parse(cls, iso: str, approx: bool = False, basis: str | None = None) -> PartialDate:
        """``"2007"``, ``"2007-07"`` or ``"2007-07-14"``; NotADate or NoSuchDate if it is not one."""
        match = _ISO.fullmatch(iso)
        if not match:
            raise NotADate(iso)
        year, month, day = (int(p) if p is not None else None for p in match.groups())
        return cls(year, month, day, approx, basis)

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(p for p in (self.year, self.month, self.day) if p is not None)

    @property
    def precision(self) -> str:
        return PRECISIONS[len(self.parts) - 1]

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Dates in time order; one known only to its year (or month) after the dates within it."""
        return (self.year, self.month or _LATER, self.day or _LATER)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    @property
    def first_day(self) -> datetime.date:
        """The first day of the date's year, month or day."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> datetime.date:
        """The last day of the date's year, month or day."""
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        if self.day is None:
            return datetime.date(self.year, self.month,
                                 calendar.monthrange(self.year, self.month)[1])
        return self.first_day

    @property
    def decimal_year(self) -> float:
        """Where a chart plots the date: the middle of its year, month or day."""
        if self.month is None:
            return self.year + 0.5
        if self.day is None:
            return self.year + (self.month - 0.5) / 12
        return self.year + (self.month - 1) / 12 + (self.day - 0.5) / 365

    @property
    def plain(self) -> str:
        """The date as the briefing prints it, without marks: "16 June 2021", "June 2021"."""
        text = str(self.year)
        if self.month is not None:
            text = f"{calendar.month_name[self.month]} {text}"
        if self.day is not None:
            text = f"{self.day} {text}"
        return text

    def marked(self, text: str) -> str:
        """``text`` (the date, or its year) with the marks of the date's basis."""
        return (f"{ESTIMATE if self.approx else ''}{text}"
                f"{OUTSIDE if self.basis == 'outside' else ''}")

    @property
    def year_marked(self) -> str:
        """The year with the marks of the date's basis: "c. 2011†"."""
        return self.marked(str(self.year))

    def __str__(self) -> str:
        """The date with the marks of its basis: "c. June 2011†"."""
        return self.marked(self.plain)


def _counts(dates: list[PartialDate]) -> dict[str, int]:
    def count(test) -> int:
        return sum(1 for date in dates if test(date))
    return {
        "all": len(dates),
        "wording": count(lambda d: d.basis == "wording"),
        "wording estimates": count(lambda d: d.basis == "wording" and d.approx),
        "outside": count(lambda d: d.basis == "outside"),
        "outside estimates": count(lambda d: d.basis == "outside" and d.approx),
    }


def legend(content) -> str:
    """What the date marks (and the label of placed events) the briefing prints mean, in one
    sentence; '' if it prints none.

    ``content`` is the validated content (``briefing.validated.Validated``)."""
    n = _counts([event.when for event in content.events])
    estimate, outside = f"“{ESTIMATE.strip()}”", f"“{OUTSIDE}”"
    parts = []
    if n["wording estimates"] or n["outside estimates"]:
        how = ("inferred from the sources’ wording" if not n["outside estimates"] else
               f"inferred from the sources’ wording unless it also carries {outside}"
               if n["wording estimates"] else "that rests on knowledge from outside the sources")
        parts.append(f"{estimate} marks a date the editors estimate, {how}")
    if n["outside"]:
        parts.append(f"{outside} marks a date that rests on knowledge from outside the sources, "
                     "which the event’s editor’s note gives")
    if any(event.placed for event in content.events):
        parts.append(f"“{content.document.labels.placed}” marks an event its sources date only "
                     "to a year or a month, whose row the editors place within it where the "
                     "sources’ account puts it, without claiming a fuller date")
    examples = _estimated_examples(content.sources)
    if examples:
        parts.append("a date of publication, or a part of one, in square brackets with a "
                     f"question mark, such as {words.series(examples, 'or')}, is the "
                     "editors’ estimate")
    return "; ".join(parts) + "." if parts else ""


def _estimated_examples(sources) -> list[str]:
    """How the bibliography marks estimated parts of dates, one example of a year and one of
    a month or day where there are such: "[2011?]", "[June?]"."""
    years, others = [], []
    for source in sources:
        if not (source.issued and source.issued.circa):
            continue
        parts = source.issued.date_parts[0]
        for part in source.issued.estimated_parts:
            if part == "year":
                years.append(f"[{parts[0]}?]")
            elif part == "month":
                others.append(f"[{calendar.month_name[parts[1]]}{f' {parts[2]}' if len(parts) > 2 else ''}?]")
            elif "month" not in source.issued.estimated_parts:
                others.append(f"{calendar.month_name[parts[1]]} [{parts[2]}?]")
    return sorted(set(years))[:1] + sorted(set(others), key=lambda x: (x[0] != "[", x))[:1]


def statement(content) -> str:
    """The method's account of the ledger's dates by where they come from, in counts."""
    n = _counts([event.when for event in content.events])
    if not n["all"]:
        return "The ledger has no dates yet."
    given = n["all"] - n["wording"] - n["outside"]
    clauses = [f"{given} {words.inflect(given, 'is', 'are')} as the sources write them"] if given else []
    if n["wording"]:
        clauses.append(f"{n['wording']} {words.inflect(n['wording'], 'is', 'are')} inferred from "
                       "the sources’ wording"
                       f"{_estimates(n['wording'], n['wording estimates'], '')}")
    if n["outside"]:
        which = words.inflect(n["outside"], "that event", "each of those events")
        clauses.append(f"{n['outside']} {words.inflect(n['outside'], 'rests', 'rest')} on knowledge "
                       f"from outside the sources (marked “{OUTSIDE}”"
                       f"{_estimates(n['outside'], n['outside estimates'], 'also ')}), "
                       f"which the editor’s note of {which} gives")
    text = f"Of the ledger’s {words.count(n['all'], 'date')}, {words.series(clauses)}."
    if not n["outside"]:
        text += " No date rests on knowledge from outside the sources."
    return text


def _estimates(total: int, estimates: int, also: str) -> str:
    """How many of ``total`` dates are estimates, as a parenthesis (or its second part)."""
    if not estimates:
        return ""
    opening, closing = ("; ", "") if also else (" (", ")")
    what = ("all of them estimates" if total > 1 else "an estimate") if estimates == total else (
        f"{estimates} of them estimates")
    return f"{opening}{what}, {also}marked “{ESTIMATE.strip()}”{closing}"

