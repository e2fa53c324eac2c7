"""The one exception tree of studykit; the CLI prints these as `studykit: error: ...`.

Their exit codes are in one table, `studykit.cli.support.errors.EXIT_CODES`: 1 for every
StudykitError, 3 for a DataError.
"""

from __future__ import annotations

from collections.abc import Sequence


class StudykitError(Exception):
    """Base of every error the user can act on."""


class DeckError(StudykitError):
    """One or more decks are invalid; `issues` holds every problem found."""

    def __init__(self, issues: Sequence[object], message: str = "") -> None:
        self.issues = tuple(issues)
        super().__init__(message or "\n".join(str(i) for i in self.issues))


class UnknownDeckError(StudykitError):
    """A deck id named on the command line does not exist."""


class DataError(StudykitError):
    """Stored progress cannot be used (unreadable, corrupt or from a newer version)."""


class NotSuspendedError(StudykitError):
    """An item named to unsuspend is not suspended."""
