"""Prose checked where each claim is made: every citation's scope (``briefing.scopes``),
with its quotations, the dates, numbers and names it states (``briefing.specifics``) and
the words it attributes to someone (``briefing.attribution``), against what that citation
cites (``briefing.support``).

Part of validation: ``briefing.validate`` gives its checker, whose references, quotations,
figures, records and diagnostics these checks use.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from . import attribution, quotes, scopes, specifics, support, words
from .diagnostics import Location
from .load import Loaded


class ProseChecker:
    """The checks of the texts that cite: the BLUF, the key judgments, the narrative."""

    def __init__(self, checker):
        self.checker, self.diag = checker, checker.diag
        self.supports: dict[tuple, support.Support] = {}
        #: titles and outlets with a full stop inside, which ends no sentence in prose
        self.unbreakable = sorted({text for s in checker.content.sources for text in (
            s.obj.title, s.obj.container_title, s.obj.publisher, s.obj.short)
            if text and "." in text.rstrip(".")})

    def paragraph(self, item: Loaded, key: tuple, text: str, uncited_warning=False) -> None:
        """A text that cites: its markers, figures, and each citation's scope."""
        resolved: set[str] = set()
        for marker in quotes.CITE.finditer(text):
            ids, bad = quotes.citation_ids(marker.group(0))
            where = item.at_text(key, marker.start())
            if bad:
                self.diag.error(where, f"malformed citation {marker.group(0)}", "ref.syntax",
                                "write citations as [@event-id] or [@id; @other-id]")
            resolved |= {i for i in ids if self.checker.reference(item, key, i, where=where)}
        for marker in quotes.FIGURE_REF.finditer(text):
            self.checker.figure(item, key, marker.group(1), placed=False,
                                where=item.at_text(key, marker.start()))
        if uncited_warning and not quotes.citation_ids(text)[0]:
            self.diag.warning(item.at(*key), "paragraph cites no event or source",
                              "narrative.uncited", "add [@event-id] after the claim")
        sentences = scopes.sentences(text, self.unbreakable)
        prose = specifics.Stated(text, sentences)
        found = scopes.scopes(text, sentences)
        starts = [scope.start for scope in found]
        quoted: dict[int, list] = {}
        for match in words.QUOTED.finditer(quotes.CITE.sub(lambda m: " " * len(m.group()), text)):
            quoted.setdefault(bisect.bisect_right(starts, match.start()) - 1, []).append(
                (match.start(), words.quoted_text(match)))
        attributed: dict[int, list] = {}
        for said in attribution.attributions(text, sentences):
            attributed.setdefault(bisect.bisect_right(starts, said.quote_at) - 1, []).append(said)
        for i, scope in enumerate(found):
            self.scope(_Place(item, key, prose), scope, quoted.get(i, []),
                       attributed.get(i, []), all(s in resolved for s in scope.ids))

    def scope(self, place: _Place, scope: scopes.Scope, quoted: list, attributed: list,
              resolved: bool) -> None:
        """What one citation covers: its quotations, specifics and attributions."""
        events = [i for i in scope.ids if i in self.checker.events]
        sources = [i for i in scope.ids if i in self.checker.sources]
        cited = sources + [c.source for e in events for c in self.checker.events[e].obj.citations]
        verified = []
        for at, quotation in quoted:
            if not scope.ids:
                self.diag.error(place.at(at), f"quotation \"{quotes.shortened(quotation)}\" is "
                                "in a sentence that no citation covers", "quote-uncited",
                                "cite the source of the words after the sentence that quotes them")
            elif self.checker.quotation(place.item, place.key, quotation, cited, place.at(at),
                                        complete=resolved):
                verified.append(quotation)
        if not resolved:
            return  # an unknown reference is reported, and the rest waits for it
        given = self.support(events, sources)
        for finding in place.prose.unsupported(scope.start, scope.end, given):
            self.unsupported(place, finding, bool(scope.ids))
        for said in attributed:
            if said.quote in verified:
                self.attributed(place, said, events, sources)

    def support(self, events: list[str], sources: list[str]) -> support.Support:
        """What a scope citing ``events`` and ``sources`` gives (one reading per set)."""
        key = (tuple(sorted(set(events))), tuple(sorted(set(sources))))
        if key not in self.supports:
            self.supports[key] = support.support_of(
                key[0], key[1], {i: self.checker.events[i].obj for i in key[0]},
                {i: s.obj for i, s in self.checker.sources.items()})
        return self.supports[key]

    def unsupported(self, place: _Place, finding: specifics.Finding, covered: bool) -> None:
        where, text = place.at(finding.start), finding.text
        if finding.kind == "office":
            offices = "; ".join(finding.offices)
            self.diag.warning(where, f"\"{text}\" is not an office the cited records give "
                              f"{finding.person}", "prose.office",
                              f"they give: {offices}" if offices else
                              f"no cited record gives {finding.person} an office: give it in the "
                              "actor's role, or attribute the title to the source that uses it")
        elif covered:
            self.diag.warning(where, f"\"{text}\" is in no event or source cited for its "
                              "sentence", "prose.unsupported",
                              "cite what gives it, put outside knowledge into an event's "
                              "editor's note, or take it out")
        else:
            self.diag.warning(where, f"\"{text}\" is in a sentence that no citation covers",
                              "prose.unsupported", "a citation covers the sentence it closes and "
                              "the uncited sentences before it: cite what gives it after this "
                              "sentence")

    def attributed(self, place: _Place, said: attribution.Attribution, events: list[str],
                   sources: list[str]) -> None:
        """Quoted words that prose gives to someone must be a cited quotation of theirs."""
        wanted = quotes.normalise(said.quote)
        citations = [c for e in events for c in self.checker.events[e].obj.citations
                     if wanted in quotes.normalise(c.quote)]
        voices = [self.voice(c.source, c.speaker) for c in citations]
        if said.frame:  # "according to X": X may be who reports the words
            voices += [self.voice(c.source, None) for c in citations]
            voices += [(c.via, " (who reported them)") for c in citations if c.via]
        voices += [self.voice(s, None) for s in sources
                   if s in self.checker.bodies and self.checker.bodies[s].contains(said.quote)]
        first_names = {name.split()[0].lower() for name in self.names(events, sources)
                       if len(name.split()) > 1}
        if any(attribution.same_person(said.name, voice, first_names) for voice, _ in voices):
            return
        short = quotes.shortened(said.quote, 40)
        if not voices:
            message, hint = (f"\"{short}\" is attributed to {said.name}, but no quotation of "
                             "the cited events gives these words",
                             f"cite the event whose citation gives the words, with speaker: "
                             f"{said.name}")
        else:
            voice, how = voices[0]
            message = f"\"{short}\" is attributed to {said.name}, but the words are {voice}'s{how}"
            hint = "attribute the words to whoever the citation says spoke them"
        self.diag.warning(place.at(said.at), message, "prose.misattributed", hint)

    def voice(self, source_id: str, speaker: str | None) -> tuple[str, str]:
        """Whose words a citation records, and how that is known, for a message."""
        if speaker:
            return speaker, ""
        source = self.checker.sources[source_id].obj
        authors = [n.printed for n in source.author]
        if authors:
            return " and ".join(authors), f" (the citation names no speaker: {source.short}'s author)"
        outlet = source.container_title or source.publisher or source.short
        return outlet, f" (the citation names no speaker: the words of {source.short})"

    def names(self, events: list[str], sources: list[str]):
        """Everyone the scope's records name: actors, speakers, authors."""
        for ident in events:
            event = self.checker.events[ident].obj
            yield from (a.name for a in [*event.actors.from_, *event.actors.to])
            yield from (c.speaker for c in event.citations if c.speaker)
        for ident in sources:
            yield from (self.voice(ident, None)[0].split(" and "))


@dataclass(frozen=True)
class _Place:
    """A text of the content being checked: where it is, and what it states."""

    item: Loaded
    key: tuple
    prose: specifics.Stated

    def at(self, offset: int) -> Location:
        return self.item.at_text(self.key, offset)
