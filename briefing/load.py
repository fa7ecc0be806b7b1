"""Read the content tree: every YAML file parsed and checked against the model.

The loader only parses and type-checks, file by file; consistency across files (references,
quotations, hashes) is ``briefing.validate``'s job. Problems go to a ``Diagnostics``.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import model, words
from .diagnostics import Diagnostics, Location, did_you_mean
from .paths import Project
from .yamlfile import MAX_BYTES, YamlFile, read_yaml


@dataclass
class Loaded:
    """An object read from content, with the file it came from and its key path there."""

    obj: BaseModel
    file: YamlFile
    key: tuple = ()

    def at(self, *key) -> Location:
        return self.file.at(self.key + key)

    def at_text(self, key: tuple, offset: int) -> Location:
        """Where the character at ``offset`` of the text at ``key`` stands in the file."""
        return self.file.at_offset(self.key + key, offset)


@dataclass
class Content:
    vocabulary: Loaded | None = None
    document: Loaded | None = None
    sources: list[Loaded] = field(default_factory=list)
    events: list[Loaded] = field(default_factory=list)
    sections: list[Loaded] = field(default_factory=list)
    judgments: list[Loaded] = field(default_factory=list)
    #: the well-formed citations of ledger entries that failed validation, so that a wrong
    #: quotation is reported in the same run as the entry's other problems
    stray_citations: list[Loaded] = field(default_factory=list)
    #: the ids that files or items which failed to load seem to define: a reference to one
    #: of them is not reported as unknown (the failure is, and says why)
    unloaded_ids: set[str] = field(default_factory=set)
    #: True when a file could not be read at all, so that its ids are not known either: no
    #: reference is then reported as unknown
    incomplete: bool = False


def load_content(project: Project, diagnostics: Diagnostics) -> Content:
    content = Content()
    root = project.content
    if not root.is_dir():
        diagnostics.error(Location(project.relative(root)), "content folder not found",
                          "content.missing")
        return content
    inside = root.resolve()
    files = list(_content_files(project, diagnostics))
    # the vocabulary first: every other file's words are checked against it
    files.sort(key=lambda item: item[1] != "vocabulary")
    context = {}
    for path, kind in files:
        if not path.resolve().is_relative_to(inside):
            diagnostics.error(Location(project.relative(path)), "file is a link to a file "
                              "outside content/", "file.outside",
                              "copy the file into content/ rather than linking to it")
            content.incomplete = True
            continue
        parsed = read_yaml(path, project.relative(path), diagnostics)
        if parsed is None:
            _unloaded(content, path)
            continue
        if kind in ("ledger", "judgments"):
            items = _check_list(parsed, kind, diagnostics, context)
            target = content.events if kind == "ledger" else content.judgments
            target += [Loaded(value, parsed, (i,)) for i, value in items]
            if kind == "ledger":
                content.stray_citations += _stray_citations(parsed, {i for i, _ in items})
            if not isinstance(parsed.data, list) or len(items) != len(parsed.data):
                _unloaded(content, path)
            continue
        unfilled = unfilled_fields(parsed, diagnostics) if kind == "source" else set()
        value = _check(parsed, model.FILE_KINDS[kind], parsed.data, (), diagnostics, context,
                       unfilled)
        if value is None:
            _unloaded(content, path)
        elif kind == "vocabulary":
            content.vocabulary = Loaded(value, parsed)
            _check_vocabulary(content.vocabulary, diagnostics)
            context["vocabulary"] = value
        elif kind == "document":
            content.document = Loaded(value, parsed)
        elif kind == "source":
            content.sources.append(Loaded(value, parsed))
        elif kind == "section":
            content.sections.append(Loaded(value, parsed))
    if content.document is None and (root / "document.yaml").exists() is False:
        diagnostics.error(Location(project.relative(root / "document.yaml")),
                          "document.yaml is missing", "content.missing")
    if content.vocabulary is None and not (root / "vocabulary.yaml").exists():
        _vocabulary_missing(project, diagnostics)
    return content


def check_source(parsed: YamlFile, vocabulary: model.Vocabulary | None,
                 diagnostics: Diagnostics) -> None:
    """One source record alone, as ``load_content`` checks it: a draft before it is written."""
    unfilled = unfilled_fields(parsed, diagnostics)
    context = {"vocabulary": vocabulary} if vocabulary else {}
    _check(parsed, model.Source, parsed.data, (), diagnostics, context, unfilled)


#: an id as a content file writes it, in block or flow style, however malformed the rest
_WRITTEN_ID = re.compile(r"(?:^|[\s{,\-])id:[ \t]*[\"']?([\w-]+)", re.MULTILINE)


def _unloaded(content: Content, path) -> None:
    """Note the ids a file that (in whole or in part) failed to load seems to define, read from
    its text: references to them are not reported as unknown, and all other references are."""
    try:
        raw = path.read_bytes() if path.is_file() and path.stat().st_size <= MAX_BYTES else None
    except OSError:
        raw = None
    if raw is None:
        content.incomplete = True
    else:
        content.unloaded_ids |= set(_WRITTEN_ID.findall(raw.decode("utf-8", errors="replace")))


def read_vocabulary(project: Project, diagnostics: Diagnostics) -> model.Vocabulary | None:
    """content/vocabulary.yaml alone, checked (for the schemas, which need only the words)."""
    path = project.content / "vocabulary.yaml"
    if not path.is_file():
        _vocabulary_missing(project, diagnostics)
        return None
    parsed = read_yaml(path, project.relative(path), diagnostics)
    value = parsed and _check(parsed, model.Vocabulary, parsed.data, (), diagnostics, {})
    if value is not None:
        _check_vocabulary(Loaded(value, parsed), diagnostics)
    return value


def _vocabulary_missing(project: Project, diagnostics: Diagnostics) -> None:
    diagnostics.error(Location(project.relative(project.content / "vocabulary.yaml")),
                      "vocabulary.yaml is missing", "content.missing",
                      "it declares the domains, kinds of event, outcomes and genres of "
                      "source the content uses: see docs/content-format.md")


def _check_vocabulary(vocabulary: Loaded, diagnostics: Diagnostics) -> None:
    """What the model cannot say of one section: ids unique, exactly one default outcome."""
    for section in model.VOCABULARY:
        first: dict[str, int] = {}
        for i, term in enumerate(getattr(vocabulary.obj, section)):
            if term.id in first:
                diagnostics.error(vocabulary.at(section, i, "id"), f"{section}: '{term.id}' is "
                                  "declared twice", "id.duplicate",
                                  f"first declared at {vocabulary.at(section, first[term.id], 'id')}")
            first.setdefault(term.id, i)
    defaults = [i for i, term in enumerate(vocabulary.obj.outcomes) if "default" in term.roles]
    if len(defaults) != 1:
        where = vocabulary.at("outcomes", defaults[1]) if defaults else vocabulary.at("outcomes")
        diagnostics.error(where, f"outcomes: {len(defaults)} outcomes have the role 'default', "
                          "exactly one must", "vocabulary.default",
                          "the default outcome is the status of an event whose sources do not "
                          "say what became of it, e.g. - {id: unknown, roles: [default]}")


def _content_files(project: Project, diagnostics: Diagnostics):
    """Every YAML file of content/, sorted, with the kind of thing it holds."""
    root = project.content
    singles = {"vocabulary.yaml": "vocabulary", "document.yaml": "document",
               "judgments.yaml": "judgments"}
    folders = {"sources": "source", "ledger": "ledger", "narrative": "section"}
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        rel = path.relative_to(root)
        if len(rel.parts) == 1 and rel.name in singles:
            yield path, singles[rel.name]
        elif len(rel.parts) == 2 and rel.parts[0] in folders and path.suffix == ".yaml":
            yield path, folders[rel.parts[0]]
        elif rel.parts[0] == "archive":
            continue  # read by validate, through the sources that name them
        else:
            hint = "YAML files end in .yaml" if path.suffix == ".yml" else (
                "content/ holds vocabulary.yaml, document.yaml, judgments.yaml, sources/, "
                "ledger/, narrative/ and archive/")
            diagnostics.warning(Location(project.relative(path)),
                                "file is not part of the content and is ignored",
                                "content.unknown-file", hint)


def unfilled_fields(parsed: YamlFile, diagnostics: Diagnostics) -> set[tuple]:
    """The fields of a source still holding intake's placeholder, each reported; the model's
    complaints about them (``'TODO' is not one of ...``) are then left out."""
    found = set()
    nodes = [((), parsed.data)]
    while nodes:
        key, node = nodes.pop()
        if isinstance(node, dict):
            nodes += [(key + (k,), v) for k, v in node.items()]
        elif isinstance(node, str) and node.strip() == model.UNFILLED:
            found.add(key)
    for key in sorted(found, key=lambda k: parsed.at(k)):
        name = ".".join(str(part) for part in key)
        diagnostics.error(parsed.at(key), f"{name} is still to be filled in by the editor",
                          "source.unfilled", f"replace {model.UNFILLED} with your own judgment "
                          "(docs/content-format.md says what the field holds)")
    return found


_ADAPTERS: dict[object, TypeAdapter] = {}


def _check_list(parsed: YamlFile, kind: str, diagnostics: Diagnostics,
                context: dict) -> list[tuple[int, object]]:
    """Check a file that holds a list item by item, so one bad event costs only itself."""
    if not isinstance(parsed.data, list):
        diagnostics.error(parsed.at(()), f"a {kind} file holds a list of entries, each "
                          "starting with '- '", "field.type")
        return []
    item_shape = typing.get_args(model.FILE_KINDS[kind])[0]
    checked = []
    for i, item in enumerate(parsed.data):
        value = _check(parsed, item_shape, item, (i,), diagnostics, context)
        if value is not None:
            checked.append((i, value))
    return checked


def _stray_citations(parsed: YamlFile, valid: set[int]) -> list[Loaded]:
    """The well-formed citations of the ledger entries that failed validation (their errors
    are reported already: nothing is reported here)."""
    entries = parsed.data if isinstance(parsed.data, list) else []
    found = []
    for i, entry in enumerate(entries):
        citations = entry.get("citations") if isinstance(entry, dict) and i not in valid else None
        for j, citation in enumerate(citations if isinstance(citations, list) else []):
            try:
                found.append(Loaded(model.Citation.model_validate(citation), parsed,
                                    (i, "citations", j)))
            except ValidationError:
                pass
    return found


def _check(parsed: YamlFile, shape, data, prefix: tuple, diagnostics: Diagnostics,
           context: dict, unfilled: set[tuple] = frozenset()):
    """Validate data against a model (``context`` holds the vocabulary, once read); report
    each problem at its node (none at the fields in ``unfilled``, reported already)."""
    adapter = _ADAPTERS.get(shape) or _ADAPTERS.setdefault(shape, TypeAdapter(shape))
    try:
        return adapter.validate_python(data, context=context)
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt field is both unknown and missing: each report points at the other
        misspelt = {}
        for err in errors:
            if err["type"] == "extra_forbidden":
                inner, _ = _data_path(data, err["loc"])
                allowed = _fields_at(shape, inner[:-1])
                close = did_you_mean(str(err["loc"][-1]), allowed)
                for name in allowed:
                    if close == f"did you mean '{name}'?":
                        where = parsed.at(prefix + inner, prefer_key=True)
                        misspelt[(inner[:-1], name)] = (err["loc"][-1], where.line)
        sentences = _sentences(data, errors)
        seen = set()
        for err in errors:
            inner = _data_path(data, err["loc"])[0]
            if inner in unfilled or (err["type"] == "missing" and (
                    inner in sentences or inner[:-1] in sentences)):
                continue
            line = _diagnostic(parsed, shape, data, prefix, err)
            if err["type"] == "missing":
                inner, _ = _data_path(data, err["loc"])
                if (inner[:-1], str(err["loc"][-1])) in misspelt:
                    typo, at_line = misspelt[(inner[:-1], str(err["loc"][-1]))]
                    line = line[:3] + (f"'{typo}' at line {at_line} looks like a misspelling "
                                       "of it",)
            if line[:2] not in seen:  # one report per place and message
                seen.add(line[:2])
                diagnostics.error(*line)
        return None


def _sentences(data, errors) -> set[tuple]:
    """Where text with ': ' in it was read as a field whose name is words (``- The minister
    said: we will meet``): that is told once, not as the fields the place lacks."""
    return {_data_path(data, err["loc"])[0][:-1] for err in errors
            if err["type"] == "extra_forbidden" and " " in str(err["loc"][-1]).strip()}


def _diagnostic(parsed: YamlFile, shape, data, prefix: tuple, err) -> tuple:
    inner, _ = _data_path(data, err["loc"])
    path = prefix + inner
    kind, ctx = err["type"], err.get("ctx") or {}
    field_name = str(err["loc"][-1]) if err["loc"] else ""
    if kind == "missing":
        return (parsed.at(path), f"missing required field '{field_name}'", "field.missing", "")
    if kind == "extra_forbidden" and " " in field_name.strip():
        return (parsed.at(path, prefer_key=True), f"text with ': ' in it reads as a field "
                f"named '{_describe(field_name)[1:-1]}'", "field.unknown",
                "put the whole text in single quotes ('...'): then the colon is text")
    if kind == "extra_forbidden":
        return (parsed.at(path, prefer_key=True), f"unknown field '{field_name}'",
                "field.unknown", did_you_mean(field_name, _fields_at(shape, inner[:-1])))
    where = parsed.at(path)
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in inner).lstrip(".")
    label = f"{name}: " if name else ""
    if kind == "literal_error":
        choices = _literal_choices(ctx.get("expected", ""))
        value = str(err["input"])
        return (where, f"{label}'{value}' is not one of {', '.join(choices)}", "field.choice",
                did_you_mean(value, choices))
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == model.ID_PATTERN:
        return (where, f"{label}'{err['input']}' is not a valid id", "field.id",
                "use lowercase letters, digits and single hyphens, e.g. 'minister-visit-2007'")
    if "." in kind:  # our own PydanticCustomError types, e.g. date.impossible
        return (where, f"{label}{err['msg']}", kind, _custom_hint(kind, str(err["input"]), ctx))
    message, hint = _plain(kind, err, ctx)
    if message:
        return (where, f"{label}{message}", "field.type", hint)
    return (where, f"{label}{err['msg'][0].lower()}{err['msg'][1:]}", "field.type", "")


def _custom_hint(kind: str, value: str, ctx) -> str:
    """The hint for one of the model's own errors: the closest word, or how to write it."""
    if kind == "field.choice":
        return did_you_mean(value, ctx["allowed"].split(", ")) or (
            f"the {ctx['section']} are declared in content/vocabulary.yaml: add '{value}' there "
            "if it is a new one")
    if kind == "field.doi":
        bare = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
        return (f"write the DOI alone: '{bare}'" if bare != value else
                "a DOI is 10., a number, a slash and a suffix, e.g. 10.17976/jpps/2016.02.05")
    if kind == "field.name":
        return "write {family: Smith, given: Jane} for a person, {literal: The core team} for a group"
    if kind == "field.url":
        return "write the whole address, starting with https:// or http://"
    if kind == "field.language":
        return _language_hint(value)
    return ""


def _language_hint(value: str) -> str:
    import langcodes

    try:
        tag = langcodes.standardize_tag(value)
    except ValueError:
        tag = ""
    if tag and tag != value and langcodes.tag_is_valid(tag):
        return f"did you mean '{tag}'?"
    return "a language code, then optionally a region: en, en-GB, fr, fr-CA, pt-BR"


def _plain(kind: str, err, ctx) -> tuple[str, str]:
    """Pydantic's most common complaints in the words of the content format."""
    value = err.get("input")
    found = _describe(value)
    if kind in ("string_type", "string_too_short") and (value is None or str(value).strip() == ""):
        return ("the value is empty",
                "write a value after the colon, or remove the line if the field is optional")
    if kind == "string_type" and isinstance(value, bool):
        return (f"expected text, found {found}", "YAML reads yes, no, on, off, true and false as "
                "true/false: put the text in quotes")
    if kind == "string_type":
        return f"expected text, found {found}", ""
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, found {found}", ""
    if kind == "int_parsing_size":
        return f"a number of {len(str(value).strip())} digits is too long", ""
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, found {found}", ""
    if kind == "list_type":
        return (f"expected a list, found {found}",
                "write a list as [a, b] or as lines starting with '- '")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return (f"expected fields (name: value lines), found {found}",
                "see docs/content-format.md for what this file holds")
    if kind == "string_too_long":
        return (f"has {len(str(value).strip())} characters, more than {ctx.get('max_length')}",
                "shorten it to a few words")
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"needs at least {words.count(least, 'entry', 'entries')}", ""
    if kind == "too_long":
        most = ctx.get("max_length", 1)
        return f"has more than {words.count(most, 'entry', 'entries')}", ""
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = ("at least", ctx.get("ge")) if kind == "greater_than_equal" else (
            "at most", ctx.get("le"))
        return f"must be {low} {high}, found {found}", ""
    if kind == "string_pattern_mismatch" and "0-9a-f" in str(ctx.get("pattern")):
        return (f"{found} is not a SHA-256 digest", "64 characters 0-9 and a-f: the output of "
                "sha256sum on the archive file")
    return "", ""


def _describe(value) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{words.shortened(value, 40)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "fields (name: value)"
    return type(value).__name__


def _data_path(data, loc) -> tuple[tuple, bool]:
    """Pydantic's error location reduced to the keys that exist in the data."""
    path, node = [], data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in ("text", "figure", "generated"):
            path.append(part)  # a missing or unknown key: keep it to name it
            return tuple(path), True
        else:
            continue  # a union tag such as 'figure'
        path.append(part)
    return tuple(path), False


def _fields_at(shape, path) -> list[str]:
    """The field names allowed at ``path`` in ``shape``, for a did-you-mean hint."""
    current = _model_of(shape)
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        fields = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part not in fields:
            return []
        current = _model_of(fields[part].annotation)
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def _model_of(annotation):
    """The pydantic model inside an annotation such as ``list[Event] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_of(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _literal_choices(expected: str) -> list[str]:
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",")]


