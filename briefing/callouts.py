"""Callouts: a quotation pulled out of the narrative, at most one per section.

The quotation is the best-graded one of an event the section cites whose kind has the role
"offers" in the vocabulary (what one side put to the other), placed after the paragraph
that first cites it, and only in the parts of the narrative where callouts belong.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import model, quotes, words
from .validated import Event, Validated

#: Events whose quotations may be pulled out as callouts: the kinds with this role.
PULL_ROLE = "offers"
#: Parts of the narrative where callouts belong (not the summary or the method).
PULL_PARTS = ("history", "analysis")
MIN_WORDS = 6  # a shorter quotation says too little on its own


@dataclass(frozen=True)
class Callout:
    after: int  # the index of the paragraph it follows
    event: Event
    citation: model.Citation
    source: model.Source
    quote: str  # as printed: inner quotation marks single, an ellipsis where it is cut


def choose(content: Validated) -> dict[str, Callout]:
    """The callout of each section that has one, by section id; a quotation is pulled once."""
    kinds = set(content.vocabulary.with_role("kinds", PULL_ROLE))
    chosen, used = {}, set()
    for section in content.sections:
        if section.part not in PULL_PARTS:
            continue
        best = None
        for index, paragraph in enumerate(section.paragraphs):
            if not isinstance(paragraph, str):
                continue
            for ident in quotes.citation_ids(paragraph)[0]:
                event = content.event(ident)
                if not event or event.kind not in kinds:
                    continue
                for citation in event.citations:
                    if citation.quote in used or len(citation.quote.split()) < MIN_WORDS:
                        continue
                    rank = _rank(content, citation)
                    if best is None or rank < best[0]:
                        best = (rank, index, event, citation)
        if best:
            _, index, event, citation = best
            used.add(citation.quote)
            chosen[section.id] = Callout(index, event, citation, content.source(citation.source),
                                         _fragment_marks(citation.quote, content.document.language))
    return chosen


def _rank(content: Validated, citation: model.Citation) -> tuple:
    """Better first: the source's reliability, the information's credibility, a fair length."""
    length = len(citation.quote.split())
    return (content.source(citation.source).grade.reliability, citation.credibility or 6,
            0 if 10 <= length <= 50 else 1)


def _fragment_marks(quote: str, language: str) -> str:
    """An ellipsis where a quotation starts or ends mid-sentence, so a fragment reads as one."""
    text = words.inner_quotes(quote.strip(), language)
    if text[:1].islower():
        text = words.ELLIPSIS + text
    if text[-1:] not in ".!?”\"’'‘»":
        text += words.ELLIPSIS
    return text
