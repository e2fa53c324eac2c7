"""Read a YAML file safely into located nodes, turning every hazard into an Issue."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from studykit.load.bounded_read import MAX_FILE_BYTES as MAX_FILE_BYTES
from studykit.load.bounded_read import FileProblem, read_regular_file
from studykit.load.yaml_hints import over_indented
from studykit.model import Issue, quoted

"""Files above this size are refused before parsing."""
MAX_DEPTH = 64
"""Deeper nesting is refused while parsing (libyaml's composer would overflow the C stack)."""

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_BOOL = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+)$")
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?$|[-+]?\.(?:inf|Inf|INF)$")


@dataclass(eq=False, slots=True)
class Node:
    """A YAML node with its 1-based position; `kind` is map, seq, str, int, float, bool or null."""

    kind: str
    value: Any
    line: int
    column: int
    tag: str = ""
    children: list[Node] = field(default_factory=list)


class YamlProblem(Exception):
    """A problem that stops reading a file; carries its position."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


_NUMBER_START = frozenset("0123456789+-.")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML (and so every located problem) counts as the end of a line."""
_NAN = frozenset({".nan", ".NaN", ".NAN"})


def _bool_value(text: str) -> bool | None:
    low = text.lower()
    return _BOOL[low] if low in _BOOL and text in (low, low.capitalize(), low.upper()) else None


_TAGGED: dict[str, Callable[[str], tuple[bool, Any]]] = {
    "str": lambda text: (True, text),
    "int": lambda text: (bool(_INT.match(text)), text),
    "float": lambda text: (bool(_FLOAT.match(text) or _INT.match(text)) or text in _NAN, text),
    "bool": lambda text: (_bool_value(text) is not None, _bool_value(text)),
    "null": lambda text: (text in _NULL, None),
}
"""For each scalar tag: whether a text fits it, and the value it stands for (as PyYAML reads it)."""


def _tagged_kind(event: Any) -> tuple[str, Any]:
    """Resolve an explicitly tagged scalar, raising YamlProblem when the text does not fit."""
    kind = event.tag.removeprefix(_CORE)
    fits, value = _TAGGED[kind](event.value) if kind in _TAGGED else (False, None)
    if not fits:
        mark = event.start_mark
        shown = event.tag.replace(_CORE, "!!")
        message = f"tag {quoted(shown)} does not fit the value {quoted(event.value)}"
        raise YamlProblem(message, mark.line + 1, mark.column + 1)
    return kind, value


def _scalar_kind(event: Any) -> tuple[str, Any]:
    """Resolve a scalar event to (kind, value) the way YAML 1.1 safe loading would."""
    value = event.value
    if event.tag and event.tag != "!":
        return _tagged_kind(event)
    if not event.implicit[0]:  # quoted or block scalar: always text
        return "str", value
    if len(value) <= 5:
        if value in _NULL:
            return "null", None
        low = value.lower()
        if low in _BOOL and value in (low, low.capitalize(), low.upper()):
            return "bool", _BOOL[low]
    if value[0] in _NUMBER_START:
        if _INT.match(value):
            return "int", value
        if _FLOAT.match(value):
            return "float", value
    return "str", value


_COLLECTIONS = {"map": "a mapping", "seq": "a list"}


def _check_tag(event: Any, collection: str = "") -> None:
    """Raise YamlProblem for a tag other than plain data's, or one that does not fit a collection."""
    tag = getattr(event, "tag", None)
    if not tag or tag == "!":
        return
    shown, mark = tag.replace(_CORE, "!!"), event.start_mark
    if tag not in _ALLOWED_TAGS:
        message = f"tag {quoted(shown)} is not allowed (only plain YAML data is)"
    elif collection and tag != _CORE + collection:
        message = f"tag {quoted(shown)} does not fit {_COLLECTIONS[collection]}"
    else:
        return
    raise YamlProblem(message, mark.line + 1, mark.column + 1)


class _Composer:
    """Build located nodes from libyaml events without recursion, bounding depth."""

    def __init__(self) -> None:
        self.anchors: dict[str, Node] = {}
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.documents = 0

    _handlers: dict[type, Callable[[_Composer, Any], None]]

    def _scalar(self, event: Any) -> None:
        if event.tag:
            _check_tag(event)
        scalar_kind, value = _scalar_kind(event)
        mark = event.start_mark
        node = Node(scalar_kind, value, mark.line + 1, mark.column + 1)
        if event.anchor:
            self.anchors[event.anchor] = node
        stack = self.stack
        if stack:
            stack[-1].children.append(node)
        else:
            self.root = node

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            mark = event.start_mark
            raise YamlProblem(
                "several YAML documents in one file (a deck is one document; remove '---')",
                mark.line + 1,
                mark.column + 1,
            )

    def _start_mapping(self, event: Any) -> None:
        _check_tag(event, "map")
        self._open("map", event)

    def _start_sequence(self, event: Any) -> None:
        _check_tag(event, "seq")
        self._open("seq", event)

    def _end(self, event: Any) -> None:
        self._attach(self.stack.pop())

    def _open(self, kind: str, event: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            mark = event.start_mark
            raise YamlProblem(
                f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1
            )
        node = Node(kind, None, event.start_mark.line + 1, event.start_mark.column + 1)
        self._anchor(event, node)
        self.stack.append(node)

    def _anchor(self, event: Any, node: Node) -> None:
        if event.anchor:
            self.anchors[event.anchor] = node

    def _alias(self, event: Any) -> None:
        node = self.anchors.get(event.anchor)
        if node is None:
            mark = event.start_mark
            message = f"unknown alias {quoted('*' + event.anchor)}"
            raise YamlProblem(message, mark.line + 1, mark.column + 1)
        self._attach(node)

    def _attach(self, node: Node) -> None:
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node


_Composer._handlers = {
    yaml.ScalarEvent: _Composer._scalar,
    yaml.MappingStartEvent: _Composer._start_mapping,
    yaml.SequenceStartEvent: _Composer._start_sequence,
    yaml.MappingEndEvent: _Composer._end,
    yaml.SequenceEndEvent: _Composer._end,
    yaml.AliasEvent: _Composer._alias,
    yaml.DocumentStartEvent: _Composer._document,
}


def _decode(path: Path, data: bytes) -> str:
    """Return the text of a file or raise YamlProblem for binary or non-UTF-8 content."""
    if b"\x00" in data[:8192]:
        raise YamlProblem("binary file (contains NUL bytes), not a YAML deck")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8-sig")
        line, column = line_column(before, len(before))
        raise YamlProblem("not valid UTF-8 text (save the file as UTF-8)", line, column) from None
    if not text.strip():
        raise YamlProblem("the file is empty")
    return text


def line_column(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character, counting lines as YAML does."""
    line, start = 1, 0
    for line_break in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, line_break.end()
    return line, index - start + 1


def _at_tab(text: str, mark: Any) -> bool:
    """Return whether the error position is on (or just after) a tab character."""
    if mark is None:
        return False
    return "\t" in text[max(0, mark.index - 1) : mark.index + 1]


def _forbidden_character(error: yaml.reader.ReaderError, text: str) -> YamlProblem:
    """Return the problem of a character YAML does not allow, where it first is.

    The reader stops at the first such character; its position is counted in characters
    by PyYAML and in UTF-8 bytes by libyaml, so it is found again in the text instead.
    """
    character = chr(error.character) if isinstance(error.character, int) else "\ufffd"
    line, column = line_column(text, max(0, text.find(character)))
    message = f"the character U+{ord(character):04X} is not allowed in YAML text (remove it)"
    return YamlProblem(message, line, column)


def _parse_problem(error: yaml.YAMLError, text: str) -> YamlProblem:
    """Turn a libyaml error into a one-line problem at its position."""
    if isinstance(error, yaml.reader.ReaderError):
        return _forbidden_character(error, text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    hint = over_indented(text, mark.line) if mark is not None else None
    if mark is not None and hint is not None:
        return YamlProblem(f"YAML syntax error: {hint[0]}", mark.line + 1, hint[1])
    if _at_tab(text, mark):
        problem = "a tab character where YAML needs spaces (indent with spaces only)"
    else:
        context = getattr(error, "context", None)
        problem = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    problem = " ".join(problem.split())  # one line, whatever the library wrote
    if mark is None:
        return YamlProblem(problem)
    return YamlProblem(problem, mark.line + 1, mark.column + 1)


def _compose(text: str) -> Node | None:
    """Return the located node tree of YAML text; raise YamlProblem or yaml.YAMLError."""
    composer = _Composer()
    loader = _Loader(text)
    handlers = composer._handlers
    try:
        # A direct get_event loop: yaml.parse's generator doubles the per-event calls.
        while (event := loader.get_event()) is not None:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(composer, event)
    finally:
        loader.dispose()
    return composer.root


def _earlier_problem(text: str, error: yaml.YAMLError) -> YamlProblem | None:
    """Return studykit's own problem in the text before a parser error, if there is one.

    libyaml's scanner reads ahead of the events it hands out (up to a line or 1,024
    characters for a possible key), so its own limits, such as the 1,000 flow levels of the
    libyaml in PyYAML >= 6.0.4, can stop it before the composer sees the 65th level. The
    text before the error is composed again: whatever studykit refuses there comes first.
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None or not 0 < mark.index <= len(text):
        return None
    try:
        _compose(text[: mark.index])
    except YamlProblem as problem:
        return problem
    except yaml.YAMLError:
        pass  # the prefix ends mid-document: only the full text's error counts
    return None


def parse_text(text: str) -> Node | None:
    """Parse YAML text into one located node tree; raise YamlProblem on any problem."""
    try:
        return _compose(text)
    except yaml.YAMLError as error:
        raise _earlier_problem(text, error) or _parse_problem(error, text) from None


def read_yaml(path: Path, display: str | None = None) -> tuple[Node | None, list[Issue]]:
    """Read one YAML file into nodes; every problem becomes an Issue naming the file."""
    shown = display or str(path)
    try:
        data = read_regular_file(str(path), MAX_FILE_BYTES)
        return parse_text(_decode(path, data)), []
    except FileProblem as problem:
        return None, [Issue(shown, 1, 1, str(problem))]
    except YamlProblem as problem:
        return None, [Issue(shown, problem.line, problem.column, problem.message)]
