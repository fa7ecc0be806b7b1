"""Render the validated content and the charts into the HTML edition with Jinja2.

Autoescaping is on and undefined names are errors: content is text, never markup. The
only markup that prose gets is what ``briefing.markup`` makes from citation markers, figure
references and ``*emphasis*``, all after escaping. The notes are ``briefing.notes``'s, the
callouts ``briefing.callouts``'s; what the templates need besides is ``Page``'s.
"""

from __future__ import annotations

import json
from pathlib import Path

from markupsafe import Markup

from . import (
    atomic,
    bibliography,
    callouts,
    chartsvg,
    datemarks,
    model,
    names,
    notes,
    quotes,
    typography,
    validated,
    web,
    words,
)
from .diagnostics import Diagnostics, Location
from .markup import Prose
from .paths import Project
from .validated import Event, Validated

TEMPLATE = "briefing.html.j2"
#: Characters missing from the bundled fonts -> look-alikes (else a system font is embedded).
FONT_SUBSTITUTES = {"\u2011": "-"}  # non-breaking hyphen


def environment(project: Project):
    """The templates' environment. Compiled templates are kept in ``build/.templates/``
    (Jinja2's bytecode cache, checked against each template's source), so that an edit of
    the content does not compile the templates again: a fifth of the web edition's time."""
    from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

    compiled = project.build / ".templates"
    compiled.mkdir(parents=True, exist_ok=True)
    return Environment(
        loader=FileSystemLoader(str(project.templates)),
        bytecode_cache=FileSystemBytecodeCache(str(compiled)),
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
    content = validated.read(project)
    figures = {}
    for name in figure_names:
        meta_path = project.build_figures / f"{name}.json"
        figures[name] = json.loads(meta_path.read_text(encoding="utf-8"))
        figures[name]["src"] = f"figures/{name}.svg"
        figures[name]["svg"] = chartsvg.inline(
            (project.build_figures / f"{name}.svg").read_bytes(), f"chart-{name}-",
            figures[name]["alt"])
    html, _ = render_page(project, content, figures)
    atomic.write_text(project.html, web.seal(html))


class TemplateProblem(Exception):
    """A template that cannot be read or rendered, as diagnostics naming its file and line."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(str(diagnostics.items[0]))
        self.diagnostics = diagnostics


def render_page(project: Project, content: Validated, figures: dict) -> tuple[str, Page]:
    """The page the templates make of ``content``, its notes filled in, and what made it.

    A template with a syntax error, or one that uses a name the engine does not give it (a
    project's own copy of templates/, older than the engine), raises ``TemplateProblem``."""
    from jinja2 import TemplateError

    page = Page(content, figures)
    env = environment(project)
    language = content.document.language
    env.filters["prose"] = Prose(page.notes, page.figure_numbers, language)
    env.filters["typeset"] = lambda text: typography.typeset(text, language)
    env.filters["upper_first"] = words.upper_first
    try:
        html = env.get_template(TEMPLATE).render(
            doc=content.document, content=content, b=page, **web.page_assets(project))
    except (TemplateError, TypeError) as exc:  # TypeError: a helper called the wrong way
        raise TemplateProblem(_template_problem(project, exc)) from None
    return names.mark(page.notes.fill(html, _printable), names.known(content)), page


def _template_problem(project: Project, exc: Exception) -> Diagnostics:
    """Where in which template ``exc`` arose, and what it means, as one diagnostic."""
    import traceback

    from jinja2 import TemplateNotFound, TemplateSyntaxError

    diagnostics = Diagnostics()
    folder = project.templates.resolve()
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).resolve().is_relative_to(folder)]
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = Location(project.relative(Path(exc.filename)), exc.lineno or 0)
    elif frames:
        where = Location(project.relative(Path(frames[-1].filename)), frames[-1].lineno or 0)
    else:
        where = Location(project.relative(project.templates / TEMPLATE))
    if isinstance(exc, TemplateSyntaxError):
        diagnostics.error(where, exc.message or str(exc), "template.syntax",
                          "Jinja2 template syntax: https://jinja.palletsprojects.com/templates/")
    elif isinstance(exc, TemplateNotFound):
        diagnostics.error(where, f"no template '{exc.name}' in "
                          f"{project.relative(project.templates)}/", "template.missing",
                          "a project's own templates/ needs every template the engine's has")
    else:
        diagnostics.error(where, str(exc), "template.undefined",
                          "a project's own copy of templates/ may be older than the engine: "
                          "compare it with the engine's templates/ and add what it lacks")
    return diagnostics


def notes_of(project: Project, content: Validated) -> notes.Notes:
    """The notes the templates number for ``content``, their texts known: what ``briefing
    verify`` looks for in a PDF. The charts are not needed, only their places."""
    placed = {p.figure for s in content.sections for p in s.paragraphs
              if isinstance(p, model.FigurePlacement)}
    figures = {name: {"caption": "", "alt": "", "src": "", "svg": "", "source_line": ""} for name in placed}
    return render_page(project, content, figures)[1].notes


class Page:
    """What templates need beyond the content itself: numbers, notes, callouts, small formats."""

    def __init__(self, content: Validated, figures: dict):
        self.content = content
        self.figures = figures
        order = [p.figure for s in content.sections for p in s.paragraphs
                 if isinstance(p, model.FigurePlacement)]
        self.figure_numbers = {name: i + 1 for i, name in enumerate(dict.fromkeys(order))}
        self.references = dict(bibliography.entries(
            [s.model_dump(by_alias=True) for s in content.sources]))
        self.notes = notes.Notes(content)
        self.pullquotes = callouts.choose(content)

    who = staticmethod(notes.who)  # who acted, in a few words
    speaker = staticmethod(notes.speaker)  # who spoke a citation's words

    def take_notes(self) -> list[tuple[int, Markup]]:
        """The notes of the prose rendered since the last call: the web edition lists them."""
        return self.notes.take()

    def figure(self, name: str) -> dict:
        return {**self.figures[name], "name": name, "number": self.figure_numbers[name]}

    def source(self, ident: str) -> model.Source:
        return self.content.source(ident)

    def grade(self, citation: model.Citation) -> str:
        return notes.grade(self.content, citation)

    def speakers(self, event: Event) -> list[str]:
        """Whose words the event's quotations record: each speaker, else the source's author."""
        names = [c.speaker or self._author(self.content.source(c.source)) for c in event.citations]
        return list(dict.fromkeys(names))

    @staticmethod
    def _author(source: model.Source) -> str:
        people = [name.printed for name in source.author]
        return ", ".join(p for p in people if p) or source.short  # the source's own words

    def source_grades(self, event: Event) -> list[tuple[model.Source, str]]:
        """The sources of an event with their grades, each source once: for the chronology."""
        grades: dict[str, list[str]] = {}
        for citation in event.citations:
            found = grades.setdefault(citation.source, [])
            if self.grade(citation) not in found:
                found.append(self.grade(citation))
        return [(self.content.source(s), ", ".join(g)) for s, g in grades.items()]

    def uncited(self, judgment: model.Judgment) -> list[Event]:
        """The events a judgment rests on that its text does not cite (those have notes)."""
        cited = set(quotes.citation_ids(judgment.text)[0])
        return [self.content.event(i) for i in judgment.events if i not in cited]

    def events_by_year(self) -> list[tuple[int, list[Event]]]:
        years: dict[int, list[Event]] = {}
        for event in self.content.events:
            years.setdefault(event.when.year, []).append(event)
        return list(years.items())

    def date_legend(self) -> str:
        return datemarks.legend(self.content)

    def generated(self, name: str) -> str:
        """A paragraph the engine writes from the content (model.Generated)."""
        return {"dates": datemarks.statement}[name](self.content)

    @staticmethod
    def long_date(iso: str) -> str:
        return datemarks.PartialDate.parse(iso).plain

    @staticmethod
    def actors(people: list[model.Actor]) -> str:
        return "; ".join(words.aside(a.name, a.role) for a in people)

    @staticmethod
    def actor_names(people: list[model.Actor]) -> str:
        return words.series([a.name for a in people])

    def label(self, section: str, ident: str) -> str:
        """A word of the vocabulary as the briefing prints it: ``label('outcomes', status)``."""
        return self.content.vocabulary.term(section, ident).label

    def role_classes(self, kind: str) -> str:
        """CSS classes for an event's kind and its roles: ``kind-offer role-offers``."""
        roles = self.content.vocabulary.term("kinds", kind).roles
        return " ".join([f"kind-{kind}"] + [f"role-{r}" for r in roles])
