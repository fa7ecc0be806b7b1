"""Source intake: what an analyst saved becomes an archived text and a drafted source record.

One module per kind of input (``html``, ``warc``, ``pdf``, ``text``) turns a file into an
``Extracted``: the full text for the archive, the paragraphs that main-text detection takes
for the body, and the CSL fields the document gives, each with where it came from and how
sure intake is of it. ``pagemeta`` reads what a web page says of itself, ``body`` finds the
body ranges and their markers, ``csl`` reads a Zotero export, ``record`` drafts the YAML,
``limits`` holds what reading one file may cost and ``command`` is ``python -m briefing
add-source``. Nothing heavy is imported here: each kind's library loads when it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: How sure intake is of a field, from most to least.
SURE, PROBABLE, GUESSED = "sure", "probable", "guessed"


class IntakeError(Exception):
    """Bad input: one line for the user, with a code (``intake.pdf-no-text``) and a hint."""

    def __init__(self, message: str, code: str, hint: str = "", path=None):
        super().__init__(message)
        self.message, self.code, self.hint = message, code, hint
        self.path = path  # the file at fault, when it is not the input (a --csl export)

    def __reduce__(self):  # passed back from the process that reads the file
        return IntakeError, (self.message, self.code, self.hint, self.path)


@dataclass(frozen=True)
class Found:
    """One CSL field's value, where it came from and how sure intake is of it."""

    value: object
    origin: str
    sureness: str = SURE
    check: str = ""  # what the editor must check, if anything


@dataclass
class Extracted:
    kind: str  # what the input is, in words: "HTML page saved with SingleFile"
    text: str  # the archive's text: the whole page or document, furniture included
    main: list[str] | None  # the paragraphs main-text detection takes for the body
    main_origin: str  # how they were found
    fields: dict[str, Found] = field(default_factory=dict)
    suffix: str = ""  # the original's file name ending, "" when the text is the original
    checks: list[str] = field(default_factory=list)  # what the editor must check

    def set(self, name: str, value, origin: str, sureness: str = SURE, check: str = "") -> None:
        if value not in (None, "", []):
            self.put(name, Found(value, origin, sureness, check))

    def put(self, name: str, found: Found) -> None:
        """The field, unless it is longer than any real one: then the report says so."""
        problem = _too_long(name, found.value)
        if problem:
            self.checks.append(f"{name} from {found.origin} left out: {problem}")
        else:
            self.fields[name] = found


#: The longest value of a field intake drafts, in characters (a 2.6 MB title is a broken
#: document's metadata, not a title); names of authors, at most ``NAMES`` of them.
LONGEST = {"title": 500, "container-title": 300, "publisher": 300, "volume": 50, "issue": 50,
           "page": 50, "DOI": 300, "URL": 2000, "name": 200}
NAMES = 100


def _too_long(name: str, value) -> str:
    if isinstance(value, str) and len(value) > LONGEST.get(name, 200):
        return f"it is {len(value)} characters long, more than {LONGEST.get(name, 200)}"
    if name != "author" or not isinstance(value, list):
        return ""
    if len(value) > NAMES:
        return f"it names {len(value)} people, more than {NAMES}"
    longest = max((len(part) for person in value for part in person.values()), default=0)
    if longest > LONGEST["name"]:
        return f"a name is {longest} characters long, more than {LONGEST['name']}"
    return ""


#: Words that make a byline a group's name, not a person's: CSL's ``literal`` name.
_GROUP = re.compile(r"^the\b|\b(team|committee|council|group|staff|editors|editorial|board|"
                    r"community|department|ministry|office|agency|association|institute|"
                    r"foundation|secretariat|commission|contributors|authors|members|network|"
                    r"society|centre|center|university|press|project|working)\b", re.IGNORECASE)


def person(name: str) -> dict:
    """A name as written into CSL parts: the last word is the family name (intake's guess,
    which the report asks the editor to check); one word, or a group's name ("The core team
    and community"), stays whole."""
    words = name.split()
    if len(words) == 1 or _GROUP.search(name):
        return {"literal": " ".join(words)}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def names(text: str, commas: bool = True) -> list[dict]:
    """The names a byline lists, 'A, B and C' (without ``commas``: 'Doe, Jane; Roe, John'
    stays two names); a group's name stays whole."""
    whole = person(text) if text.split() else {}
    if "literal" in whole:
        return [whole]
    separators = r",|;|\band\b|&" if commas else r";|\band\b|&"
    return [person(part) for part in re.split(separators, text) if part.split()]
