"""Typed, located access to a YAML mapping that records every problem instead of raising."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from studykit.load.yaml_source import Node
from studykit.model import Issue, Location, Severity, quoted

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_KIND_NAMES = {
    "map": "a mapping",
    "seq": "a list",
    "null": "empty",
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "str": "text",
}


def describe(node: Node) -> str:
    """Return how a node's type reads in a message."""
    return _KIND_NAMES.get(node.kind, f"a '{node.kind}' value")


@dataclass
class Report:
    """The problems found in one file, plus a budget that bounds alias expansion."""

    path: str
    issues: list[Issue] = field(default_factory=list)
    budget: int = 2_000_000

    def add(self, node: Node | None, message: str, severity: Severity = Severity.ERROR) -> None:
        """Record a problem at a node's position (or the top of the file)."""
        line, column = (node.line, node.column) if node else (1, 1)
        self.issues.append(Issue(self.path, line, column, message, severity))

    def location(self, node: Node) -> Location:
        """Return the Location of a node in this file."""
        return Location(self.path, node.line, node.column)

    def spend(self, count: int) -> bool:
        """Charge `count` visited nodes; return False once the budget (alias bombs) is gone."""
        self.budget -= count
        return self.budget >= 0


SUGGEST_LIMIT = 200
"""Longer words get no suggestion: a typo is short, and difflib's cost grows with length."""


def suggestion(word: str, options: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest option, or an empty string."""
    if len(word) > SUGGEST_LIMIT:
        return ""
    near = [option for option in options if len(option) <= SUGGEST_LIMIT]
    close = difflib.get_close_matches(word, near, n=1, cutoff=0.6)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


class MapReader:
    """Read fields of one mapping node; problems go to the report, prefixed by `context`."""

    def __init__(
        self, node: Node, report: Report, context: str, allowed: Iterable[str], owner: str = ""
    ) -> None:
        self.node, self.report, self.context = node, report, context
        self.fields: dict[str, tuple[Node, Node]] = {}
        self._index(tuple(allowed), owner)

    def _index(self, allowed: tuple[str, ...], owner: str) -> None:
        children = self.node.children
        lines: dict[str, int] = {}
        for key, value in zip(children[::2], children[1::2], strict=True):
            name = str(key.value) if key.kind in ("str", "int", "float") else None
            if name is None:
                self.problem(key, f"a key must be text, not {describe(key)}")
            elif name in lines:
                self.problem(key, f"duplicate key {quoted(name)} (first at line {lines[name]})")
            elif name not in allowed:
                lines[name] = key.line
                self.problem(key, f"unknown key {quoted(name)}{owner}{suggestion(name, allowed)}")
            else:
                lines[name] = key.line
                self.fields[name] = (key, value)

    def problem(self, node: Node | None, message: str) -> None:
        """Record a problem with this reader's context prefix."""
        self.report.add(node, f"{self.context}{message}")

    def has(self, name: str) -> bool:
        """Return whether the field is present (even if empty)."""
        return name in self.fields

    def value_node(self, name: str, required: bool = False) -> Node | None:
        """Return a field's value node, recording a problem when a required one is missing."""
        if name in self.fields:
            return self.fields[name][1]
        if required:
            self.problem(self.node, f"'{name}' is required")
        return None

    def text(self, name: str, required: bool = False, default: str = "") -> str:
        """Return a text field; numbers are read as written, other types are problems."""
        node = self.value_node(name, required)
        if node is None:
            return default
        return self.text_of(node, f"'{name}'", required) or default

    def text_of(self, node: Node, label: str, required: bool) -> str | None:
        """Return a node's text, recording a problem when it is not text (or empty and required)."""
        if node.kind in ("str", "int", "float"):
            text = str(node.value)
            if required and not text.strip():
                self.problem(node, f"{label} is empty")
                return None
            if "\0" in text:  # CSV cannot hold it (a NUL byte reads as UTF-16 there)
                self.problem(
                    node, f"{label} holds a NUL character (\\0), which no export can carry"
                )
                return None
            return text
        if node.kind == "null":
            if required:
                self.problem(node, f"{label} is empty")
            return None
        hint = " (quote it to mean the word)" if node.kind == "bool" else ""
        self.problem(node, f"{label} must be text, not {describe(node)}{hint}")
        return None

    def slug(self, name: str, required: bool = True) -> str:
        """Return a slug field (lowercase letters, digits, single hyphens)."""
        value = self.text(name, required)
        if value and not SLUG.match(value):
            node = self.value_node(name)
            self.problem(
                node, f"invalid {name} {quoted(value)} (use lowercase letters, digits and hyphens)"
            )
        return value

    def boolean(self, name: str, required: bool = False) -> bool | None:
        """Return a true/false field, or None when missing or invalid."""
        node = self.value_node(name, required)
        if node is None:
            return None
        if node.kind != "bool":
            self.problem(node, f"'{name}' must be true or false, not {describe(node)}")
            return None
        return bool(node.value)

    def sequence(self, name: str, required: bool = False) -> list[Node]:
        """Return the item nodes of a list field (an empty field counts as an empty list)."""
        return self._items(self.value_node(name, required), name, required)

    def _items(self, node: Node | None, name: str, required: bool) -> list[Node]:
        if node is None or node.kind == "null":
            if node is not None and required:
                self.problem(node, f"'{name}' is empty")
            return []
        if node.kind != "seq":
            self.problem(node, f"'{name}' must be a list, not {describe(node)}")
            return []
        if required and not node.children:
            self.problem(node, f"'{name}' is empty")
        if not self.report.spend(len(node.children)):
            self.problem(node, "alias expansion is too large (an alias bomb?)")
            return []
        return node.children

    def text_list(self, name: str, required: bool = False, one_is_list: bool = False) -> list[str]:
        """Return a list of text; with `one_is_list`, a single text counts as a one-item list."""
        node = self.value_node(name, required)
        if one_is_list and node is not None and node.kind in ("str", "int", "float"):
            return [text] if (text := self._item(node, f"'{name}'")) else []
        texts = []
        for position, item in enumerate(self._items(node, name, required), 1):
            text = self._item(item, f"'{name}' item {position}")
            if text is not None:
                texts.append(text)
        return texts

    def _item(self, node: Node, label: str) -> str | None:
        """Return the text of a list item: one line (a CSV list cell holds one per line)."""
        text = self.text_of(node, label, True)
        if text is not None and ("\n" in text or "\r" in text):
            self.problem(node, f"{label} holds a line break; each item is one line")
        return text
