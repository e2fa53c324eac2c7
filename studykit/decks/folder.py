"""The decks of one folder, read through its index.

Study items for the quiz, whole decks with their rendered text for `show` and the exports,
and the folder's runtime models.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from studykit.decks.rows import INDEX_VERSION, deck_from, item_from
from studykit.errors import UnknownDeckError
from studykit.load.deck_tree import display_path
from studykit.model import Deck, StudyItem, quoted
from studykit.study.store import DeckIndex, Selection, split_tags

if TYPE_CHECKING:
    from studykit.markup.texts import RenderedTexts
    from studykit.model.runtime import RuntimeModel


class Entry(NamedTuple):
    """What a command needs to know about an item without reading its card."""

    key: str
    deck_id: str
    sibling: str
    tags: tuple[str, ...]
    kind: str


class DeckFolder:
    """Every deck of a folder (generated ones included), in course order, through its index."""

    def __init__(
        self,
        path: Path,
        index: DeckIndex,
        *,
        model_files: tuple[Path, ...] = (),
        models: tuple[RuntimeModel, ...] | None = None,
    ) -> None:
        self.path = path
        self.index = index
        self.deck_ids = index.deck_ids()
        self._model_files = model_files
        self._models = models
        self._items: dict[str, StudyItem | None] = {}
        self._decks: dict[str, Deck] = {}
        self._place: Callable[[str], str] = cache(lambda rel: display_path(path / rel))

    @classmethod
    def of(cls, decks: Iterable[Deck], models: tuple[RuntimeModel, ...] = ()) -> DeckFolder:
        """Return the decks given (already loaded, in their order) through an index in memory."""
        from studykit.decks.deck_rows import deck_rows
        from studykit.study.store import IndexUpdate

        chosen = tuple(decks)
        index = DeckIndex.in_memory(INDEX_VERSION)
        rows = [deck_rows(deck, "", n, lambda path: path) for n, deck in enumerate(chosen)]
        positions = {deck.id: n for n, deck in enumerate(chosen)}
        entries = [entry for _, items in rows for entry in items]
        index.update(IndexUpdate([], [], [], [row for row, _ in rows], entries, positions), {})
        folder = cls(Path("<memory>"), index, models=models)
        folder._place = lambda path: path
        folder._decks = {deck.id: deck for deck in chosen}
        return folder

    def close(self) -> None:
        """Close the index."""
        self.index.close()

    def attach_progress(self, path: Path, uri: str | None = None) -> None:
        """Let the index read the progress database (for the day's due and new items)."""
        self.index.attach_progress(path, uri)

    def require(self, deck_ids: Iterable[str]) -> None:
        """Raise UnknownDeckError for the first deck id the folder does not hold."""
        for deck_id in deck_ids:
            if deck_id not in self.deck_ids:
                known = ", ".join(sorted(self.deck_ids)) or "none"
                raise UnknownDeckError(f"no deck with id {quoted(deck_id)} (known: {known})")

    def entries(self, deck_ids: Iterable[str] = (), tag: str | None = None) -> list[Entry]:
        """Return the entries of the named decks (all when none), with the tag if given."""
        rows = self.index.rows(Selection(tuple(deck_ids), tag))
        return [
            Entry(key, deck, sibling, split_tags(tags), kind)
            for key, deck, sibling, tags, kind in rows
        ]

    def keys(self) -> set[str]:
        """Return every study item's key."""
        return {row[0] for row in self.index.rows(Selection())}

    def item(self, key: str) -> StudyItem | None:
        """Return the study item of a key, its text rendered (read on first use); None if unknown."""
        if key not in self._items:
            row = self.index.item(key)
            self._items[key] = None if row is None else self._item(key, *row)
        return self._items[key]

    def _item(self, key: str, deck_id: str, sibling: str, data: str) -> StudyItem:
        return item_from(key, deck_id, sibling, json.loads(data), self._place)

    def deck(self, deck_id: str) -> Deck:
        """Return the deck with this id or raise UnknownDeckError naming the known ids."""
        self.require([deck_id])
        if deck_id not in self._decks:
            stored = self.index.deck(deck_id)
            assert stored is not None  # required above
            _, outline, data, _ = stored
            self._decks[deck_id] = deck_from(json.loads(data), json.loads(outline), self._place)
        return self._decks[deck_id]

    def decks(self, deck_ids: Iterable[str] = ()) -> tuple[Deck, ...]:
        """Return the named decks in the given order, or every deck in course order."""
        return tuple(self.deck(deck_id) for deck_id in (tuple(deck_ids) or self.deck_ids))

    def texts(self) -> RenderedTexts:
        """Return the rendered forms of every deck's texts (others are rendered when asked)."""
        from studykit.decks.rendered_rows import rendered_from
        from studykit.markup.texts import RenderedTexts

        known = RenderedTexts()
        for deck_id in self.deck_ids:
            stored = self.index.deck(deck_id)
            if stored is not None:
                texts = json.loads(stored[3])
                known.update({text: rendered_from(data) for text, data in texts.items()})
        return known

    def models(self) -> tuple[RuntimeModel, ...]:
        """Return the folder's runtime models (read when first asked)."""
        if self._models is None:
            from studykit.load.runtime_model import load_runtime_model

            loaded = (load_runtime_model(p, display_path(p))[0] for p in self._model_files)
            self._models = tuple(model for model in loaded if model is not None)
        return self._models
