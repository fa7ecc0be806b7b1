"""Typographic quotation marks, apostrophes and dashes in printed text, by language.

Content is written with straight marks; what the reader sees gets the marks of the
document's language (BCP 47 primary subtag). SmartyPants decides which mark opens and
which closes (and makes ``'`` an apostrophe ’), on plain text before it is escaped, so
attributes, URLs and the markup the engine adds are never touched. The quotation check
compares normalised text (``briefing.quotes.normalise``), so either form verifies.
"""

from __future__ import annotations

import re

import smartypants

from . import words

# quotes (double and single, backticks too), '--' en dash and '---' em dash, Unicode out
_ATTRS = smartypants.Attr.q | smartypants.Attr.b | smartypants.Attr.D | smartypants.Attr.u
_NNBSP = "\u202f"

#: The English marks SmartyPants makes, as each language sets them. Only the double marks
#: and the opening single mark change here: the closing single mark is also the apostrophe
#: (German's own closing single mark: ``_GERMAN_SINGLE``).
_MARKS = {
    "de": str.maketrans({"“": "„", "”": "“", "‘": "‚"}),
    "fr": str.maketrans({"“": "«" + _NNBSP, "”": _NNBSP + "»"}),
}


#: German closes a single quotation with ‘, where SmartyPants made ’ (its apostrophe too):
#: the first ’ after an opening ‚ that no letter follows (an apostrophe inside a word,
#: "geht’s", has one).
_GERMAN_SINGLE = re.compile(r"‚([^‚’]*(?:’(?=[^\W\d_])[^‚’]*)*)’(?![^\W\d_])")


def typeset(text: str, language: str = "en") -> str:
    """``text`` with the quotation marks, apostrophes and dashes of ``language``."""
    if not text:
        return text
    curly = smartypants.smartypants(text, _ATTRS)
    primary = words.primary_language(language)
    table = _MARKS.get(primary)
    curly = curly.translate(table) if table else curly
    return _GERMAN_SINGLE.sub(r"‚\1‘", curly) if primary == "de" else curly
