"""Parse one YAML file into plain data, remembering where every value came from.

Content is data: the safe loader's composer builds the node tree, and this module turns
nodes into dicts, lists and scalars itself. Dates stay strings (the model parses them),
aliases and custom tags are refused, and size and depth are bounded, so a hostile file
cannot run code or exhaust memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

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

Key = tuple  # a path into the data: ("citations", 0, "quote")


@dataclass
class YamlFile:
    """The data of one file and the location of each value and each mapping key in it."""

    path: str  # as shown to the user
    data: object = None
    values: dict[Key, Location] = field(default_factory=dict)
    keys: dict[Key, Location] = field(default_factory=dict)
    _seen: set[int] = field(default_factory=set, repr=False)

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
    def __init__(self, node: yaml.Node, message: str, code: str, hint: str = ""):
        super().__init__(message)
        self.node, self.message, self.code, self.hint = node, message, code, hint


def read_yaml(path: Path, shown: str, diagnostics: Diagnostics) -> YamlFile | None:
    """Parse ``path``; on any problem record a diagnostic and return None."""
    start = Location(shown, 1, 1)
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        diagnostics.error(start, f"file is {len(raw)} bytes, more than the limit of "
                          f"{MAX_BYTES}", "yaml.too-large", "split it into smaller files")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diagnostics.error(Location(shown, line, col), "file is not valid UTF-8 "
                          f"(byte 0x{raw[exc.start]:02x})", "yaml.encoding",
                          "save the file as UTF-8")
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else start
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "indent with spaces, not tabs" if "\\t" in str(exc) else ""
        diagnostics.error(where, f"YAML syntax error: {problem}", "yaml.syntax", hint)
        return None
    except yaml.YAMLError as exc:
        diagnostics.error(start, f"YAML error: {exc}", "yaml.syntax")
        return None
    except RecursionError:
        diagnostics.error(start, "YAML is nested too deeply", "yaml.too-deep")
        return None
    if node is None:
        diagnostics.error(start, "file is empty", "yaml.empty",
                          "delete the file or give it content")
        return None
    result = YamlFile(shown)
    try:
        result.data = _convert(node, (), result, 0)
    except _Refused as exc:
        mark = exc.node.start_mark
        diagnostics.error(Location(shown, mark.line + 1, mark.column + 1), exc.message,
                          exc.code, exc.hint)
        return None
    return result


def _convert(node: yaml.Node, key: Key, out: YamlFile, depth: int):
    if depth > MAX_DEPTH:
        raise _Refused(node, f"YAML is nested more than {MAX_DEPTH} levels deep",
                       "yaml.too-deep")
    if id(node) in out._seen:
        raise _Refused(node, "YAML aliases (*name) are not allowed", "yaml.alias",
                       "write the value out in full")
    out._seen.add(id(node))
    out.values[key] = Location(out.path, node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        raise _Refused(node, f"YAML tag {node.tag!r} is not allowed", "yaml.tag",
                       "content is plain data: remove the tag")
    if isinstance(node, yaml.MappingNode):
        data = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "YAML merge keys (<<) are not allowed", "yaml.alias")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "mapping keys must be plain text", "yaml.key")
            name = key_node.value
            if name in data:
                raise _Refused(key_node, f"duplicate key '{name}'", "yaml.duplicate-key")
            out.keys[key + (name,)] = Location(
                out.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            data[name] = _convert(value_node, key + (name,), out, depth + 1)
        return data
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, key + (i,), out, depth + 1) for i, item in enumerate(node.value)]
    return _scalar(node)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
}


def _scalar(node: yaml.ScalarNode):
    """Strings (and dates, kept as written) as text; numbers, booleans and null as such."""
    construct = _SCALARS.get(node.tag)
    return construct(node) if construct else node.value
