"""Say what is wrong where libyaml only names its own rule: over-indented keys.

A key indented more than the key above it is read by YAML as more of that key's value
(`kind: basic front` ...), and libyaml then stops at its colon with a message about
mapping values. The hint names the two lines and the indentation that would work.
"""

from __future__ import annotations

import re

_KEY_LINE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#'\"&*!|>%@`{}\[\],-][^:#]*?):(?:[ ]+(?P<value>\S.*))?$"
)
"""A `key: value` line, after any `- ` that open list items; the value may be absent."""
_BLOCK_VALUE = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")


def _previous_line(lines: list[str], number: int) -> int | None:
    """Return the index of the nearest line above that holds something, or None."""
    for index in range(number - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def over_indented(text: str, line: int) -> tuple[str, int] | None:
    """Return a hint and the column of the key when line `line` (0-based) is over-indented."""
    lines = text.splitlines()
    if not 0 <= line < len(lines) or (here := _KEY_LINE.match(lines[line])) is None:
        return None
    above = _previous_line(lines, line)
    if above is None or (previous := _KEY_LINE.match(lines[above])) is None:
        return None
    value = previous.group("value") or ""
    if not value or _BLOCK_VALUE.match(value):
        return None  # a nested mapping or a block of text may be indented more
    indent, expected = len(here.group("lead")), len(previous.group("lead"))
    if indent <= expected:
        return None
    key, other = here.group("key").strip(), previous.group("key").strip()
    hint = (
        f"'{key}:' is indented {indent} spaces, more than '{other}:' on line {above + 1} "
        f"({expected}), so YAML reads it as more of the value of '{other}'; keys of one "
        f"mapping line up: indent it like '{other}:'"
    )
    return hint, indent + 1
