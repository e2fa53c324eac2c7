"""YAML -> model, with `path:line:column` on every problem; the only `yaml` importer."""

from studykit.load.deck_checks import check_deck
from studykit.load.folder import DeckSet, deck_files, load_deck_file, load_decks

__all__ = ["DeckSet", "check_deck", "deck_files", "load_deck_file", "load_decks"]
