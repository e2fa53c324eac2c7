"""A cloze deletion's two sides as Markdown for the renderer: the gap, and the marked answer."""

from __future__ import annotations

import re

from studykit.markup.render import is_plain_line
from studykit.markup.render import spans as spans_of
from studykit.markup.terminal import ANSWER_END, ANSWER_START
from studykit.model.deck import CLOZE_PATTERN, ClozeCard
from studykit.model.spans import Spans

GAP = "\ufdd2"
"""A noncharacter standing for a gap while the text is parsed, so `[...]` is never read
as Markdown (a link, when `(` follows), in a code span or anywhere else."""


def masked_spans(card: ClozeCard, number: int) -> Spans:
    """Return the text with deletion `number` as `[...]` (or `[hint]`), the others filled in."""
    masked = card.masked(number)
    if is_plain_line(masked):  # plain words: the gap cannot be read as Markdown either
        return ((masked, ""),)
    gaps: list[str] = []

    def mask(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        gaps.append(f"[{match.group(3)}]" if match.group(3) else "[...]")
        return GAP

    spans = spans_of(CLOZE_PATTERN.sub(mask, card.text))
    if not gaps:
        return spans
    shown = iter(gaps)
    return tuple(
        (re.sub(GAP, lambda _: next(shown, "[...]"), text), marks) for text, marks in spans
    )


def answer_spans(card: ClozeCard, number: int) -> Spans:
    """Return the whole text filled in, the answers of deletion `number` marked `answer`."""

    def fill(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        return f"{ANSWER_START}{match.group(2)}{ANSWER_END}"

    marked = CLOZE_PATTERN.sub(fill, card.text)
    if is_plain_line(marked.replace(ANSWER_START, "").replace(ANSWER_END, "")):
        return _plain_marked(marked)
    return spans_of(marked)


def _plain_marked(marked: str) -> Spans:
    """Return the spans of a plain line whose answers are enclosed in delimiters."""
    spans: list[tuple[str, str]] = []
    for number, piece in enumerate(re.split(f"[{ANSWER_START}{ANSWER_END}]", marked)):
        if piece:
            spans.append((piece, "answer" if number % 2 else ""))
    return tuple(spans)
