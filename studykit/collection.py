"""The decks of a folder, authored and generated from its runtime models, ready to study."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.errors import DeckError, UnknownDeckError

if TYPE_CHECKING:  # the loader is imported when decks are loaded: a cached quiz needs neither
    from studykit.model import Deck
    from studykit.model.runtime import RuntimeModel


def bundled_decks_dir() -> Path:
    """Return the folder of the decks installed with the package."""
    return Path(str(resources.files("studykit.bundled_decks")))


def resolve_decks_dir(option: Path | None) -> Path:
    """Return the deck folder: the option, else $STUDYKIT_DECKS, else ./decks, else bundled."""
    if option is not None:
        return option
    env = os.environ.get("STUDYKIT_DECKS")
    if env:
        return Path(env)
    local = Path("decks")
    return local if local.is_dir() else bundled_decks_dir()


@dataclass(frozen=True)
class Collection:
    """Every deck of a folder; `decks` includes decks generated from runtime models."""

    folder: Path
    decks: tuple[Deck, ...]
    models: tuple[RuntimeModel, ...] = ()

    def deck(self, deck_id: str) -> Deck:
        """Return the deck with this id or raise UnknownDeckError naming the known ids."""
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        from studykit.model.issue import quoted

        known = ", ".join(sorted(d.id for d in self.decks)) or "none"
        raise UnknownDeckError(f"no deck with id {quoted(deck_id)} (known: {known})")

    def select(self, deck_ids: list[str] | tuple[str, ...]) -> tuple[Deck, ...]:
        """Return the named decks in the given order, or every deck when none is named."""
        if not deck_ids:
            return self.decks
        return tuple(self.deck(deck_id) for deck_id in deck_ids)


def open_collection(folder: Path | None = None) -> Collection:
    """Load every deck of the folder; raise DeckError listing every problem if any is invalid."""
    from studykit.load import load_decks

    resolved = resolve_decks_dir(folder)
    result = load_decks([resolved])
    if result.errors:
        raise DeckError(result.errors)
    return Collection(resolved, result.decks + generated_decks(result.models), result.models)


def generated_decks(models: tuple[RuntimeModel, ...]) -> tuple[Deck, ...]:
    """Return the deck each runtime model generates (about 20 ms each, by the simulator)."""
    if not models:
        return ()
    from studykit.runtime.cards import model_deck

    return tuple(model_deck(model) for model in models)
