"""The study items of a deck folder: keys, siblings and tags from an index, cards on demand."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from studykit.errors import UnknownDeckError
from studykit.model import Deck, StudyItem, quoted, study_items
from studykit.study.store.deck_index import TAG_MARK, DeckIndex, Row, Selection

AUTO_GRADED = frozenset({"typed", "choice", "truefalse", "order", "cloze"})
"""Kinds an exam can grade without the learner (a cloze is typed in an exam)."""


class Entry(NamedTuple):
    """What the queue needs to know about an item without loading its card."""

    key: str
    deck_id: str
    sibling: str
    tags: tuple[str, ...]
    kind: str


def index_rows(decks: Iterable[Deck]) -> Iterator[Row]:
    """Yield the index rows of the decks' study items in deck order (deck tags included)."""
    for deck in decks:
        for item in study_items(deck):
            tags = tuple(dict.fromkeys(item.card.tags + deck.tags))
            yield item.key, deck.id, item.sibling, tags, item.card.kind.value, item


class Catalog:
    """Every study item of some decks; an item's card is unpickled only when it is shown."""

    def __init__(self, index: DeckIndex) -> None:
        self.index = index
        self.deck_ids = index.deck_ids()
        self._items: dict[str, StudyItem | None] = {}

    @classmethod
    def of(cls, decks: Iterable[Deck]) -> Catalog:
        """Return the catalog of decks already in memory."""
        by_id = {deck.id: deck for deck in decks}
        return cls(DeckIndex.in_memory(by_id, index_rows(by_id.values())))

    def close(self) -> None:
        """Close the index."""
        self.index.close()

    def attach_progress(self, path: Path, uri: str | None = None) -> None:
        """Let the index read the progress database (for the day's due and new items)."""
        self.index.attach_progress(path, uri)

    def require(self, deck_ids: Iterable[str]) -> None:
        """Raise UnknownDeckError for the first deck id the catalog does not hold."""
        for deck_id in deck_ids:
            if deck_id not in self.deck_ids:
                known = ", ".join(sorted(self.deck_ids)) or "none"
                raise UnknownDeckError(f"no deck with id {quoted(deck_id)} (known: {known})")

    def select(self, deck_ids: Iterable[str], tag: str | None = None) -> list[Entry]:
        """Return the entries of the named decks (all when none), with the tag if given."""
        rows = self.index.rows(Selection(tuple(deck_ids), tag))
        return [
            Entry(key, deck_id, sibling, tuple(tags.split(TAG_MARK)[1:-1]), kind)
            for key, deck_id, sibling, tags, kind in rows
        ]

    def keys(self) -> set[str]:
        """Return every key of the catalog."""
        return {row[0] for row in self.index.rows(Selection())}

    def item(self, key: str) -> StudyItem | None:
        """Return the study item of a key (read from the index on first use); None if unknown."""
        if key not in self._items:
            self._items[key] = self.index.item(key)
        return self._items[key]
