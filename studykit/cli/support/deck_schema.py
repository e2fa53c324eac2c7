"""The copy of the deck JSON Schema that sits beside the decks studykit writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

SCHEMA_FILE = "deck.schema.json"
"""The copy's name: each deck written by `new deck` or an import names it in its modeline."""


def schema_path() -> Path:
    """Return the JSON Schema file installed with the package."""
    from importlib import resources  # ~15 ms of imports that --help does not need

    return Path(str(resources.files("studykit") / "schema" / "deck.schema.json"))


def place_schema(copy: Path) -> None:
    """Write the schema beside new decks, or refresh it there if it is studykit's.

    A deck's modeline names this copy by a relative path, so it keeps working when the
    folder moves to another machine or studykit is reinstalled (a path into the installed
    package did not); `studykit schema > deck.schema.json` refreshes it after an upgrade.
    """
    from studykit.load.bounded_read import FileProblem, read_regular_file
    from studykit.load.schema import SCHEMA_ID

    if os.path.lexists(copy):
        try:
            ours = json.loads(read_regular_file(str(copy), 5 << 20)).get("$id") == SCHEMA_ID
        except (FileProblem, ValueError, AttributeError):
            ours = False
        if not ours:
            typer.echo(
                f"kept {copy}: it is not studykit's schema, and editors will use it", err=True
            )
            return
    copy.write_text(schema_path().read_text(encoding="utf-8"), encoding="utf-8")
