"""The one place a rich Console is made."""

from __future__ import annotations

from typing import IO

from rich.console import Console


def make_console(
    file: IO[str] | None = None, width: int | None = None, stderr: bool = False
) -> Console:
    """Return a Console for stdout (or `file`), honouring NO_COLOR and non-terminals."""
    return Console(file=file, width=width, stderr=stderr, highlight=False, soft_wrap=False)
