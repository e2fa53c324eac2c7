"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def complete_deck_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Return the deck ids of the deck folder in use that start with what was typed."""
    from studykit.cli.support.study_setup import open_folder
    from studykit.errors import StudykitError

    decks = ctx.params.get("decks")
    try:
        known = open_folder(decks).deck_ids
    except (StudykitError, OSError):
        return []  # a shell offers nothing rather than printing an error mid-line
    chosen = set(ctx.params.get("deck_ids") or ())
    return [
        deck_id for deck_id in known if deck_id.startswith(incomplete) and deck_id not in chosen
    ]


DecksOption = Annotated[
    Path | None,
    typer.Option(
        "--decks",
        envvar="STUDYKIT_DECKS",
        help="Deck folder (default: $STUDYKIT_DECKS, else ./decks when it exists, "
        "else the bundled decks).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
