"""What one lab command did: output, exit code, and the rules that explain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studykit.errors import StudykitError


@dataclass
class CommandOutcome:
    """The result of one command line, built up while the command runs."""

    command: str
    exit_code: int = 0
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(rule id, what happened) pairs, in order: what `explain` tells."""
    touched: tuple[str, ...] = ()
    """Names of the containers the command created, changed or removed."""
    kernel: dict[str, Any] | None = None
    """The kernel view `kernel NAME` showed: the `kernel` object of the --json record."""

    def out(self, text: str) -> None:
        """Print a line on stdout."""
        self.stdout.append(text)

    def err(self, text: str) -> None:
        """Print a line on stderr."""
        self.stderr.append(text)

    def note(self, rule: str, detail: str) -> None:
        """Record that a rule applied, and how."""
        self.notes.append((rule, detail))


class LabError(StudykitError):
    """A line the lab cannot run (bad syntax, an endless foreground program)."""
