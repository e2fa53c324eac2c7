"""Quality warnings for decks: things that are valid but make weak cards."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.model import (
    Card,
    ChoiceCard,
    Deck,
    Issue,
    Severity,
    TrueFalseCard,
    TypedCard,
    quoted,
)

LONG_ANSWER = 300
"""Answers longer than this many characters are hard to recall as one fact."""
_WORDS = re.compile(r"\W+")


def _normal(text: str) -> str:
    return _WORDS.sub(" ", text.lower()).strip()


def _warn(card: Card, message: str) -> Issue:
    where = card.location
    return Issue(
        where.path, where.line, where.column, f"card {quoted(card.id)}: {message}", Severity.WARNING
    )


def _card_warnings(card: Card, deck: Deck) -> Iterator[str]:
    """Yield the quality warnings of one card."""
    if not card.source:
        yield "no source (add 'source' naming one of the deck's sources)"
    if len(card.answer_text) > LONG_ANSWER:
        yield f"answer is {len(card.answer_text)} characters long (keep it under {LONG_ANSWER})"
    if isinstance(card, TypedCard | ChoiceCard):
        prompt = f" {_normal(card.prompt)} "
        for answer in card.answers:
            if len(_normal(answer)) > 2 and f" {_normal(answer)} " in prompt:
                yield f"the answer {quoted(answer)} appears in the question"
    if isinstance(card, ChoiceCard):
        seen = [_normal(c) for c in card.choices]
        for choice in sorted({c for c in seen if seen.count(c) > 1}):
            yield f"duplicate choice {quoted(choice)}"
    if isinstance(card, TrueFalseCard) and not card.explanation:
        yield "a true/false card without an explanation teaches little when answered wrong"


def lint_deck(deck: Deck) -> list[Issue]:
    """Return the quality warnings of a deck, duplicate prompts included."""
    warnings: list[Issue] = []
    first: dict[str, Card] = {}
    for card in deck.cards:
        warnings += (_warn(card, message) for message in _card_warnings(card, deck))
        prompt = f"{card.kind}:{_normal(card.prompt)}"
        if prompt in first:
            other = first[prompt]
            warnings.append(
                _warn(card, f"same prompt as card {quoted(other.id)} (line {other.location.line})")
            )
        else:
            first[prompt] = card
    return warnings
