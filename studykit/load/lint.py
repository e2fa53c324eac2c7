"""Quality warnings for decks: things that are valid but make weak cards.

The rules live in `lint_cards` (one card), `lint_folder` (a deck, or every deck of the
folder); this module runs them and locates each finding. Every warning names its rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from studykit.load.course import unknown_prerequisites
from studykit.load.image_checks import images_without_alt
from studykit.load.lint_cards import LONG_ANSWER, card_findings
from studykit.load.lint_folder import (
    balance_rules,
    distractor_rules,
    duplicate_rules,
    folder_vocabulary,
)
from studykit.model import Card, ChoiceCard, Deck, Issue, Location, Severity, quoted

__all__ = ["LONG_ANSWER", "lint_decks"]

_NORMAL = re.compile(r"\W+")


def _warn(where: Location, label: str, rule: str, message: str) -> Issue:
    return Issue(
        where.path, where.line, where.column, f"{label}: {message}", Severity.WARNING, rule
    )


def _card_warning(card: Card | None, deck: Deck, rule: str, message: str) -> Issue:
    if card is None:
        return _warn(deck.location, f"deck {quoted(deck.id)}", rule, message)
    return _warn(card.location, f"card {quoted(card.id)}", rule, message)


def _same_prompts(deck: Deck) -> Iterator[Issue]:
    """Yield a warning for each card that asks exactly what an earlier card asks."""
    first: dict[str, Card] = {}
    for card in deck.cards:
        prompt = f"{card.kind}:{_NORMAL.sub(' ', card.prompt.lower()).strip()}"
        if prompt in first:
            message = f"same prompt as card {quoted(first[prompt].id)} (line {first[prompt].location.line})"
            yield _card_warning(card, deck, "duplicate-prompt", message)
        else:
            first.setdefault(prompt, card)


def _deck_warnings(deck: Deck, vocabulary: frozenset[str]) -> Iterator[Issue]:
    for card in deck.cards:
        for rule, message in card_findings(card):
            yield _card_warning(card, deck, rule, message)
        for message in distractor_rules(card, vocabulary):
            yield _card_warning(card, deck, "absurd-distractor", message)
    yield from _same_prompts(deck)
    for label, where, path in images_without_alt(deck):
        message = (
            f"image {quoted(path)} has no alt text: write what it shows, ![like this]({path}) "
            "(screen readers and the terminal read it)"
        )
        yield _warn(where, label, "image-alt", message)
    for about, rule, message in balance_rules(deck):
        yield _card_warning(about, deck, rule, message)


def lint_decks(decks: Iterable[Deck]) -> list[Issue]:
    """Return the quality warnings of decks read together (duplicates across them included)."""
    decks = list(decks)
    # The vocabulary is needed only to judge wrong options of several words.
    phrases = any(
        isinstance(card, ChoiceCard) and any(" " in choice.strip() for choice in card.choices)
        for deck in decks
        for card in deck.cards
    )
    vocabulary = folder_vocabulary(decks) if phrases else frozenset()
    warnings = [issue for deck in decks for issue in _deck_warnings(deck, vocabulary)]
    exact = {(i.path, i.line) for i in warnings if i.rule == "duplicate-prompt"}
    for deck, (card, rule, message) in duplicate_rules(decks):
        issue = _card_warning(card, deck, rule, message)
        if (issue.path, issue.line) not in exact:
            warnings.append(issue)
    warnings += unknown_prerequisites(decks)
    return sorted(warnings)
