"""Typographic quotation marks, apostrophes and dashes in printed text, by language.

Content is written with straight marks; what the reader sees gets the marks of the
document's language (BCP 47 primary subtag). SmartyPants decides which mark opens and
which closes (and makes ``'`` an apostrophe ’), on plain text before it is escaped, so
attributes, URLs and the markup the engine adds are never touched. The quotation check
compares normalised text (``briefing.quotes.normalise``), so either form verifies.
"""

from __future__ import annotations

import smartypants

# quotes (double and single, backticks too), '--' en dash and '---' em dash, Unicode out
_ATTRS = smartypants.Attr.q | smartypants.Attr.b | smartypants.Attr.D | smartypants.Attr.u
_NNBSP = "\u202f"

#: The English marks SmartyPants makes, as each language sets them. Only the double marks
#: and the opening single mark change: the closing single mark is also the apostrophe.
_MARKS = {
    "de": str.maketrans({"“": "„", "”": "“", "‘": "‚"}),
    "fr": str.maketrans({"“": "«" + _NNBSP, "”": _NNBSP + "»"}),
}


def typeset(text: str, language: str = "en") -> str:
    """``text`` with the quotation marks, apostrophes and dashes of ``language``."""
    if not text:
        return text
    curly = smartypants.smartypants(text, _ATTRS)
    table = _MARKS.get(language.split("-")[0].lower())
    return curly.translate(table) if table else curly
