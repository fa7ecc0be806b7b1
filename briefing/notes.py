"""The notes of the briefing: numbered as the template renders their calls, written once all
are known.

A citation is written twice: as a ``float: footnote`` span for print, and as a superscript
link to a notes list at the end of its section for screen; each stylesheet hides the other.
Notes are numbered in the order the template calls them, so that whatever order a template
gives the texts, the numbers follow the page. An event's quotations are given in full once,
in its "home" note (the first note of the narrative that cites it, else its first note);
every other note that cites it refers to the home note, which may come later on the page.
So a note's text is only known when the whole page is: each call leaves a placeholder that
``fill`` replaces with the note's text once the page is rendered. The placeholders are
HTML comments, which escaped content cannot write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from . import model, typography, words
from .validated import Event, Validated

_PLACEHOLDER = re.compile(r"<!--note (\d+) (print|screen)-->")


@dataclass
class Note:
    number: int
    ids: list[str]
    narrative: bool  # in a section of the narrative, rather than the BLUF or a judgment


class Notes:
    def __init__(self, content: Validated):
        self.content = content
        self.notes: list[Note] = []
        self._unlisted: list[Note] = []  # called, but in no notes list of the web edition yet
        self._home: dict[str, int] = {}

    def call(self, ids: list[str], narrative: bool) -> str:
        """The next note's call, as HTML: its number linked to the notes list, its text for print."""
        note = Note(len(self.notes) + 1, ids, narrative)
        self.notes.append(note)
        self._unlisted.append(note)
        n = note.number
        return (f'<a class="fnref" id="fnref-{n}" href="#fn-{n}" role="doc-noteref">'
                f'<sup>{n}</sup></a><span class="call" id="note-{n}"></span><span class="footnote">'
                f'<!--note {n} print--></span>')

    def take(self) -> list[tuple[int, Markup]]:
        """The notes called since the last call, for a notes list of the web edition."""
        listed, self._unlisted = self._unlisted, []
        return [(note.number, Markup(f"<!--note {note.number} screen-->")) for note in listed]

    def fill(self, html: str, finalize=str) -> str:
        """The rendered page with every note's text in place, each as ``finalize`` makes it
        (the template environment's finalize: what its own expressions go through)."""
        if self._unlisted:
            raise RuntimeError(f"the template lists no note after note {self._unlisted[0].number}")
        for note in sorted(self.notes, key=lambda n: (not n.narrative, n.number)):
            for ident in note.ids:
                if self.content.event(ident):
                    self._home.setdefault(ident, note.number)
        return _PLACEHOLDER.sub(
            lambda m: finalize(self.body(self.notes[int(m.group(1)) - 1], m.group(2))), html)

    def body(self, note: Note, medium: str) -> Markup:
        """The text of a note as HTML; ``medium`` picks where a reference to another note points."""
        parts = []
        for ident in note.ids:
            event = self.content.event(ident)
            if event is None:
                parts.append(self._source_note(self.content.source(ident)))
            elif self._home[ident] == note.number:
                parts.append(self._event_in_full(event))
            else:
                parts.append(self._event_in_brief(event, self._home[ident], medium))
        return Markup(" ").join(parts)

    def _source_note(self, source: model.Source) -> Markup:
        title = source.title
        return (Markup('<a class="src" href="#src-{}">{}</a> (grade {}), <cite>{}</cite>{}')
                .format(source.id, source.short, source.grade.reliability, title,
                        "" if title.endswith((".", "?", "!")) else "."))

    def _event_in_full(self, event: Event) -> Markup:
        groups: list[list[model.Citation]] = []
        for citation in event.citations:
            if groups and _voice(groups[-1][0]) == _voice(citation):
                groups[-1].append(citation)
            else:
                groups.append([citation])
        quoted, language = [], self.content.document.language
        for group in groups:
            items = Markup("; ").join(
                Markup("<q>{}</q> ({})").format(words.inner_quotes(c.quote, language),
                                                grade(self.content, c))
                for c in group)
            short = self.content.source(group[0].source).short
            if group[0].speaker:  # the words are someone's the source quotes
                short = Markup("{}, quoted in {}").format(speaker(group[0]), short)
            quoted.append(Markup("{}: {}").format(short, items))
        html = Markup("{}. {}.").format(event_label(event), Markup(". ").join(quoted))
        if event.editor_note:
            html += Markup(' <span class="editor-note"><span class="label">Editor’s note:</span> '
                           "{}</span>").format(
                               typography.typeset(event.editor_note, self.content.document.language))
        return html

    def _event_in_brief(self, event: Event, home: int, medium: str) -> Markup:
        sources = [self.content.source(c.source) for c in event.citations]
        shorts = dict.fromkeys(f"{s.short} ({s.grade.reliability})" for s in sources)
        target = f"note-{home}" if medium == "print" else f"fn-{home}"
        return Markup('{}: {}, see <a class="noteref" href="#{}">note {}</a>.').format(
            event_label(event), "; ".join(shorts), target, home)


def _voice(citation: model.Citation) -> tuple:
    """What a note names once for a run of quotations: their source, speaker and reporter."""
    return citation.source, citation.speaker, citation.via


def event_label(event: Event) -> Markup:
    """Who acted and when, linked to the event's row of the chronology."""
    return Markup('<a class="ev" href="#ev-{}">{}, {}</a>').format(event.id, who(event), event.when)


def who(event: Event) -> str:
    """Who acted, in a few words: the actors, else the event's label or its summary's first words."""
    if event.actors.from_:
        return words.series([a.name for a in event.actors.from_])
    return event.label or words.first_words(event.summary.rstrip("."), 6)


def speaker(citation: model.Citation) -> Markup:
    """Who spoke a citation's words, and who reported them before its source did."""
    html = Markup('<span class="speaker">{}</span>').format(citation.speaker)
    return html + (Markup(" as reported by {}").format(citation.via) if citation.via else "")


def grade(content: Validated, citation: model.Citation) -> str:
    """The Admiralty grade of a citation: source reliability, then information credibility."""
    return f"{content.source(citation.source).grade.reliability}{citation.credibility or ''}"
