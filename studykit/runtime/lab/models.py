"""The runtime model a lab runs: the deck folder's, else the one installed with the package.

A deck folder holds at most one runtime model (`models/*.yaml`; `validate` refuses two,
since each generates the deck `runtime-behaviour`), so an instructor who edits it sees the
change in the lab, the generated cards and the site alike. A folder without one (decks
of another subject) gets the bundled model, so the lab always runs.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from studykit.errors import DeckError
from studykit.model.runtime import RuntimeModel

BUNDLED = "models/container-runtime.yaml"


def bundled_model() -> RuntimeModel:
    """Load the runtime model shipped with the package."""
    return _load(Path(str(resources.files("studykit.bundled_decks"))) / BUNDLED)


def lab_model(models: tuple[RuntimeModel, ...], folder: Path) -> RuntimeModel:
    """Return the one runtime model of a deck folder, else the bundled one (raise DeckError)."""
    from studykit.load.deck_tree import display_path

    if len(models) > 1:
        names = ", ".join(m.location.path for m in models)
        raise DeckError(
            [],
            f"the lab runs one runtime model, and {display_path(folder)} has {len(models)}: {names}",
        )
    return models[0] if models else bundled_model()


def _load(path: Path) -> RuntimeModel:
    from studykit.load.deck_tree import display_path
    from studykit.load.runtime_model import load_runtime_model

    model, issues = load_runtime_model(path, display_path(path))
    if model is None or issues:
        raise DeckError(issues)
    return model
