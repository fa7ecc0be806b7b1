"""Render ``build/content.json`` and the charts into the HTML edition with Jinja2.

Autoescaping is on and undefined names are errors: content is text, never markup. The
only markup that prose gets is what ``prose`` makes from citation markers, figure
references and ``*emphasis*``, all after escaping.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

from . import atomic, quotes
from .paths import Project

TEMPLATE = "briefing.html.j2"
_EMPHASIS = re.compile(r"\*([^*\n]+)\*")


def environment(project: Project):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(project.templates)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


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
    html = env.get_template(TEMPLATE).render(
        doc=content["document"], content=content, b=context,
        screen_css=Markup((project.templates / "screen.css").read_text(encoding="utf-8")),
    )
    atomic.write_text(project.html, html)


class Briefing:
    """What templates need beyond the raw content: lookups, numbering, footnotes."""

    def __init__(self, content: dict, figures: dict):
        self.content = content
        self.sources = {s["id"]: s for s in content["sources"]}
        self.events = {e["id"]: e for e in content["events"]}
        self.figures = figures
        order = [p["figure"] for s in content["sections"] for p in s["paragraphs"]
                 if isinstance(p, dict)]
        self.figure_numbers = {name: i + 1 for i, name in enumerate(dict.fromkeys(order))}

    def figure(self, name: str) -> dict:
        return {**self.figures[name], "name": name, "number": self.figure_numbers[name]}

    def prose(self, text: str) -> Markup:
        html = str(escape(text))
        html = _EMPHASIS.sub(r"<em>\1</em>", html)
        html = quotes.FIGURE_REF.sub(self._figure_ref, html)
        html = quotes.CITE.sub(self._footnote, html)
        return Markup(html)

    def _figure_ref(self, match: re.Match) -> str:
        name = match.group(1)
        return f'<a class="figref" href="#fig-{name}">Figure {self.figure_numbers.get(name, "?")}</a>'

    def _footnote(self, match: re.Match) -> str:
        ids, _ = quotes.citation_ids(match.group(0))
        notes = [self.note(ident) for ident in ids]
        return f'<span class="footnote">{" ".join(notes)}</span>'

    def note(self, ident: str) -> str:
        """The footnote text for an event or a source, as escaped HTML."""
        if ident in self.sources:
            return str(escape(self.source_line(self.sources[ident])))
        event = self.events[ident]
        parts = []
        for citation in event["citations"]:
            source = self.sources[citation["source"]]
            parts.append(escape(f"{source['short']} ({self.grade(citation)}): ")
                         + Markup('<q>') + escape(citation["quote"]) + Markup("</q>"))
        return "; ".join(str(p) for p in parts) + "."

    def grade(self, citation: dict) -> str:
        source = self.sources[citation["source"]]
        credibility = citation.get("credibility")
        grade = source["grade"]["reliability"]
        return f"grade {grade}{credibility}" if credibility else f"grade {grade}"

    def source_line(self, source: dict) -> str:
        return f"{source['short']}, {source['title']} (grade {source['grade']['reliability']})."

    @staticmethod
    def date(event: dict) -> str:
        parts = [int(p) for p in event["date"].split("-")]
        months = ["January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"]
        text = str(parts[0])
        if len(parts) > 1:
            text = f"{months[parts[1] - 1]} {text}"
        if len(parts) > 2:
            text = f"{parts[2]} {text}"
        return ("c. " if event.get("approx") else "") + text

    @staticmethod
    def actors(people: list[dict]) -> str:
        return "; ".join(
            f"{a['name']} ({a['role']})" if a.get("role") else a["name"] for a in people)
