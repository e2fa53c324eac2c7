"""The one exception tree of studykit; the CLI prints these as `studykit: error: ...`."""

from __future__ import annotations

from collections.abc import Sequence


class StudykitError(Exception):
    """Base of every error the user can act on."""

    exit_code = 1


class DeckError(StudykitError):
    """One or more decks are invalid; `issues` holds every problem found."""

    def __init__(self, issues: Sequence[object], message: str = "") -> None:
        self.issues = tuple(issues)
        super().__init__(message or "\n".join(str(i) for i in self.issues))


class UnknownDeckError(StudykitError):
    """A deck id named on the command line does not exist."""


class DataError(StudykitError):
    """Stored progress cannot be used (unreadable, corrupt or from a newer version)."""

    exit_code = 3
