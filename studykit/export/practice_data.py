"""Practice data of a deck: every study item as JSON the browser quiz reads.

Text is pre-rendered to safe HTML (raw HTML disabled). The JSON is embedded in a
`<script type="application/json">` element with `<`, `>` and `&` written as `\\u003c`
escapes, so no card text can close the element.
"""

from __future__ import annotations

import json
from typing import Any

from studykit.export import card_text
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

_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def item_data(item: StudyItem) -> dict[str, Any]:
    """Return one study item as a JSON-ready dict for the browser."""
    card = item.card
    data: dict[str, Any] = {
        "key": item.key,
        "kind": card.kind.value,
        "prompt": card_text.plain_block_html(item.prompt),
        "answer": card_text.plain_block_html(item.answer_text),
        "explanation": card_text.plain_block_html(card.explanation),
    }
    if isinstance(card, ClozeCard) and item.cloze:
        data["answer"] = card_text.plain_block_html(card.revealed())
    data.update(_kind_fields(item))
    return data


def _kind_fields(item: StudyItem) -> dict[str, Any]:
    """Return the fields the browser needs to grade this kind of card."""
    card = item.card
    if isinstance(card, ChoiceCard):
        return {
            "choices": [card_text.plain_inline_html(c) for c in card.choices],
            "correct": [i for i, c in enumerate(card.choices) if c in card.answers],
        }
    if isinstance(card, TypedCard):
        return {"accepted": list(card.answers)}
    if isinstance(card, TrueFalseCard):
        return {"truth": card.answer}
    if isinstance(card, OrderCard):
        return {"items": [card_text.plain_inline_html(i) for i in card.items]}
    return {}


def deck_practice_data(deck: Deck) -> dict[str, Any]:
    """Return the practice data of a deck: its id, title and items."""
    items = [item_data(item) for item in study_items(deck)]
    return {"deck": deck.id, "title": deck.title, "items": items}


def script_json(data: object) -> str:
    """Return JSON that is safe inside a `<script>` element (no `</script>` can appear)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # U+2028/2029 are valid in JSON but end lines in older JavaScript parsers.
    return text.translate(_JSON_ESCAPES).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
