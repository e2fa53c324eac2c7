"""Errors to exit codes and to stderr: the one place the CLI reports a StudykitError.

Exit codes: 0 success, 1 a problem the user can fix (the default of every StudykitError),
2 usage (Typer's own), 3 stored data that cannot be used (DataError). A new error class
gets its code from the nearest class listed in EXIT_CODES.
"""

from __future__ import annotations

import typer

from studykit.errors import DataError, DeckError, StudykitError

EXIT_CODES: dict[type[StudykitError], int] = {StudykitError: 1, DataError: 3}


def exit_code(error: StudykitError) -> int:
    """Return the exit code of an error: that of the nearest class in EXIT_CODES."""
    return next(EXIT_CODES[kind] for kind in type(error).__mro__ if kind in EXIT_CODES)


def report(error: StudykitError) -> int:
    """Print an error to stderr in the one format studykit uses; return its exit code."""
    if isinstance(error, DeckError) and len(error.issues) > 1:
        typer.echo(f"studykit: error: {len(error.issues)} problems in the decks:", err=True)
        for issue in error.issues:
            typer.echo(f"  {issue}", err=True)
    else:
        typer.echo(f"studykit: error: {error}", err=True)
    return exit_code(error)
