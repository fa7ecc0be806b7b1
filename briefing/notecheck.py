"""Whether the notes printed in a PDF are the notes its attached content makes.

The notes are made again from the content by the code that wrote them (``briefing.html``)
and looked for, in order, in the PDF's own text (pdfminer). Line breaks, spacing and
hyphens are not compared (the layout breaks lines and words where it must), nor what the
stylesheets add: the marks around a quotation (``<q>``) and the page after a reference to
another note (", p. 12").
"""

from __future__ import annotations

import re
import unicodedata

#: What layout changes in a text: white space, and hyphens at line ends (any hyphen, since a
#: hyphen of the text itself can end a line too).
_LAYOUT = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
#: Where stylesheets add text to a note, and at most how much: quotation marks, a page.
_GENERATED = re.compile(r'(<q>|</q>|<a class="noteref"[^>]*>.*?</a>)')
_QUOTE_MARK, _PAGE = r".{0,2}?", r".{0,24}?"


def printed_text(data: bytes) -> str:
    """The text of a PDF, as pdfminer reads it from its pages."""
    import io

    from pdfminer.high_level import extract_text

    return compared(extract_text(io.BytesIO(data)))


def compared(text: str) -> str:
    """``text`` as notes are compared: compatibility forms (ligatures) folded, layout gone."""
    return _LAYOUT.sub("", unicodedata.normalize("NFKC", text))


def expected_notes(content: dict) -> list[tuple[int, list[str], re.Pattern]]:
    """Each note the content makes: its number, what it cites, and a pattern of its text.

    The notes are numbered as the engine's templates render their calls (the templates of
    the engine that runs verify: a briefing built with templates of its own may number them
    otherwise). The number is not in the pattern: it is set apart from the text in the
    margin, and pdfminer reads the numbers of a page's notes as a column of their own. The
    notes are found in order instead."""
    from markupsafe import Markup

    from .html import FONT_SUBSTITUTES, notes_of
    from .paths import ENGINE_ROOT, Project
    from .validated import Validated

    made = notes_of(Project.at(ENGINE_ROOT), Validated.model_validate(content))
    notes = []
    for note in made.notes:
        html = str(made.body(note, "print"))
        pattern = ""
        for piece in _GENERATED.split(html):
            if piece in ("<q>", "</q>"):
                pattern += _QUOTE_MARK
                continue
            text = Markup(piece).striptags()
            for char, substitute in FONT_SUBSTITUTES.items():
                text = text.replace(char, substitute)
            pattern += re.escape(compared(text))
            if piece.startswith('<a class="noteref"'):
                pattern += _PAGE
        notes.append((note.number, note.ids, re.compile(pattern)))
    return notes


def misprinted(notes, printed: str) -> list[tuple[int, list[str]]]:
    """The ``expected_notes`` (number, what they cite) not found in ``printed``, in order."""
    wrong, at = [], 0
    for number, ids, pattern in notes:
        match = pattern.search(printed, at)
        if match is None:
            wrong.append((number, ids))
        else:
            at = match.end()
    return wrong
