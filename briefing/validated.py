"""The validated content as every task after ``validate`` reads it: ``build/content.json``
as typed objects.

``validate`` writes content.json from these classes and the later tasks (html, export, the
charts) read it back through them, once, with ``read``: what one writes the other reads,
checked by the same rules. They are the content model's own classes (``briefing.model``),
with what validation adds made certain: every word of the vocabulary has its label (and a
kind its plural), every event its outcome. Nothing here reads YAML or knows the subject.
"""

from __future__ import annotations

from functools import cached_property

from . import model, words
from .paths import Project


class Term(model.Term):
    label: str


class KindTerm(model.KindTerm):
    label: str
    plural: str


class OutcomeTerm(model.OutcomeTerm):
    label: str


class GenreTerm(model.GenreTerm):
    label: str


class Vocabulary(model.Vocabulary):
    """The briefing's own words, written out in full, so that charts and templates never
    guess a word from an id."""

    domains: list[Term]
    kinds: list[KindTerm]
    outcomes: list[OutcomeTerm]
    genres: list[GenreTerm]

    @classmethod
    def of(cls, declared: model.Vocabulary) -> Vocabulary:
        """``content/vocabulary.yaml``'s words with the defaults filled in: a label is the id
        with hyphens as spaces, a kind's plural its label's plural."""
        out = {}
        for section in model.VOCABULARY:
            terms = []
            for term in getattr(declared, section):
                data = {**term.model_dump(), "label": term.label or term.id.replace("-", " ")}
                if section == "kinds":
                    data["plural"] = term.plural or words.plural(data["label"])
                terms.append(data)
            out[section] = terms
        return cls.model_validate(out)

    def with_role(self, section: str, role: str) -> list[str]:
        """The ids of the ``section`` terms that have ``role``, in the vocabulary's order."""
        return [t.id for t in getattr(self, section) if role in t.roles]

    @property
    def default_outcome(self) -> str:
        """The status of an event whose sources do not say what became of it ('' if none is
        declared: validation reports that)."""
        return next(iter(self.with_role("outcomes", "default")), "")

    def term(self, section: str, ident: str) -> Term:
        return self._terms[section][ident]

    @cached_property
    def _terms(self) -> dict[str, dict[str, Term]]:
        return {section: {t.id: t for t in getattr(self, section)} for section in model.VOCABULARY}


class Document(model.Document):
    language: str  # a BCP 47 tag, checked by validate (langcodes' tables take longer to load)


class Event(model.Event):
    outcome: model.Outcome  # the vocabulary's default outcome when the ledger gives none


class DictAccess(TypeError):
    """The content read by key, as the dicts of content.json were before it was typed."""


class Validated(model.Model):
    """Everything content/ says, checked: the events in chronological order, the sources by id."""

    vocabulary: Vocabulary
    document: Document
    sources: list[model.Source]
    events: list[Event]
    sections: list[model.Section]
    judgments: list[model.Judgment]

    def source(self, ident: str) -> model.Source:
        return self._sources[ident]

    def event(self, ident: str) -> Event | None:
        """The event of that id, or None (an id a text cites may be a source's)."""
        return self._events.get(ident)

    @cached_property
    def _sources(self) -> dict[str, model.Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _events(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def __getitem__(self, key):
        """A chart module written for the dicts (``content["events"]``) learns what to write."""
        raise DictAccess(f"content[{key!r}] reads the content as a dict, but it is typed: write "
                         f"content.{key if str(key).isidentifier() else '...'}")

    def dump(self) -> dict:
        """As content.json holds it: CSL-JSON field names, plain JSON values."""
        return self.model_dump(mode="json", by_alias=True)


def read(project: Project) -> Validated:
    """``build/content.json``, as ``validate`` wrote it."""
    return Validated.model_validate_json(project.content_json.read_bytes())
