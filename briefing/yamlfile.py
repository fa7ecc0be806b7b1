"""Parse one YAML file into plain data, remembering where every value came from.

Content is data: the safe loader's composer builds the node tree, and this module turns
nodes into dicts, lists and scalars itself. Dates stay strings (the model parses them),
aliases and custom tags are refused, and size and depth are bounded, so a hostile file
cannot run code or exhaust memory.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import files
from .diagnostics import Diagnostics, Location

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

_HIDDEN_BREAK = re.compile("[\u0085\u2028\u2029]")  # line breaks to YAML, not to editors

Key = tuple  # a path into the data: ("citations", 0, "quote")


@dataclass
class YamlFile:
    """The data of one file and the location of each value and each mapping key in it."""

    path: str  # as shown to the user
    data: object = None
    values: dict[Key, Location] = field(default_factory=dict)
    keys: dict[Key, Location] = field(default_factory=dict)
    #: each text scalar's (start, end) in the file and its style, to place words inside it
    scalars: dict[Key, tuple[int, int, str | None]] = field(default_factory=dict, repr=False)
    text: str = field(default="", repr=False)
    #: each text scalar's ``value_offsets``, worked out once (a text's words are placed many
    #: times: each quotation, name and date in it)
    _offsets: dict[Key, tuple[str, list[int] | None]] = field(default_factory=dict, repr=False)

    def at_offset(self, key: Key, offset: int) -> Location:
        """The location of the character at ``offset`` in the text at ``key``, as the model
        reads it (without the white space around it); the value's start if it is not text."""
        key = tuple(key)
        value = self.value_at(key)
        if key not in self.scalars or not isinstance(value, str):
            return self.at(key)
        start, end, style = self.scalars[key]
        if self._offsets.get(key, (None,))[0] != value:
            self._offsets[key] = (value, value_offsets(self.text[start:end], value, style))
        offsets = self._offsets[key][1]
        index = offset + len(value) - len(value.lstrip())
        if offsets is None or not 0 <= index < len(offsets):
            return self.at(key)
        return _Lines(self.path, self.text).at_index(start + offsets[index])

    def value_at(self, key: Key):
        node = self.data
        for part in key:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def at(self, key: Key, *, prefer_key: bool = False) -> Location:
        """The location of the value at ``key``, or of its nearest known parent."""
        key = tuple(key)
        while True:
            if prefer_key and key in self.keys:
                return self.keys[key]
            if key in self.values:
                return self.values[key]
            if not key:
                return Location(self.path, 1, 1)
            key = key[:-1]


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str, code: str, hint: str = ""):
        super().__init__(message)
        self.mark, self.message, self.code, self.hint = mark, message, code, hint


class _Checks:
    """Composing that stops at the first alias, anchor or level too deep.

    Checking while composing (not after) means a billion-laughs file or ten thousand
    nested brackets is refused at its first offending line, before any work is spent on it.
    """

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "YAML aliases (*name) are not allowed",
                           "yaml.alias", "write the value out in full")
        if event.anchor is not None:
            raise _Refused(event.start_mark, "YAML anchors (&name) are not allowed",
                           "yaml.alias", "remove the anchor and write values out in full")
        if self.depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"YAML is nested more than {MAX_DEPTH} levels "
                           "deep", "yaml.too-deep", "content files are lists and fields a "
                           "few levels deep: check the brackets and indentation")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Composer(_Checks, yaml.SafeLoader):
    """The safe loader's composer, with the checks: PyYAML's own Python parser."""


if yaml.__with_libyaml__:
    from yaml.composer import Composer
    from yaml.cyaml import CParser
    from yaml.resolver import Resolver

    class _FastComposer(_Checks, Composer, CParser, Resolver):
        """The same composer and checks on the events of libyaml's parser, written in C:
        several times faster, and the same nodes, marks and tags (tests/test_validate.py).
        What it refuses is read again by ``_Composer``, whose messages the hints expect."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastComposer = None


def _compose(text: str) -> yaml.Node | None:
    """The file's node tree: from libyaml's events when it has them and takes the text,
    else (and for every problem, so that it is reported as PyYAML words it) from PyYAML's."""
    if _FastComposer is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        loader = _FastComposer(text)
        try:
            return loader.get_single_node()
        except Exception:  # noqa: BLE001 - any problem is read again and told as below
            pass
        finally:
            loader.dispose()
    loader = _Composer(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def read_yaml(path: Path, shown: str, diagnostics: Diagnostics) -> YamlFile | None:
    """Parse ``path``; on any problem record a diagnostic and return None."""
    start = Location(shown, 1, 1)
    try:
        raw = files.read_regular(path, MAX_BYTES)
    except files.TooLarge as exc:
        diagnostics.error(start, f"file is {files.megabytes(exc.size)}, more than the limit of "
                          f"{files.megabytes(MAX_BYTES)} for a content file", "yaml.too-large",
                          "split it into smaller files")
        return None
    except files.NotRegular as exc:
        diagnostics.error(Location(shown), f"file is {exc.what}, not a regular file: it is not "
                          "read", "file.not-regular", "content files are ordinary files; remove "
                          "it or put a copy of what it holds in its place")
        return None
    except OSError as exc:
        diagnostics.error(Location(shown), f"file cannot be read: {exc.strerror or exc}",
                          "file.unreadable", "check that the file exists and is readable")
        return None
    return parse_yaml(raw, shown, diagnostics)


def parse_yaml(raw: bytes, shown: str, diagnostics: Diagnostics) -> YamlFile | None:
    """``read_yaml`` of bytes already read (at most ``MAX_BYTES``): a record intake drafts is
    read back before it is written."""
    start = Location(shown, 1, 1)
    text = _decode(raw, shown, diagnostics)
    if text is None:
        return None
    lines = _Lines(shown, text)
    separator = _HIDDEN_BREAK.search(text)
    if separator:
        diagnostics.error(lines.at_index(separator.start()), "file contains an invisible line "
                          f"separator (U+{ord(separator.group()):04X}) that YAML reads as a line "
                          "break", "yaml.syntax", "replace it with a space or a line break: it "
                          "comes with text copied from a web page or a PDF")
        return None
    try:
        node = _compose(text)
    except _Refused as exc:
        diagnostics.error(lines.at(exc.mark), exc.message, exc.code, exc.hint)
        return None
    except yaml.reader.ReaderError as exc:
        diagnostics.error(lines.at_index(exc.position), "file contains a control character "
                          f"(U+{exc.character:04X}) that YAML does not allow", "yaml.syntax",
                          "delete it: such characters come from copying text out of a PDF or "
                          "a word processor")
        return None
    except yaml.MarkedYAMLError as exc:
        diagnostics.error(*_syntax_error(exc, text, lines))
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(start, f"YAML error: {' '.join(str(exc).split())}", "yaml.syntax")
        return None
    if node is None:
        diagnostics.error(start, "file is empty", "yaml.empty",
                          "delete the file or give it content")
        return None
    result = YamlFile(shown, text=text)
    try:
        result.data = _convert(node, (), result, lines)
    except _Refused as exc:
        diagnostics.error(lines.at(exc.mark), exc.message, exc.code, exc.hint)
        return None
    return result


def _decode(raw: bytes, shown: str, diagnostics: Diagnostics) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diagnostics.error(Location(shown, 1, 1), "file is saved as UTF-16, not UTF-8",
                          "yaml.encoding", "save the file as UTF-8")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        diagnostics.error(_Lines(shown, before).at_index(len(before)), "file is not valid UTF-8 "
                          f"(byte 0x{raw[exc.start]:02x})", "yaml.encoding",
                          "save the file as UTF-8")
        return None


class _Lines:
    """Lines and columns as an editor counts them.

    PyYAML also ends a line at U+0085, U+2028 and U+2029, which editors show inside a line
    (text pasted from the web has them), so its own line numbers can be too high.
    """

    def __init__(self, shown: str, text: str):
        self.shown = shown
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1

    def at_index(self, index: int) -> Location:
        return Location(self.shown, *self.line_col(index))

    def at(self, mark: yaml.Mark) -> Location:
        return self.at_index(mark.index)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, lines: _Lines) -> tuple:
    """PyYAML's complaint, placed where the editor must look, with a hint in plain words."""
    problem, context = exc.problem or exc.context or "invalid YAML", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    where = lines.at(mark) if mark else lines.at_index(0)
    quoted = _quoted_before(text, mark) if mark else None
    if "'\\t'" in problem:
        return (where, "YAML syntax error: a tab character; YAML is indented with spaces",
                "yaml.syntax", "replace the tab with spaces")
    if context == "while scanning a quoted scalar" and exc.context_mark:
        return (lines.at(exc.context_mark), "YAML syntax error: quoted text is not closed",
                "yaml.syntax", "end the text with the quotation mark it starts with")
    if quoted is not None and quoted.end_mark.line > quoted.start_mark.line:
        return (lines.at(quoted.start_mark), "YAML syntax error: quoted text is not closed "
                f"on its line (it runs on to line {lines.at(quoted.end_mark).line})",
                "yaml.syntax",
                "end the text with the quotation mark it starts with")
    colon = _sentence_before(text, quoted) if quoted is not None else None
    if colon is not None:
        return (lines.at(colon), "YAML syntax error: ': ' in unquoted text makes "
                "what comes before it a field name, and the quotation after it a value",
                "yaml.syntax", "put the whole text in single quotes ('...'): then a colon and "
                "\" marks are text; inside single quotes write an apostrophe twice ('')")
    if quoted is not None:
        return (where, "YAML syntax error: text goes on after its closing quotation mark",
                "yaml.syntax", "to quote text that contains \" marks, put it in single quotes "
                "('...'); inside single quotes write an apostrophe twice ('')")
    if "another document" in problem:
        return (where, "YAML syntax error: the file holds more than one YAML document",
                "yaml.syntax", "remove the '---' line")
    if "undefined alias" in problem:
        return (where, "YAML aliases (*name) are not allowed", "yaml.alias",
                "write the value out in full")
    return (where, f"YAML syntax error: {problem}", "yaml.syntax", _hint(problem, exc, lines))


def _hint(problem: str, exc: yaml.MarkedYAMLError, lines: _Lines) -> str:
    context = exc.context or ""
    if "cannot start any token" in problem:
        return "put the text in quotes"
    if problem == "mapping values are not allowed here":
        return ("text that contains ': ' must be put in quotes; otherwise check the "
                "indentation of this line")
    if problem.startswith("expected <block end>"):
        return "check the indentation of this line against the lines above it"
    if context.startswith("while parsing a flow") and exc.context_mark:
        line, col = lines.line_col(exc.context_mark.index)
        return (f"the bracket at line {line}, column {col} is not closed; text that starts "
                "with '[' or '{' must be put in quotes")
    if context == "while scanning a simple key":
        return "each line of a mapping is 'name: value'; check for a missing ':'"
    return ""


def _sentence_before(text: str, quoted: yaml.ScalarToken) -> yaml.Mark | None:
    """Where the colon is, if the quoted text is the "value" of a "name" that is words, not
    a field: a sentence such as ``- The minister said: "We will meet" and left``."""
    before = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= quoted.start_mark.index:
                break
            before = [*before[-1:], token]
    except yaml.YAMLError:
        return None
    if len(before) < 2 or not isinstance(before[1], yaml.ValueToken):
        return None
    name = before[0]
    sentence = (isinstance(name, yaml.ScalarToken) and name.plain and " " in name.value.strip()
                and name.start_mark.line == quoted.start_mark.line)
    return before[1].start_mark if sentence else None


def _quoted_before(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The quoted text just before ``mark`` on its line, if any: a likely culprit."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (isinstance(last, yaml.ScalarToken) and last.style in ("'", '"')
            and last.end_mark.line == mark.line):
        return last
    return None


def _convert(node: yaml.Node, key: Key, out: YamlFile, lines: _Lines):
    out.values[key] = lines.at(node.start_mark)
    if node.tag not in _PLAIN_TAGS:
        raise _Refused(node.start_mark, f"YAML tag {node.tag!r} is not allowed", "yaml.tag",
                       "content is plain data: remove the tag")
    if isinstance(node, yaml.MappingNode):
        data = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node.start_mark, "YAML merge keys (<<) are not allowed",
                               "yaml.alias", "write the fields out in full")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "mapping keys must be plain text",
                               "yaml.key")
            name = key_node.value
            if name in data:
                raise _Refused(key_node.start_mark, f"duplicate key '{name}'",
                               "yaml.duplicate-key", "remove one of the two")
            out.keys[key + (name,)] = lines.at(key_node.start_mark)
            data[name] = _convert(value_node, key + (name,), out, lines)
        return data
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), out, lines) for i, item in enumerate(node.value)]
    out.scalars[key] = (node.start_mark.index, node.end_mark.index, node.style)
    return _scalar(node)


_BREAK = re.compile(r"\r\n|\r|\n")
_YAML_SPACE = " \t\r\n"
#: the escapes of a double-quoted YAML scalar that stand for one character (YAML 1.1, 5.7)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def value_offsets(source: str, value: str, style: str | None) -> list[int] | None:
    """For each character of a scalar's ``value``, its index in the scalar's ``source`` text
    (from its first character, an indicator or quotation mark included); None if the two do
    not align, which a test of every scalar of the content rules out.

    Folding (plain, quoted and ``>`` scalars) and indentation only turn white space and line
    breaks into other white space, so every other character of the value is the next one of
    the source that is not YAML white space, except for a quoted ``''`` and the escapes of
    double quotes. A white space character of the value stands at the source's next one.
    """
    header = _BREAK.search(source) if style in ("|", ">") else None
    at = header.end() if header else 1 if style in ("'", '"') else 0
    offsets = []
    for char in value:
        if not char.isspace():
            at = _skip_space(source, at, style)
        if style == '"' and source.startswith("\\", at) and source[at + 1: at + 2] not in "\r\n":
            decoded, length = _escape(source, at)
            if decoded != char:
                return None
            offsets.append(at)
            at += length
        elif style == "'" and char == "'":
            if not source.startswith("''", at):
                return None
            offsets.append(at)
            at += 2
        elif source.startswith(char, at) or (char.isspace() and source[at: at + 1] in _YAML_SPACE
                                             and at < len(source)):
            offsets.append(at)
            at += 1
        elif char.isspace():
            offsets.append(max(0, min(at, len(source) - 1)))
        else:
            return None
    return offsets


def _skip_space(source: str, at: int, style: str | None) -> int:
    """Past white space and line breaks, and in double quotes escaped line breaks."""
    while at < len(source):
        if source[at] in _YAML_SPACE:
            at += 1
        elif style == '"' and source.startswith("\\", at) and source[at + 1: at + 2] in ("\r", "\n"):
            at += 1
        else:
            break
    return at


def _escape(source: str, at: int) -> tuple[str, int]:
    """The character a double-quoted escape at ``at`` stands for, and the escape's length."""
    letter = source[at + 1: at + 2]
    if letter in _ESCAPES:
        return _ESCAPES[letter], 2
    digits = _HEX_ESCAPES.get(letter)
    if digits:
        try:
            return chr(int(source[at + 2: at + 2 + digits], 16)), 2 + digits
        except ValueError:
            pass
    return "", 1


class WrittenFloat(float):
    """A YAML float that reads back as the editor wrote it where text is expected: an
    unquoted ``edition: 1.10`` stays "1.10", not "1.1"."""

    def __new__(cls, value: float, written: str):
        number = super().__new__(cls, value)
        number.written = written
        return number

    def __str__(self) -> str:
        return self.written


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
#: An integer read as a number: plain decimal digits, fewer than Python converts at once.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,999})")


def _integer(node: yaml.ScalarNode) -> int | str:
    """A plain decimal integer as a number; any other form YAML 1.1 reads as an integer kept
    as written: ``1:20:30`` is base 60 to YAML (4830), ``010`` octal (8), ``0x1F`` hex, and a
    number of thousands of digits would stop the conversion."""
    return int(node.value) if _DECIMAL.fullmatch(node.value) else node.value


_SCALARS = {
    "tag:yaml.org,2002:int": _integer,
    "tag:yaml.org,2002:float": lambda node: WrittenFloat(_CONSTRUCTOR.construct_yaml_float(node),
                                                         node.value),
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
}


def _scalar(node: yaml.ScalarNode):
    """Strings (and dates, kept as written) as text; numbers, booleans and null as such."""
    construct = _SCALARS.get(node.tag)
    return construct(node) if construct else node.value
