"""Where the generated pages of the study site live, and the anchors inside them."""

from __future__ import annotations

DECKS_FOLDER = "decks"
PRACTICE_FOLDER = "practice"
PRACTICE_INDEX = f"{PRACTICE_FOLDER}/index.md"


def deck_page(deck_id: str) -> str:
    """Return the source path of a deck's page."""
    return f"{DECKS_FOLDER}/{deck_id}.md"


def practice_page(deck_id: str) -> str:
    """Return the source path of a deck's practice page."""
    return f"{PRACTICE_FOLDER}/{deck_id}.md"


def card_anchor(card_id: str) -> str:
    """Return the HTML id of a card's heading."""
    return f"card-{card_id}"


def table_anchor(table_id: str) -> str:
    """Return the HTML id of a table's heading."""
    return f"table-{table_id}"
