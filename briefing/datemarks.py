"""How a date prints with its basis, and what the briefing says about those bases.

An approximate date (``approx``) is the editors' estimate and prints after "c."; a date whose
precision rests on knowledge from outside the sources (``date_from: outside``, given in the
event's editor's note) prints with a dagger after it; an estimate from outside knowledge
carries both. content.json gives each event its marks, so that the chronology, the notes,
the callouts and the charts' labels mark dates alike. The legend of the marks and the
method's count of dates by basis are written from the ledger itself, so that they never say
more than the briefing does.
"""

from __future__ import annotations

ESTIMATE, OUTSIDE = "c. ", "†"


def marks_of(approx: bool, date_from: str | None) -> dict[str, str]:
    """What prints before and after a date of this basis."""
    return {"before": ESTIMATE if approx else "", "after": OUTSIDE if date_from == "outside" else ""}


def marked(text: str, event: dict) -> str:
    """``text`` (an event's date, or its year) with the marks of the event's date basis."""
    return f"{event['date_marks']['before']}{text}{event['date_marks']['after']}"


def _counts(events: list[dict]) -> dict[str, int]:
    def count(test) -> int:
        return sum(1 for event in events if test(event))
    return {
        "all": len(events),
        "wording": count(lambda e: e.get("date_from") == "wording"),
        "wording estimates": count(lambda e: e.get("date_from") == "wording" and e["approx"]),
        "outside": count(lambda e: e.get("date_from") == "outside"),
        "outside estimates": count(lambda e: e.get("date_from") == "outside" and e["approx"]),
    }


def legend(content: dict) -> str:
    """What the date marks the briefing prints mean, in one sentence; '' if it prints none."""
    n = _counts(content["events"])
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
    years = [s["issued"]["date-parts"][0][0] for s in content["sources"]
             if s.get("issued") and s["issued"].get("circa")]
    if years:
        parts.append(f"a year in square brackets with a question mark, such as [{min(years)}?], "
                     "marks an estimated date of publication")
    return "; ".join(parts) + "." if parts else ""


def statement(content: dict) -> str:
    """The method's account of the ledger's dates by where they come from, in counts."""
    n = _counts(content["events"])
    if not n["all"]:
        return "The ledger has no dates yet."
    given = n["all"] - n["wording"] - n["outside"]
    clauses = [f"{given} {_be(given)} as the sources write them"] if given else []
    if n["wording"]:
        clauses.append(f"{n['wording']} {_be(n['wording'])} inferred from the sources’ wording"
                       f"{_estimates(n['wording'], n['wording estimates'], '')}")
    if n["outside"]:
        which = "that event" if n["outside"] == 1 else "each of those events"
        clauses.append(f"{n['outside']} {'rests' if n['outside'] == 1 else 'rest'} on knowledge "
                       f"from outside the sources (marked “{OUTSIDE}”"
                       f"{_estimates(n['outside'], n['outside estimates'], 'also ')}), "
                       f"which the editor’s note of {which} gives")
    text = f"Of the ledger’s {n['all']} date{'' if n['all'] == 1 else 's'}, {_series(clauses)}."
    if not n["outside"]:
        text += " No date rests on knowledge from outside the sources."
    return text


def _be(n: int) -> str:
    return "is" if n == 1 else "are"


def _estimates(total: int, estimates: int, also: str) -> str:
    """How many of ``total`` dates are estimates, as a parenthesis (or its second part)."""
    if not estimates:
        return ""
    opening, closing = ("; ", "") if also else (" (", ")")
    what = ("all of them estimates" if total > 1 else "an estimate") if estimates == total else (
        f"{estimates} of them estimates")
    return f"{opening}{what}, {also}marked “{ESTIMATE.strip()}”{closing}"


def _series(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
