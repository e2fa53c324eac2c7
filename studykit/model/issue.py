"""A problem found in a deck, located by file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
