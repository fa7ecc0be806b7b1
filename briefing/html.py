"""Render ``build/content.json`` and the charts into the HTML edition with Jinja2.

Autoescaping is on and undefined names are errors: content is text, never markup. The
only markup that prose gets is what ``prose`` makes from citation markers, figure
references and ``*emphasis*``, all after escaping.

One HTML serves print and screen. A citation is written twice: as a ``float: footnote``
span for print, and as a superscript link to a notes list at the end of its section for
screen; each stylesheet hides the other. Notes are numbered in document order. An event's
quotations are given in full once, in its "home" note (the first note of the narrative that
cites it, else its first note); every other note that cites it refers to the home note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import atomic, bibliography, datemarks, quotes, vocabulary, web
from .paths import Project

TEMPLATE = "briefing.html.j2"
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")
_CITE = re.compile(r"\s*" + quotes.CITE.pattern)  # the call sits right after the word
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
#: Events whose quotations may be pulled out as callouts: the kinds with this role in the
#: vocabulary (what the other side was offered).
PULL_ROLE = "offers"
#: Characters missing from the bundled fonts -> look-alikes (else a system font is embedded).
FONT_SUBSTITUTES = {"\u2011": "-"}  # non-breaking hyphen
#: Parts of the narrative where callouts belong (not the summary or the method).
PULL_PARTS = ("history", "analysis")
_STRAIGHT = re.compile(r'"([^"]*)"')


def environment(project: Project):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(project.templates)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_printable,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _printable(value):
    """Characters the bundled fonts lack, replaced by ones that look the same."""
    if isinstance(value, str):
        for char, substitute in FONT_SUBSTITUTES.items():
            value = value.replace(char, substitute)
    return value


def render_html(project: Project, figure_names: list[str]) -> None:
    content = json.loads(project.content_json.read_text(encoding="utf-8"))
    figures = {}
    for name in figure_names:
        meta_path = project.build_figures / f"{name}.json"
        figures[name] = json.loads(meta_path.read_text(encoding="utf-8"))
        figures[name]["src"] = f"figures/{name}.svg"
    context = Briefing(content, figures)
    env = environment(project)
    env.filters["prose"] = context.prose
    env.filters["upper_first"] = lambda text: text[:1].upper() + text[1:]
    html = env.get_template(TEMPLATE).render(
        doc=content["document"], content=content, b=context,
        **web.page_assets(project),
    )
    context.check_all_notes_rendered()
    atomic.write_text(project.html, web.seal(html))


def _voice(citation: dict) -> tuple:
    """What a note names once for a run of quotations: their source, speaker and reporter."""
    return citation["source"], citation["speaker"], citation.get("via")


def inner_quotes(quote: str) -> str:
    """Double quotation marks inside a quotation become single ones, as English sets them."""
    quote = _STRAIGHT.sub(r"‘\1’", quote)
    return quote.replace("“", "‘").replace("”", "’")


@dataclass
class Note:
    number: int
    ids: list[str]
    narrative: bool


class Briefing:
    """What templates need beyond the raw content: lookups, numbering, notes, callouts."""

    def __init__(self, content: dict, figures: dict):
        self.content = content
        self.sources = {s["id"]: s for s in content["sources"]}
        self.events = {e["id"]: e for e in content["events"]}
        self.vocabulary = {section: {t["id"]: t for t in terms}
                           for section, terms in content["vocabulary"].items()}
        self.pull_kinds = set(vocabulary.with_role(content["vocabulary"]["kinds"], PULL_ROLE))
        self.figures = figures
        order = [p["figure"] for s in content["sections"] for p in s["paragraphs"]
                 if isinstance(p, dict) and "figure" in p]
        self.figure_numbers = {name: i + 1 for i, name in enumerate(dict.fromkeys(order))}
        self.references = dict(bibliography.entries(content["sources"]))
        self.notes = self._plan_notes()
        self.home = self._home_notes()
        self.pullquotes = self._choose_pullquotes()
        self._rendered = 0
        self._pending: list[tuple[int, Markup]] = []

    # --- document order -------------------------------------------------------------------

    def _texts(self):
        """Every text that may cite, in the order the template renders it: (narrative?, text)."""
        for paragraph in self.content["document"]["bluf"]:
            yield False, paragraph
        for judgment in self.content["judgments"]:
            yield False, judgment["text"]
        for section in self.content["sections"]:
            for paragraph in section["paragraphs"]:
                if isinstance(paragraph, str):
                    yield True, paragraph

    def _plan_notes(self) -> list[Note]:
        notes = []
        for narrative, text in self._texts():
            for marker in quotes.CITE.finditer(text):
                ids, _ = quotes.citation_ids(marker.group(0))
                notes.append(Note(len(notes) + 1, ids, narrative))
        return notes

    def _home_notes(self) -> dict[str, int]:
        home: dict[str, int] = {}
        for note in sorted(self.notes, key=lambda n: (not n.narrative, n.number)):
            for ident in note.ids:
                if ident in self.events:
                    home.setdefault(ident, note.number)
        return home

    # --- prose ----------------------------------------------------------------------------

    def prose(self, text: str) -> Markup:
        html = str(escape(text))
        html = _EMPHASIS.sub(r"<em>\1</em>", html)
        html = quotes.FIGURE_REF.sub(self._figure_ref, html)
        html = _CITE.sub(self._footnote, html)
        return Markup(html)

    def _figure_ref(self, match: re.Match) -> str:
        name = match.group(1)
        return (f'<a class="figref" href="#fig-{name}">'
                f'Figure {self.figure_numbers.get(name, "?")}</a>')

    def _footnote(self, match: re.Match) -> str:
        note = self.notes[self._rendered]
        ids, _ = quotes.citation_ids(match.group(0).strip())
        if ids != note.ids:
            raise RuntimeError(f"notes rendered out of document order at {match.group(0)!r}")
        self._rendered += 1
        n = note.number
        self._pending.append((n, self.note_body(note, "screen")))
        return (f'<a class="fnref" id="fnref-{n}" href="#fn-{n}" role="doc-noteref">'
                f'<sup>{n}</sup></a><span class="call" id="note-{n}"></span><span class="footnote">'
                f'{self.note_body(note, "print")}</span>')

    def take_notes(self) -> list[tuple[int, Markup]]:
        """The notes of the prose rendered since the last call: the web edition lists them."""
        notes, self._pending = self._pending, []
        return notes

    def check_all_notes_rendered(self) -> None:
        if self._rendered != len(self.notes) or self._pending:
            raise RuntimeError("the template did not render every note and notes list")

    # --- notes ----------------------------------------------------------------------------

    def note_body(self, note: Note, medium: str) -> Markup:
        """The text of a note as HTML; ``medium`` picks where a reference to another note points."""
        parts = []
        for ident in note.ids:
            if ident in self.sources:
                parts.append(self._source_note(self.sources[ident]))
            elif self.home[ident] == note.number:
                parts.append(self._event_in_full(self.events[ident]))
            else:
                parts.append(self._event_in_brief(self.events[ident], self.home[ident], medium))
        return Markup(" ").join(parts)

    def _source_note(self, source: dict) -> Markup:
        title = source["title"]
        return (Markup('<a class="src" href="#src-{}">{}</a> (grade {}), <cite>{}</cite>{}')
                .format(source["id"], source["short"], source["grade"]["reliability"], title,
                        "" if title.endswith((".", "?", "!")) else "."))

    def _event_label(self, event: dict) -> Markup:
        return Markup('<a class="ev" href="#ev-{}">{}, {}</a>').format(
            event["id"], self.who(event), self.date(event))

    def who(self, event: dict) -> str:
        """Who acted, in a few words: the actors, else the event's label or its kind."""
        if event["actors"]["from"]:
            return self.actor_names(event["actors"]["from"])
        if event.get("label"):
            return event["label"]
        words = event["summary"].rstrip(".").split()  # its summary's first words
        return " ".join(words[:6]) + ("…" if len(words) > 6 else "")

    @staticmethod
    def speaker(citation: dict) -> Markup:
        """Who spoke a citation's words, and who reported them before its source did."""
        html = Markup('<span class="speaker">{}</span>').format(citation["speaker"])
        return html + (Markup(" as reported by {}").format(citation["via"])
                       if citation.get("via") else "")

    def speakers(self, event: dict) -> list[str]:
        """Whose words the event's quotations record: each speaker, else the source's author."""
        names = [c["speaker"] or self._author(self.sources[c["source"]])
                 for c in event["citations"]]
        return list(dict.fromkeys(names))

    @staticmethod
    def _author(source: dict) -> str:
        people = [a.get("literal") or " ".join(filter(None, (a.get("given"), a.get("family"))))
                  for a in source.get("author") or []]
        return ", ".join(p for p in people if p) or source["short"]  # the source's own words

    def _event_in_full(self, event: dict) -> Markup:
        groups: list[list[dict]] = []
        for citation in event["citations"]:
            if groups and _voice(groups[-1][0]) == _voice(citation):
                groups[-1].append(citation)
            else:
                groups.append([citation])
        quoted = []
        for group in groups:
            items = Markup("; ").join(
                Markup("<q>{}</q> ({})").format(inner_quotes(c["quote"]), self.grade(c)) for c in group)
            short = self.sources[group[0]["source"]]["short"]
            if group[0]["speaker"]:  # the words are someone's the source quotes
                short = Markup('{}, quoted in {}').format(self.speaker(group[0]), short)
            quoted.append(Markup("{}: {}").format(short, items))
        html = Markup("{}. {}.").format(self._event_label(event), Markup(". ").join(quoted))
        if event.get("editor_note"):
            html += Markup(' <span class="editor-note"><span class="label">Editor’s note:</span> '
                           "{}</span>").format(event["editor_note"])
        return html

    def _event_in_brief(self, event: dict, home: int, medium: str) -> Markup:
        shorts = dict.fromkeys(
            f"{self.sources[c['source']]['short']} ({self.sources[c['source']]['grade']['reliability']})"
            for c in event["citations"])
        target = f"note-{home}" if medium == "print" else f"fn-{home}"
        return Markup('{}: {}, see <a class="noteref" href="#{}">note {}</a>.').format(
            self._event_label(event), "; ".join(shorts), target, home)

    def grade(self, citation: dict) -> str:
        """The Admiralty grade of a citation: source reliability, then information credibility."""
        reliability = self.sources[citation["source"]]["grade"]["reliability"]
        return f"{reliability}{citation['credibility'] or ''}"

    def source_grades(self, event: dict) -> list[tuple[dict, str]]:
        """The sources of an event with their grades, each source once: for the chronology."""
        grades: dict[str, list[str]] = {}
        for citation in event["citations"]:
            grades.setdefault(citation["source"], [])
            if self.grade(citation) not in grades[citation["source"]]:
                grades[citation["source"]].append(self.grade(citation))
        return [(self.sources[s], ", ".join(g)) for s, g in grades.items()]

    def uncited(self, judgment: dict) -> list[dict]:
        """The events a judgment rests on that its text does not cite (those have notes)."""
        cited = set(quotes.citation_ids(judgment["text"])[0])
        return [self.events[i] for i in judgment["events"] if i not in cited]

    def events_by_year(self) -> list[tuple[str, list[dict]]]:
        years: dict[str, list[dict]] = {}
        for event in self.content["events"]:
            years.setdefault(event["date"][:4], []).append(event)
        return list(years.items())

    # --- callouts -------------------------------------------------------------------------

    def _choose_pullquotes(self) -> dict[str, dict]:
        """At most one callout per section: the best-graded quotation of an event of a kind
        with the role "offers" that the section cites, placed after the paragraph that first
        cites it."""
        chosen, used = {}, set()
        for section in self.content["sections"]:
            if section["part"] not in PULL_PARTS:
                continue
            best = None
            for index, paragraph in enumerate(section["paragraphs"]):
                if not isinstance(paragraph, str):
                    continue
                for ident in quotes.citation_ids(paragraph)[0]:
                    event = self.events.get(ident)
                    if not event or event["kind"] not in self.pull_kinds:
                        continue
                    for citation in event["citations"]:
                        if citation["quote"] in used or len(citation["quote"].split()) < 6:
                            continue
                        rank = self._pull_rank(citation)
                        if best is None or rank < best[0]:
                            best = (rank, index, event, citation)
            if best:
                _, index, event, citation = best
                used.add(citation["quote"])
                chosen[section["id"]] = {"after": index, "event": event, "citation": citation,
                                         "source": self.sources[citation["source"]],
                                         "quote": self._quote_marks(citation["quote"])}
        return chosen

    def _pull_rank(self, citation: dict) -> tuple:
        words = len(citation["quote"].split())
        return (self.sources[citation["source"]]["grade"]["reliability"],
                citation["credibility"] or 6, 0 if 10 <= words <= 50 else 1)

    @staticmethod
    def _quote_marks(quote: str) -> str:
        """An ellipsis where a quotation starts or ends mid-sentence, so a fragment reads as one."""
        text = inner_quotes(quote.strip())
        if text[:1].islower():
            text = "…" + text
        if text[-1:] not in ".!?”\"’'":
            text += "…"
        return text

    # --- small formats --------------------------------------------------------------------

    def figure(self, name: str) -> dict:
        return {**self.figures[name], "name": name, "number": self.figure_numbers[name]}

    def date(self, event: dict) -> str:
        """An event's date with the marks of its basis ("c. June 2011†")."""
        parts = [int(p) for p in event["date"].split("-")]
        text = str(parts[0])
        if len(parts) > 1:
            text = f"{MONTHS[parts[1] - 1]} {text}"
        if len(parts) > 2:
            text = f"{parts[2]} {text}"
        return datemarks.marked(text, event)

    def date_legend(self) -> str:
        return datemarks.legend(self.content)

    def generated(self, name: str) -> str:
        """A paragraph the engine writes from the content (model.Generated)."""
        return {"dates": datemarks.statement}[name](self.content)

    @staticmethod
    def long_date(iso: str) -> str:
        year, month, day = (int(p) for p in iso.split("-"))
        return f"{day} {MONTHS[month - 1]} {year}"

    @staticmethod
    def actors(people: list[dict]) -> str:
        return "; ".join(
            f"{a['name']} ({a['role']})" if a.get("role") else a["name"] for a in people)

    @staticmethod
    def actor_names(people: list[dict]) -> str:
        names = [a["name"] for a in people]
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} and {names[-1]}"

    def label(self, section: str, ident: str) -> str:
        """A word of the vocabulary as the briefing prints it: ``label('outcomes', status)``."""
        return self.vocabulary[section][ident]["label"]

    def role_classes(self, kind: str) -> str:
        """CSS classes for an event's kind and its roles: ``kind-offer role-offers``."""
        return " ".join([f"kind-{kind}"] + [f"role-{r}" for r in self.vocabulary["kinds"][kind]["roles"]])
