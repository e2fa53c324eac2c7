"""Load deck files whole, without an index file: a lone deck file, or decks given in memory."""

from __future__ import annotations

from pathlib import Path

from studykit.decks.folder import DeckFolder
from studykit.errors import DeckError
from studykit.load import load_decks
from studykit.model import Deck


def load_whole(path: Path) -> DeckFolder:
    """Return the decks of a path (a deck file, or a folder), every generated deck included."""
    result = load_decks([path])
    if result.errors:
        raise DeckError(result.errors)
    generated: tuple[Deck, ...] = ()
    if result.models:
        from studykit.runtime.cards import model_deck

        generated = tuple(model_deck(model) for model in result.models)
    return DeckFolder.of(result.decks + generated, result.models)
