"""Expand a deck into the items a learner studies: one per card, cloze deletion or table cell."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from studykit.model.deck import BasicCard, Card, ClozeCard, Deck, Table
from studykit.model.record import Record
from studykit.model.spans import ItemText

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Return a lowercase slug of `text` (letters, digits and single hyphens)."""
    return _NON_SLUG.sub("-", text.lower()).strip("-") or "x"


@dataclass(frozen=True, repr=False, eq=False)
class StudyItem(Record):
    """One reviewable item; `key` (`deck/card`, `deck/card#c2`) keys its progress forever."""

    key: str
    deck_id: str
    card: Card
    cloze: int = 0
    """The deletion number for a cloze item, 0 otherwise."""
    sibling: str = ""
    """Items sharing a sibling group are buried for the day once one is answered."""
    text: ItemText | None = field(default=None, compare=False)
    """Its text rendered for the terminal (read from the deck index); None if not rendered."""
    reverse: bool = False
    """True for the reverse item of a basic card: its back is asked, its front answers."""

    @property
    def prompt(self) -> str:
        """Return the text shown before the answer."""
        if isinstance(self.card, ClozeCard) and self.cloze:
            return self.card.masked(self.cloze)
        if self.reverse and isinstance(self.card, BasicCard):
            return self.card.back
        return self.card.prompt

    @property
    def answer_text(self) -> str:
        """Return the answer as display text."""
        if isinstance(self.card, ClozeCard) and self.cloze:
            return ", ".join(self.card.answers_for(self.cloze))
        if self.reverse and isinstance(self.card, BasicCard):
            return self.card.front
        return self.card.answer_text


def table_cards(table: Table) -> Iterator[BasicCard]:
    """Yield one basic card per body cell of a quiz table (the first column names the row)."""
    if not table.quiz:
        return
    for row in table.rows:
        if not row:
            continue
        for column, cell in zip(table.columns[1:], row[1:], strict=False):
            if not cell.strip():
                continue
            yield BasicCard(
                id=f"{table.id}.{slugify(row[0])}.{slugify(column)}",
                front=f"{table.title}: **{row[0]}** of **{column}**?",
                back=cell,
                source=table.source,
                tags=("table",),
                location=table.location,
            )


REVERSE_SUFFIX = "#reverse"
"""The key of a basic card's reverse item is the card's key with this suffix."""


def study_items(deck: Deck) -> Iterator[StudyItem]:
    """Yield every study item of a deck in deck order: cards, then table cells."""
    for card in deck.cards:
        key = f"{deck.id}/{card.id}"
        if isinstance(card, ClozeCard):
            for number in card.deletions:
                yield StudyItem(f"{key}#c{number}", deck.id, card, number, sibling=key)
        else:
            yield StudyItem(key, deck.id, card, sibling=key)
            if isinstance(card, BasicCard) and card.reverse:
                yield StudyItem(key + REVERSE_SUFFIX, deck.id, card, sibling=key, reverse=True)
    for table in deck.tables:
        for card in table_cards(table):
            row_group = card.id.rsplit(".", 1)[0]
            yield StudyItem(f"{deck.id}/{card.id}", deck.id, card, sibling=f"{deck.id}/{row_group}")
