"""Every text of a deck that an output renders: the site, the practice pages, Anki, `show`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from studykit.model import ChoiceCard, ClozeCard, Deck, OrderCard, StudyItem, TypedCard
from studykit.model.deck import Card


def deck_texts(deck: Deck, items: Iterable[StudyItem]) -> list[str]:
    """Return the distinct texts of a deck, its study items, tables and diagrams."""
    found = [deck.title, deck.description]
    for card in deck.cards:
        found += card_texts(card)
    for item in items:
        found += (item.prompt, item.answer_text)
    for table in deck.tables:
        found += (table.title, table.description, *table.columns)
        found += (cell for row in table.rows for cell in row)
    for diagram in deck.diagrams:
        found += (diagram.title, diagram.caption)
    return [text for text in dict.fromkeys(found) if text.strip()]


def card_texts(card: Card) -> Iterator[str]:
    """Yield the texts of one card: question, answers, choices or items, explanation."""
    yield card.prompt
    yield card.answer_text
    yield card.explanation
    if isinstance(card, ClozeCard):
        yield from (card.text, card.gapped())
    if isinstance(card, ChoiceCard):
        yield from (*card.choices, *card.answers)
    if isinstance(card, TypedCard):
        yield from card.answers
    if isinstance(card, OrderCard):
        yield from card.items
