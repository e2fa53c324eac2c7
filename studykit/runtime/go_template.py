"""The part of Go's text/template the docker CLI's --format and -f need: fields and json.

`{{.A.B}}` prints a value the way Go's fmt does (`[a b]` for a list, `map[k:v]` for a
map, `<nil>` for nothing), `{{json .A}}` prints it as JSON, `{{.}}` the whole object.
Anything else (if, range, printf...) is a plain lab error rather than a wrong guess.
"""

from __future__ import annotations

import json
import re
from typing import Any

from studykit.runtime.outcome import LabError

ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
FIELD = re.compile(
    r"(json\s+|lower\s+|upper\s+)?(\.(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)?)\Z"
)


class TemplateError(Exception):
    """A field the data does not have: Go's `can't evaluate field X in type T`."""


def go_value(value: Any) -> str:
    """Return a value as Go's %v prints it."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_value(v)}" for k, v in sorted(value.items())) + "]"
    return str(value)


def _lookup(data: Any, path: str, type_name: str, template: str) -> Any:
    value = data
    for name in [p for p in path.split(".") if p]:
        if not isinstance(value, dict) or name not in value:
            column = template.find(f".{name}")
            raise TemplateError(
                f'template: :1:{column}: executing "" at <.{name}>: '
                f"can't evaluate field {name} in type {type_name}"
            )
        value = value[name]
    return value


def render(template: str, data: Any, type_name: str = "*formatter.ContainerContext") -> str:
    """Fill a template with one object's fields."""
    text = template.replace("\\t", "\t").replace("\\n", "\n")

    def action(match: re.Match[str]) -> str:
        found = FIELD.match(match.group(1))
        if found is None:
            raise LabError(
                f"the lab fills {{{{.Field}}}} and {{{{json .Field}}}} in templates, "
                f"not {{{{{match.group(1)}}}}}"
            )
        value = _lookup(data, found.group(2), type_name, template)
        function = (found.group(1) or "").strip()
        if function == "json":
            return json.dumps(value, separators=(",", ":"))
        shown = go_value(value)
        return (
            shown.lower()
            if function == "lower"
            else shown.upper()
            if function == "upper"
            else shown
        )

    return ACTION.sub(action, text)


def fields(template: str) -> list[str]:
    """Return the top-level field names a template uses, in order (for a table's header)."""
    names = []
    for match in ACTION.finditer(template):
        found = FIELD.match(match.group(1))
        if found and found.group(2) != ".":
            names.append(found.group(2).split(".")[1])
    return names
