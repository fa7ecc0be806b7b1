"""Verbatim quotations: the body of an archive, and whether a quotation occurs in it.

Only white space, typographic quotes and dashes are normalised before comparing; every
word and every other character must match.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
_TRANSLATE = str.maketrans({
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
})

CITE = re.compile(r"\[@([^\]]*)\]")
CITE_ID = re.compile(r"^@?([a-z0-9]+(?:-[a-z0-9]+)*)$")
QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
FIGURE_REF = re.compile(r"\[\[fig:([^\]]*)\]\]")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


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
        wanted = normalise(quote)
        match = difflib.SequenceMatcher(None, self.text, wanted, autojunk=False).find_longest_match()
        if match.size < min(12, len(wanted)):
            return None
        start = max(0, match.a - match.b)
        end = start + len(wanted)
        start = self.text.rfind(" ", 0, start + 1) + 1  # widened to whole words
        stop = self.text.find(" ", end - 1)
        return self.text[start: stop if stop >= 0 else len(self.text)].split("\x00")[0].strip(" \n\"'")


def cut_body(archive: str, ranges) -> tuple[Body | None, list[str]]:
    """The body of ``archive`` given ``(start, end)`` marker pairs; problems as messages."""
    problems, parts = [], []
    for start, end in ranges:
        begin = archive.find(start)
        if begin < 0:
            problems.append(f"body start marker not found in the archive: '{start[:60]}'")
            continue
        stop = archive.find(end, begin)
        if stop < 0:
            problems.append(f"body end marker not found after its start: '{end[:60]}'")
            continue
        parts.append(normalise(archive[begin: stop + len(end)]))
    if problems:
        return None, problems
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
    return [a or b for a, b in QUOTED.findall(CITE.sub("", text))]
