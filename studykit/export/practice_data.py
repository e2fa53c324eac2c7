"""Practice data of a deck: every study item as JSON the browser quiz reads.

Text is pre-rendered to safe HTML (raw HTML disabled). The JSON is embedded in a
`<script type="application/json">` element with `<`, `>` and `&` written as `\\u003c`
escapes, so no card text can close the element.
"""

from __future__ import annotations

import json
from typing import Any

from studykit.export.card_text import CardHtml
from studykit.model import (
    ChoiceCard,
    ClozeCard,
    Deck,
    OrderCard,
    StudyItem,
    TrueFalseCard,
    TypedCard,
    study_items,
)

_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    # U+2028/2029 are valid in JSON but end lines in older JavaScript parsers.
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def item_data(item: StudyItem, html: CardHtml) -> dict[str, Any]:
    """Return one study item as a JSON-ready dict for the browser."""
    card = item.card
    # A cloze item's answer is its whole text, filled in, as on the deck page.
    answer = card.revealed() if isinstance(card, ClozeCard) and item.cloze else item.answer_text
    data: dict[str, Any] = {
        "key": item.key,
        "sibling": item.sibling,
        "kind": card.kind.value,
        "prompt": html.block(item.prompt),
        "answer": html.block(answer),
        "explanation": html.block(card.explanation),
    }
    data.update(_kind_fields(item, html))
    return data


def _kind_fields(item: StudyItem, html: CardHtml) -> dict[str, Any]:
    """Return the fields the browser needs to grade this kind of card."""
    card = item.card
    if isinstance(card, ChoiceCard):
        return {
            "choices": [html.inline(c) for c in card.choices],
            "correct": [i for i, c in enumerate(card.choices) if c in card.answers],
        }
    if isinstance(card, TypedCard):
        return {"accepted": list(card.answers)}
    if isinstance(card, TrueFalseCard):
        return {"truth": card.answer}
    if isinstance(card, OrderCard):
        return {"items": [html.inline(i) for i in card.items]}
    return {}


def deck_practice_data(deck: Deck, html: CardHtml | None = None) -> dict[str, Any]:
    """Return the practice data of a deck: its id, title and items."""
    html = html or CardHtml()
    items = [item_data(item, html) for item in study_items(deck)]
    return {"deck": deck.id, "title": deck.title, "items": items}


def script_json(data: object) -> str:
    """Return JSON that is safe inside a `<script>` element (no `</script>` can appear)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # str.replace is many times faster than str.translate on the megabytes of a large deck.
    for character, escape in _JSON_ESCAPES:
        text = text.replace(character, escape)
    return text
