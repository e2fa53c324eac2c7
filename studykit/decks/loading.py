"""Load deck files whole, without an index file: a lone deck file, or decks given in memory."""

from __future__ import annotations

import os
from pathlib import Path

from studykit.decks.folder import DeckFolder
from studykit.errors import DeckError
from studykit.load import load_decks
from studykit.model import Deck, Issue, Severity
from studykit.model.runtime import RuntimeModel


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


def runtime_models(folder: Path) -> tuple[RuntimeModel, ...]:
    """Return the runtime models of a deck folder (`models/*.yaml`), without its decks.

    The lab needs only these. Raise DeckError listing every problem of the model files.
    """
    from studykit.load.deck_tree import display_path, is_model, walk_deck_folder
    from studykit.load.folder import missing_path
    from studykit.load.runtime_model import load_runtime_model

    if not os.path.lexists(folder):
        raise DeckError([missing_path(folder)])
    models: list[RuntimeModel] = []
    issues: list[Issue] = []
    if folder.is_dir():
        for relative, _, _ in walk_deck_folder(folder).files:
            if is_model(relative):
                path = folder / relative
                model, found = load_runtime_model(path, display_path(path))
                issues += found
                models += [model] if model is not None else []
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if errors:
        raise DeckError(errors)
    return tuple(models)
