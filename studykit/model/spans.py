"""Card text pre-rendered for the terminal: styled spans (stdlib only, no Markdown here).

`studykit.markup` turns card Markdown into spans when the deck index is built; the quiz
draws them (`studykit.tui.card_spans`) without importing a Markdown parser.
"""

from __future__ import annotations

from typing import NamedTuple

Span = tuple[str, str]
"""A run of text and its marks: space-separated names of MARKS, '' for plain text."""
Spans = tuple[Span, ...]

MARKS = ("strong", "em", "code", "strike", "link", "pre", "heading", "answer", "image")
"""What a span can be: bold, italic, inline code, struck, a link's text, a code block, a
heading, the answer of a cloze deletion on the answer side, and an image's stand-in."""


def plain_spans(text: str) -> Spans:
    """Return text as one unmarked span (none for empty text)."""
    return ((text, ""),) if text else ()


def plain_text(spans: Spans) -> str:
    """Return the text of spans without their marks."""
    return "".join(text for text, _ in spans)


class ItemText(NamedTuple):
    """The text of one study item as the quiz shows it, each part as spans."""

    prompt: Spans
    answer: Spans
    """The answer side: the back, the first accepted answer, or a cloze's whole text with
    its deletion marked `answer`."""
    explanation: Spans
    parts: dict[str, Spans]
    """Choices and order items by their Markdown source (the quiz shuffles them)."""

    def part(self, text: str) -> Spans:
        """Return the spans of a choice or an item (plain text if it was not rendered)."""
        return self.parts.get(text) or plain_spans(text)
