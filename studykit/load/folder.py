"""Find deck files in folders and load them all, collecting every problem."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studykit.load.deck_checks import check_deck, check_deck_ids
from studykit.load.deck_reader import read_deck
from studykit.load.map_reader import Report
from studykit.load.runtime_model import load_runtime_model
from studykit.load.yaml_source import read_yaml
from studykit.model import Deck, Issue, Severity
from studykit.model.runtime import GENERATED_DECK_ID, RuntimeModel

MODELS_FOLDER = "models"
"""Files in a `models/` folder are runtime models, not decks."""


@dataclass(frozen=True)
class DeckSet:
    """The decks read from some paths and every problem found on the way."""

    decks: tuple[Deck, ...]
    issues: tuple[Issue, ...]
    models: tuple[RuntimeModel, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Return the problems that make the decks invalid."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)


def display_path(path: Path) -> str:
    """Return the path relative to the working folder when it is inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """Return the deck files named or found (recursively, sorted) under the given paths."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*.y*ml")
                if p.suffix in (".yaml", ".yml") and MODELS_FOLDER not in p.relative_to(path).parts
            )
        else:
            found.append(path)
    return found


def load_deck_file(path: Path) -> tuple[Deck | None, list[Issue]]:
    """Load one deck file; the deck is None when the file cannot be read as a deck."""
    shown = display_path(path)
    root, issues = read_yaml(path, shown)
    if issues:
        return None, issues
    report = Report(shown)
    deck = read_deck(root, report)
    if deck is not None:
        report.issues += check_deck(deck)
    return deck, report.issues


def model_files(paths: Iterable[Path]) -> list[Path]:
    """Return the runtime model files named or found in `models/` folders under the paths."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.yaml") if p.parent.name == MODELS_FOLDER)
        elif path.parent.name == MODELS_FOLDER:
            found.append(path)
    return found


def _load_models(paths: Sequence[Path], issues: list[Issue]) -> list[RuntimeModel]:
    models = []
    for path in model_files(paths):
        model, found = load_runtime_model(path, display_path(path))
        issues += found
        if model is not None:
            models.append(model)
    return models


def load_decks(paths: Sequence[Path]) -> DeckSet:
    """Load every deck and runtime model under the given paths, collecting every problem."""
    # Loading makes millions of acyclic objects; the cyclic GC's full passes over them made
    # loading superlinear (31 full collections at 100,000 cards), so pause it meanwhile.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_all(paths)
    finally:
        if paused:
            gc.enable()


def _load_all(paths: Sequence[Path]) -> DeckSet:
    decks: list[Deck] = []
    issues: list[Issue] = []
    existing = [p for p in paths if p.exists()]
    models = _load_models(existing, issues)
    for path in paths:
        if not path.exists():
            issues.append(Issue(display_path(path), 1, 1, "no such file or folder"))
    for path in deck_files(p for p in existing if p.parent.name != MODELS_FOLDER):
        deck, found = load_deck_file(path)
        issues += found
        if deck is not None:
            decks.append(deck)
    issues += check_deck_ids([*_generated_ids(models), *decks])
    return DeckSet(tuple(decks), tuple(sorted(issues)), tuple(models))


def _generated_ids(models: Sequence[RuntimeModel]) -> list[Deck]:
    """Return a stand-in for the deck each model generates, so that its id is taken."""
    return [Deck(GENERATED_DECK_ID, "", location=m.location, generated=True) for m in models]
