"""Names the content knows, marked in the page so that print never hyphenates them.

WeasyPrint hyphenates by a dictionary of common words ("hyphens: auto"), which splits a
proper name where no reader would (an outlet's name run together, split at a capital).
The names of the content (the actors, the speakers, the sources' authors, outlets,
publishers, titles and short forms) are wrapped, wherever they are printed, in
``<span class="name">``, which print.css sets with ``hyphens: manual``. Only text between
tags is marked, never an attribute, and nothing inside the head, a script, a style or an
SVG.
"""

from __future__ import annotations

import re

from markupsafe import escape

from . import typography
from .validated import Validated

#: A name none of whose capitalised words is this long is left as it is: no word of it is
#: hyphenated (print.css ``hyphenate-limit-chars``) but common ones ("the minister").
HYPHENATED_FROM = 7
_TAG = re.compile(r"(<[^>]*>)")
_SKIPPED = re.compile(r"<(head|script|style|svg|title)\b", re.I)


def known(content: Validated) -> list[str]:
    """The names of the content as the page prints them (raw and typeset), longest first:
    each whole, and each capitalised word of a person's or an outlet's name by itself, as
    prose names people by their surname and outlets without their domain."""
    people = set()
    for event in content.events:
        people.update(actor.name for actor in [*event.actors.from_, *event.actors.to])
        people.update(c.speaker for c in event.citations if c.speaker)
        people.update(c.via for c in event.citations if c.via)
    titles = set()
    for source in content.sources:
        people.update(name.printed for name in source.author)
        people.update([source.container_title, source.publisher, source.short])
        titles.add(source.title)
    words = {word for name in people if name for word in re.findall(r"\w+", name)
             if word[:1].isupper()}
    language = content.document.language
    names = {form for name in people | titles | words if name
             for form in (name, typography.typeset(name, language))
             if any(len(word) >= HYPHENATED_FROM and word[:1].isupper()
                    for word in re.findall(r"\w+", form))}
    return sorted(names, key=lambda name: (-len(name), name))


def mark(html: str, names: list[str]) -> str:
    """``html`` with each name in its text wrapped in ``<span class="name">``."""
    if not names:
        return html
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(str(escape(n))) for n in names)
                         + r")(?!\w)")
    parts = _TAG.split(html)
    skipping = None
    for i in range(len(parts)):
        part = parts[i]
        if i % 2:  # a tag
            if skipping is None and (opened := _SKIPPED.match(part)):
                skipping = opened.group(1).lower()
            elif skipping and part.lower().startswith(f"</{skipping}"):
                skipping = None
        elif skipping is None and part:
            parts[i] = pattern.sub(lambda m: f'<span class="name">{m.group(0)}</span>', part)
    return "".join(parts)
