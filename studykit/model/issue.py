"""A problem found in a deck, located by file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

ECHO_LIMIT = 60
"""Characters of a value a message quotes; longer values are cut (a 200 KB kind is one line)."""

_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def quoted(value: object, limit: int = ECHO_LIMIT) -> str:
    """Return a value as a message quotes it: in quotes, on one line, cut to `limit` characters."""
    text = str(value)
    shown = text[:limit].translate(_ESCAPES)
    if len(text) <= limit:
        return f"'{shown}'"
    return f"'{shown}...' ({len(text):,} characters)"


class Severity(StrEnum):
    """How bad a problem is: errors fail `validate`, warnings fail only `lint --strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one file; prints as `path:line:column: message`."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR
    rule: str = ""
    """The lint rule that found a warning (`length-cue`, ...); empty for errors."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape used by `validate --json` and `lint --json`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "message": self.message,
            **({"rule": self.rule} if self.rule else {}),
        }
