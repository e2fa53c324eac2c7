"""Card text on the terminal: the deck index's styled spans drawn as styled text.

The quiz calls `render_card_text` (no Markdown parser, no rich); `studykit show` draws the
same spans with rich through `MARK_STYLES`, so both show one card text alike.
"""

from __future__ import annotations

from studykit.model import ChoiceCard, OrderCard, StudyItem
from studykit.model.spans import ItemText, Spans, plain_spans
from studykit.tui.ansi import Styled

MARK_STYLES = {
    "strong": "bold",
    "em": "italic",
    "code": "bold cyan",
    "strike": "strike",
    "link": "underline",
    "pre": "cyan",
    "heading": "bold",
    "answer": "bold green",
    "image": "italic magenta",
}
"""The terminal style of each mark of `studykit.model.spans.MARKS`."""


def mark_style(marks: str) -> str:
    """Return the terminal style of a span's marks."""
    return " ".join(MARK_STYLES[mark] for mark in marks.split() if mark in MARK_STYLES)


def render_card_text(spans: Spans, style: str = "") -> Styled:
    """Return card text as styled text, `style` under every span."""
    out = Styled(style=style)
    for text, marks in spans:
        out.append(text, mark_style(marks) if marks else "")
    return out


def item_text(item: StudyItem) -> ItemText:
    """Return an item's rendered text; an item read from no index shows its text as written."""
    if item.text is not None:
        return item.text
    card = item.card
    options = card.choices if isinstance(card, ChoiceCard) else ()
    options += card.items if isinstance(card, OrderCard) else ()
    return ItemText(
        plain_spans(item.prompt),
        plain_spans(item.answer_text),
        plain_spans(card.explanation),
        {option: plain_spans(option) for option in options},
    )


def options_text(text: ItemText, lines: list[tuple[str, str]], style: str = "") -> Styled:
    """Return choices or items, one per line after a label (`a) `, `1. `), as card text."""
    out = Styled(style=style)
    for number, (label, option) in enumerate(lines):
        out.append(("\n" if number else "") + label)
        out.append_text(render_card_text(text.part(option)))
    return out
