"""Find deck files in folders and load them all, collecting every problem."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studykit.load.course import check_prerequisites, course_order
from studykit.load.deck_checks import check_deck, check_deck_ids
from studykit.load.deck_reader import read_deck
from studykit.load.deck_tree import (
    MODELS_FOLDER,
    NO_DECK_FILES,
    display_path,
    is_deck,
    is_model,
    walk_deck_folder,
)
from studykit.load.image_checks import image_issues
from studykit.load.map_reader import Report
from studykit.load.runtime_model import load_runtime_model
from studykit.load.yaml_source import read_yaml
from studykit.model import Deck, Issue, Location, Severity
from studykit.model.runtime import GENERATED_DECK_ID, RuntimeModel


@dataclass(frozen=True)
class DeckSet:
    """The decks read from some paths, in course order, and every problem found on the way."""

    decks: tuple[Deck, ...]
    issues: tuple[Issue, ...]
    models: tuple[RuntimeModel, ...] = ()

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Return the problems that make the decks invalid."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)


def _gather(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[Issue]]:
    """Return the deck files and model files named or found under the paths, and problems."""
    decks: list[Path] = []
    models: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if not path.is_dir():
            (models if path.parent.name == MODELS_FOLDER else decks).append(path)
            continue
        tree = walk_deck_folder(path)
        issues += [Issue(display_path(Path(p)), 1, 1, m) for p, m in tree.problems]
        if not tree.files and not tree.problems:
            issues.append(Issue(display_path(path), 1, 1, NO_DECK_FILES))
        for relative, _, _ in tree.files:
            if is_model(relative):
                models.append(path / relative)
            if is_deck(relative):
                decks.append(path / relative)
    return decks, models, issues


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """Return the deck files named or found (recursively, sorted) under the given paths."""
    return _gather(paths)[0]


def model_files(folder: Path) -> list[Path]:
    """Return the runtime model files (`models/*.yaml`) found under a deck folder."""
    return _gather([folder])[1]


def load_deck_file(
    path: Path, folder: Path | None = None, *, images: bool = True
) -> tuple[Deck | None, list[Issue]]:
    """Load one deck file; the deck is None when the file cannot be read as a deck.

    `folder` is the deck folder the file belongs to (its images must stay inside it); a
    file given alone belongs to its own folder. `images=False` leaves the image files
    unchecked: a deck read back before its images are in place (an import's self-check).
    """
    shown = display_path(path)
    root, issues = read_yaml(path, shown)
    if issues:
        return None, issues
    report = Report(shown)
    deck = read_deck(root, report)
    if deck is not None:
        report.issues += check_deck(deck)
        if images:
            report.issues += image_issues(deck, path, folder or path.parent)
    return deck, report.issues


def _load_models(paths: Sequence[Path], issues: list[Issue]) -> list[RuntimeModel]:
    models = []
    for path in paths:
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


def missing_path(path: Path) -> Issue:
    """Return the problem of a deck path that does not exist."""
    return Issue(display_path(path), 1, 1, "no such file or folder")


def _load_all(paths: Sequence[Path]) -> DeckSet:
    decks: list[Deck] = []
    issues: list[Issue] = []
    existing = [p for p in paths if os.path.lexists(p)]  # a broken link is read (and named)
    for path in paths:
        if path not in existing:
            issues.append(missing_path(path))
    deck_paths, model_paths, found = _gather(existing)
    issues += found
    models = _load_models(model_paths, issues)
    folders = [p for p in existing if p.is_dir()]
    for path in deck_paths:
        folder = next((f for f in folders if f in path.parents), None)
        deck, found = load_deck_file(path, folder)
        issues += found
        if deck is not None:
            decks.append(deck)
    generated = [generated_stand_in(m.location) for m in models]
    issues += folder_issues(decks, generated)
    return DeckSet(course_order(decks), tuple(sorted(issues)), tuple(models))


def generated_stand_in(model: Location) -> Deck:
    """Return a stand-in for the deck the model written at `model` generates (its id)."""
    return Deck(GENERATED_DECK_ID, "", location=model, generated=True)


def folder_issues(decks: Sequence[Deck], generated: Sequence[Deck]) -> list[Issue]:
    """Return the problems between decks.

    An id used twice (generated decks' ids come first), a prerequisite naming the deck
    itself or listed twice, a cycle of prerequisites.
    """
    return [*check_deck_ids([*generated, *decks]), *check_prerequisites(decks)]
