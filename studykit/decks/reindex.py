"""Re-index the deck files that changed: parse, check against the others, order, render.

The slow half of studykit.decks.index, imported only when some file changed: it imports
the YAML loader, the Markdown renderer and (for a changed runtime model) the simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from studykit.decks.deck_rows import deck_rows
from studykit.decks.index import Scan, Stale, gone
from studykit.decks.rows import outline_deck
from studykit.errors import DeckError
from studykit.load.course import course_order
from studykit.load.deck_tree import display_path, is_model
from studykit.load.folder import folder_issues, generated_stand_in, load_deck_file
from studykit.load.runtime_model import load_runtime_model
from studykit.model import Deck, Issue, Severity
from studykit.study.store import DeckIndex, DeckOutline, DeckRow, EntryRow, IndexUpdate


class Parsed(NamedTuple):
    """The decks read again, by file, and the problems found."""

    decks: dict[str, Deck]
    issues: list[Issue]


def update_for(folder: Path, index: DeckIndex, found: Scan, files: Stale) -> IndexUpdate:
    """Return the update that re-indexes the changed files; raise DeckError if invalid."""
    parsed = _parse(folder, files.changed)
    dropped = set(gone(files))
    kept = [o for o in index.outlines() if o.file not in dropped]
    decks = _all_decks(folder, kept, parsed.decks, list(found.found))
    authored = [deck for _, deck in decks if not deck.generated]
    generated = [deck for _, deck in decks if deck.generated]
    stand_ins = [generated_stand_in(deck.location) for deck in generated]
    issues = found.issues + parsed.issues + folder_issues(authored, stand_ins)
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if errors:
        raise DeckError(sorted(errors))
    positions = {deck.id: n for n, deck in enumerate([*course_order(authored), *generated])}
    rows: list[DeckRow] = []
    entries: list[EntryRow] = []
    for file, deck in parsed.decks.items():
        row, items = deck_rows(deck, file, positions[deck.id], _store_place(folder, file))
        rows.append(row)
        entries += items
    stamps = [*files.changed.values(), *files.touched]
    return IndexUpdate(stamps, sorted(dropped), files.removed, rows, entries, positions)


def _parse(folder: Path, changed: Iterable[str]) -> Parsed:
    """Read the changed deck and model files (a model gives its generated deck)."""
    decks: dict[str, Deck] = {}
    issues: list[Issue] = []
    for file in changed:
        path = folder / file
        if is_model(file):
            model, found = load_runtime_model(path, display_path(path))
            if model is not None:
                from studykit.runtime.cards import model_deck

                decks[file] = model_deck(model)
        else:
            deck, found = load_deck_file(path, folder)
            if deck is not None:
                decks[file] = deck
        issues += found
    return Parsed(decks, issues)


def _all_decks(
    folder: Path, kept: list[DeckOutline], fresh: dict[str, Deck], order: Sequence[str]
) -> list[tuple[str, Deck]]:
    """Return (file, deck) of every deck in file order: the kept ones as outlines."""
    by_file: dict[str, list[Deck]] = {}
    for outline in kept:
        place = _read_place(folder)
        by_file.setdefault(outline.file, []).append(_outline(outline, place))
    for file, deck in fresh.items():
        by_file.setdefault(file, []).append(deck)
    # Models first (their generated decks' ids are taken first), then decks, as the loader.
    ordered = [f for f in order if is_model(f)] + [f for f in order if not is_model(f)]
    return [(file, deck) for file in ordered for deck in by_file.get(file, ())]


def _outline(outline: DeckOutline, place: Callable[[str], str]) -> Deck:
    import json

    return outline_deck(outline.deck_id, json.loads(outline.outline), place)


def _read_place(folder: Path) -> Callable[[str], str]:
    """Return how a stored path is shown: relative to the working folder when inside it."""
    return lambda rel: display_path(folder / rel)


def _store_place(folder: Path, file: str) -> Callable[[str], str]:
    """Return how a path of a deck file's locations is stored: relative to the folder."""
    shown = display_path(folder / file)
    return lambda path: file if path == shown else path
