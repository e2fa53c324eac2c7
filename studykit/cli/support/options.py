"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
