"""The study items of the selected decks: keys, siblings and tags up front, cards on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from studykit.errors import UnknownDeckError
from studykit.model import Deck, StudyItem, study_items

AUTO_GRADED = frozenset({"typed", "choice", "truefalse", "order", "cloze"})
"""Kinds an exam can grade without the learner (a cloze is typed in an exam)."""


class Entry(NamedTuple):
    """What the queue needs to know about an item without loading its card."""

    key: str
    deck_id: str
    sibling: str
    tags: tuple[str, ...]
    kind: str


def entries(deck: Deck) -> tuple[Entry, ...]:
    """Return the entries of a deck's study items in deck order (deck tags included)."""
    return tuple(
        Entry(
            i.key,
            deck.id,
            i.sibling,
            tuple(dict.fromkeys(i.card.tags + deck.tags)),
            i.card.kind.value,
        )
        for i in study_items(deck)
    )


class Catalog:
    """Every study item of some decks; a deck's cards load only when one of them is shown."""

    def __init__(
        self, deck_entries: dict[str, tuple[Entry, ...]], load_deck: Callable[[str], Deck]
    ) -> None:
        self.deck_entries = deck_entries
        self._load_deck = load_deck
        self._items: dict[str, dict[str, StudyItem]] = {}

    @classmethod
    def of(cls, decks: Iterable[Deck]) -> Catalog:
        """Return the catalog of decks already in memory."""
        by_id = {deck.id: deck for deck in decks}
        return cls({d.id: entries(d) for d in by_id.values()}, by_id.__getitem__)

    def require(self, deck_ids: Iterable[str]) -> None:
        """Raise UnknownDeckError for the first deck id the catalog does not hold."""
        for deck_id in deck_ids:
            if deck_id not in self.deck_entries:
                known = ", ".join(sorted(self.deck_entries)) or "none"
                raise UnknownDeckError(f"no deck with id '{deck_id}' (known: {known})")

    def select(self, deck_ids: Iterable[str], tag: str | None = None) -> list[Entry]:
        """Return the entries of the named decks (all when none), with the tag if given."""
        chosen = list(deck_ids) or list(self.deck_entries)
        found = [e for deck_id in chosen for e in self.deck_entries.get(deck_id, ())]
        return found if tag is None else [e for e in found if tag in e.tags]

    def keys(self) -> set[str]:
        """Return every key of the catalog."""
        return {e.key for group in self.deck_entries.values() for e in group}

    def item(self, key: str) -> StudyItem | None:
        """Return the study item of a key, loading its deck on first use; None if unknown."""
        deck_id = key.split("/", 1)[0]
        if deck_id not in self.deck_entries:
            return None
        if deck_id not in self._items:
            deck = self._load_deck(deck_id)
            self._items[deck_id] = {i.key: i for i in study_items(deck)}
        return self._items[deck_id].get(key)
