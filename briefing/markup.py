"""Prose as HTML: the only markup content gets, made after escaping.

A paragraph of the content is plain text. Given its language's quotation marks and
dashes (``briefing.typography``), then escaped, it gets ``<em>`` for ``*words*``,
a link for each figure reference (``[[fig:timeline]]``, "Figure 1") and a note call for
each citation marker (``[@id; @id2]``), numbered by ``briefing.notes`` as the template
renders it.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from . import quotes, typography
from .notes import Notes

_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
_CITE = re.compile(r"\s*" + quotes.CITE.pattern)  # the call sits right after the word


class Prose:
    """The template's ``prose`` filter: ``{{ paragraph | prose }}``, or ``prose(narrative=True)``
    for a paragraph of the narrative (where an event's quotations are given in full)."""

    def __init__(self, notes: Notes, figure_numbers: dict[str, int], language: str = "en"):
        self.notes, self.figure_numbers, self.language = notes, figure_numbers, language

    def __call__(self, text: str, narrative: bool = False) -> Markup:
        html = str(escape(typography.typeset(text, self.language)))
        html = _EMPHASIS.sub(r"<em>\1</em>", html)
        html = quotes.FIGURE_REF.sub(self._figure_ref, html)
        html = _CITE.sub(lambda m: self._note(m, narrative), html)
        return Markup(html)

    def _figure_ref(self, match: re.Match) -> str:
        name = match.group(1)
        return (f'<a class="figref" href="#fig-{name}">'
                f'Figure {self.figure_numbers.get(name, "?")}</a>')

    def _note(self, match: re.Match, narrative: bool) -> str:
        ids, _ = quotes.citation_ids(match.group(0).strip())
        return self.notes.call(ids, narrative)
