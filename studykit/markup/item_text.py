"""What the quiz shows of a study item, rendered: prompt, answer, explanation, choices."""

from __future__ import annotations

from studykit.markup.cloze import answer_spans, masked_spans
from studykit.markup.render import spans as spans_of
from studykit.model import ChoiceCard, ClozeCard, OrderCard, StudyItem
from studykit.model.spans import ItemText, Spans, plain_spans


def item_text(item: StudyItem) -> ItemText:
    """Return the spans of everything the quiz shows of an item."""
    card = item.card
    if isinstance(card, ClozeCard) and item.cloze:
        prompt, answer = masked_spans(card, item.cloze), answer_spans(card, item.cloze)
    else:
        prompt, answer = spans_of(item.prompt), spans_of(item.answer_text)
    options = card.choices if isinstance(card, ChoiceCard) else ()
    options += card.items if isinstance(card, OrderCard) else ()
    parts: dict[str, Spans] = {}
    for option in options:
        spans = spans_of(option)
        if spans != plain_spans(option):
            parts[option] = spans
    return ItemText(prompt, answer, spans_of(card.explanation), parts)
