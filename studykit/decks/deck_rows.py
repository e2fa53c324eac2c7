"""One deck as index rows: the deck, its rendered texts and its study items (rendered too)."""

from __future__ import annotations

from studykit.decks.rendered_rows import rendered_json
from studykit.decks.rows import Place, deck_json, dumps, item_json, outline_json
from studykit.markup.deck_texts import deck_texts
from studykit.markup.item_text import item_text
from studykit.markup.render import is_plain, render
from studykit.model import Deck, study_items
from studykit.study.store import DeckRow, EntryRow, join_tags


def deck_rows(deck: Deck, file: str, position: int, place: Place) -> tuple[DeckRow, list[EntryRow]]:
    """Return the row of a deck and the rows of its study items, in deck order."""
    # Texts the renderer reads without a parser (plain words) are not stored: reading them
    # back costs a regular expression.
    items = list(study_items(deck))
    texts = {
        text: rendered_json(render(text)) for text in deck_texts(deck, items) if not is_plain(text)
    }
    data = deck_json(deck, place)
    row = DeckRow(
        deck.id, file, position, dumps(outline_json(deck, place)), dumps(data), dumps(texts)
    )
    # An authored card's JSON is the deck's (a cloze card's items share it); table cells
    # are cards of their own.
    cards = {id(card): json for card, json in zip(deck.cards, data.get("cards", ()), strict=True)}
    entries = [
        EntryRow(
            deck.id,
            place_in_deck,
            item.key,
            item.sibling,
            join_tags(dict.fromkeys(item.card.tags + deck.tags)),
            item.card.kind.value,
            dumps(item_json(item, item_text(item), place, cards.get(id(item.card)))),
        )
        for place_in_deck, item in enumerate(items)
    ]
    return row, entries
