"""Where `export csv` writes: one deck to standard output or a file, several into a folder.

A CSV file holds one deck. One deck goes to standard output, or to `--out FILE` (into
`FOLDER/DECK.csv` when `--out` is an existing folder). Several decks (every deck, when
none is named) need `--out FOLDER`: one `DECK.csv` per deck, the folder made if missing.
"""

from __future__ import annotations

from pathlib import Path

from studykit.errors import StudykitError
from studykit.model import Deck


def csv_targets(decks: tuple[Deck, ...], out: Path | None) -> list[tuple[Deck, Path | None]]:
    """Return each deck with the file to write it to (None: standard output)."""
    if not decks:
        raise StudykitError("there is no deck to export")
    if len(decks) == 1 and (out is None or not out.is_dir()):
        return [(decks[0], out)]
    names = ", ".join(deck.id for deck in decks[:5]) + (", ..." if len(decks) > 5 else "")
    several = f"{len(decks)} decks ({names})"
    if out is None:
        raise StudykitError(
            f"{several}: a CSV file holds one deck; name one deck to print it, "
            "or give --out FOLDER for one DECK.csv per deck"
        )
    if out.exists() and not out.is_dir():
        raise StudykitError(f"{out} is a file; {several} need a folder (one DECK.csv per deck)")
    return [(deck, out / f"{deck.id}.csv") for deck in decks]
