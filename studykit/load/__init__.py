"""YAML -> model, with `path:line:column` on every problem; the only `yaml` importer.

The names below are imported on first use: the deck index (studykit.decks) walks the folder
with studykit.load.deck_tree and must not import yaml (or the loader) to do so.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studykit.load.deck_checks import check_deck
    from studykit.load.folder import DeckSet, deck_files, load_deck_file, load_decks

__all__ = ["DeckSet", "check_deck", "deck_files", "load_deck_file", "load_decks"]
_HOMES = {"check_deck": "deck_checks"} | dict.fromkeys(
    ("DeckSet", "deck_files", "load_deck_file", "load_decks"), "folder"
)


def __getattr__(name: str) -> Any:
    """Return a name of the package's interface, importing its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'studykit.load' has no attribute '{name}'")
    return getattr(import_module(f"studykit.load.{_HOMES[name]}"), name)
