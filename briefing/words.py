"""Small pieces of English the engine writes: series, plurals, shortened text, a capital,
quotations in the marks of a language and the marks inside one.

Every message, chart text and page of the briefing that needs one of these takes it from
here, so that "a, b and c" or "1 event, 2 events" read the same everywhere. Standard
library only: diagnostics and the chart tasks import it too.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_STRAIGHT = re.compile(r'"([^"]*)"')
#: A quotation: in the marks of English (“…”, or straight), German („…“) or French («…»,
#: with or without its spaces); ``quoted_text`` gives the words inside.
QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|„([^“”]+)[“”]|«\s*([^»]+?)\s*»")


def quoted_text(match: re.Match) -> str:
    """The words inside a quotation that ``QUOTED`` found, whichever marks it has."""
    return next(group for group in match.groups() if group is not None)


def primary_language(tag: str) -> str:
    """The language of a BCP 47 tag, lower case: ``en-GB`` -> ``en``."""
    return tag.split("-")[0].lower()


def series(items: list[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or ``a, b or c``); '' for no items."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def aside(text: str, note: str | None) -> str:
    """``text (note)``; a text that ends in its own parenthesis takes the note inside it,
    never a second one: "official (not named)" and "in the capital" make "official (not
    named; in the capital)"."""
    if not note:
        return text
    if text.endswith(")") and "(" in text:
        return f"{text[:-1]}; {note})"
    return f"{text} ({note})"


def plural(noun: str) -> str:
    """The plural the engine assumes when none is given: the noun and an s."""
    return noun + "s"


def inflect(n: int, singular: str, plural_form: str | None = None) -> str:
    """The form of a word that agrees with ``n``: ``inflect(2, "is", "are")`` is "are"."""
    return singular if n == 1 else plural_form or plural(singular)


def count(n: int, singular: str, plural_form: str | None = None) -> str:
    """``1 event``, ``2 events``, ``0 entries`` (``count(0, "entry", "entries")``)."""
    return f"{n} {inflect(n, singular, plural_form)}"


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, the last an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def first_words(text: str, n: int) -> str:
    """The first ``n`` words of ``text``, followed by an ellipsis when there were more."""
    words = text.split()
    return " ".join(words[:n]) + (ELLIPSIS if len(words) > n else "")


def upper_first(text: str) -> str:
    """Text at the start of a sentence: ``offers`` -> ``Offers`` (the rest kept as it is)."""
    return text[:1].upper() + text[1:]


#: The marks of a quotation inside a quotation, by language: (opening, closing).
_INNER = {"en": ("‘", "’"), "de": ("‚", "‘"), "fr": ("“", "”")}


def inner_quotes(quote: str, language: str = "en") -> str:
    """Double quotation marks inside a quotation become the marks a quotation inside a
    quotation takes in ``language`` (BCP 47): single ones in English and German, English
    double ones in French, whose own are « »."""
    opening, closing = _INNER.get(primary_language(language), _INNER["en"])
    quote = _STRAIGHT.sub(rf"{opening}\1{closing}", quote)
    quote = QUOTED.sub(lambda m: opening + quoted_text(m) + closing, quote)
    return quote.replace("“", opening).replace("”", closing) if opening != "“" else quote
