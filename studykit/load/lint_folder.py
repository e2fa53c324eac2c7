"""Quality rules that need a whole deck or the whole folder: balance, duplicates, distractors.

Each rule yields `(card or None, rule id, message)`; a finding without a card is about the
deck and is reported at the deck's `id`. The thresholds are documented in site/authoring.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

from studykit.load.lint_text import (
    ABSOLUTE_WORDS,
    content_words,
    plain,
    right_is_longest,
    single_answer,
    vocabulary_of,
    words,
)
from studykit.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    OrderCard,
    TrueFalseCard,
    TypedCard,
    quoted,
)

DeckFinding = tuple[Card | None, str, str]
"""The card (None for the deck itself), the rule id and the message."""

LENGTH_SHARE = 0.40
MIN_SHARE_CARDS = 5
"""A deck whose right option is the longest in more than 40% of its single-answer cards."""
FALSE_SHARE = (0.40, 0.60)
MIN_TRUEFALSE = 4
"""The share of false statements a deck with at least 4 true/false cards keeps."""
ABSOLUTE_MARGIN = 2
"""Absolute words give the answer away when false statements hold them this much more often."""
SIMILAR = 0.8
POSTINGS = 16
MIN_PROMPT_WORDS = 4
MIN_ANSWER_WORDS = 6
"""Two prompts (or long answers) whose content words overlap this much (Jaccard) are duplicates."""

_QUANTITY = re.compile(r"^[~<>≤≥]?\s*\d")
MIN_VOCABULARY = 600
"""Below this many taught words (one small deck alone), off-topic options are not judged."""


def _percent(part: float, whole: int) -> str:
    return f"{100 * part / whole:.0f}%"


def balance_rules(deck: Deck) -> Iterator[DeckFinding]:
    """Yield the deck-level cue findings: length share, true/false balance, absolute words."""
    singles = [c for c in deck.cards if isinstance(c, ChoiceCard) and single_answer(c)]
    singles = [c for c in singles if len(c.choices) >= 3]
    longest = sum(right_is_longest(c) for c in singles)
    if len(singles) >= MIN_SHARE_CARDS and longest > LENGTH_SHARE * len(singles):
        share = _percent(longest, len(singles))
        message = (
            f"the right option is the longest in {longest:g} of {len(singles)} single-answer "
            f"choice cards ({share}, ties shared; keep it at most {LENGTH_SHARE:.0%})"
        )
        yield None, "length-cue-share", message
    statements = [c for c in deck.cards if isinstance(c, TrueFalseCard)]
    false = sum(1 for c in statements if not c.answer)
    low, high = FALSE_SHARE
    if len(statements) >= MIN_TRUEFALSE and not low <= false / len(statements) <= high:
        message = (
            f"{false} of {len(statements)} true/false statements are false "
            f"({_percent(false, len(statements))}; keep it between {low:.0%} and {high:.0%})"
        )
        yield None, "truefalse-balance", message
    yield from _absolute_words(statements)


def _absolute_words(statements: Sequence[TrueFalseCard]) -> Iterator[DeckFinding]:
    sweeping = [c for c in statements if ABSOLUTE_WORDS.search(c.statement)]
    false = [c for c in sweeping if not c.answer]
    true = len(sweeping) - len(false)
    if len(false) - true >= ABSOLUTE_MARGIN:
        names = ", ".join(c.id for c in false)
        message = (
            f"{len(false)} of the {len(sweeping)} statements with an absolute word (always, "
            f"never, only, every, ...) are false, which gives the answer away: {names}"
        )
        yield None, "absolute-words", message


def card_question(card: Card) -> str:
    """Return the text a card asks, a cloze card's whole sentence included."""
    return card.revealed() if isinstance(card, ClozeCard) else card.prompt


def card_answer(card: Card) -> str:
    """Return the text a card expects, without a cloze card's sentence (its question)."""
    return "" if isinstance(card, ClozeCard) else card.answer_text


def similar_pairs(sets: Sequence[frozenset[str]], threshold: float) -> Iterator[tuple[int, int]]:
    """Yield (earlier, later) index pairs: each set at most once, with one set it resembles.

    A set resembles another when their Jaccard similarity reaches the threshold. Prefix
    filtering (Bayardo et al., "Scaling up all pairs similarity search", WWW 2007): with
    the words of each set ordered rarest first, two similar sets share a word among the
    first `n - ceil(t * n) + 1` of each, so only those words are indexed and probed.
    Equal sets are matched by hash; a word is probed in at most POSTINGS sets, which
    bounds the work on folders of templated cards (it may miss some of their repeats).
    """
    frequency = Counter(word for words in sets for word in words)
    index: dict[str, list[int]] = defaultdict(list)
    equal: dict[frozenset[str], int] = {}
    for i in sorted(range(len(sets)), key=lambda k: (len(sets[k]), k)):
        if (first := equal.setdefault(sets[i], i)) != i:
            yield min(first, i), max(first, i)
            continue
        words = sorted(sets[i], key=lambda w: (frequency[w], w))
        size = len(words)
        match = None
        for word in words[: size - math.ceil(threshold * size) + 1]:
            postings = index[word]
            if match is None:
                match = _resembled(sets, i, postings[:POSTINGS], threshold)
            postings.append(i)
        if match is not None:
            yield min(match, i), max(match, i)


def _resembled(
    sets: Sequence[frozenset[str]], i: int, others: list[int], threshold: float
) -> int | None:
    """Return the first of `others` whose set resembles set `i`, or None."""
    a = sets[i]
    least = threshold * len(a)
    for j in others:
        b = sets[j]
        if len(b) >= least:
            common = len(a & b)
            if common >= threshold * (len(a) + len(b) - common):
                return j
    return None


def duplicate_rules(decks: Sequence[Deck]) -> Iterator[tuple[Deck, DeckFinding]]:
    """Yield a finding for each card whose question or long answer repeats an earlier card."""
    cards = [(deck, card) for deck in decks for card in deck.cards]
    for what, text, least in (
        ("question", card_question, MIN_PROMPT_WORDS),
        ("answer", card_answer, MIN_ANSWER_WORDS),
    ):
        chosen = [(d, c, content_words(text(c))) for d, c in cards]
        chosen = [entry for entry in chosen if len(entry[2]) >= least]
        for i, j in sorted(similar_pairs([found for _, _, found in chosen], SIMILAR)):
            (first_deck, first, _), (deck, card, _) = chosen[i], chosen[j]
            where = f"{first_deck.id}/{first.id}" if first_deck is not deck else first.id
            message = f"near-duplicate {what} of card {quoted(where)} (line {first.location.line})"
            yield deck, (card, "near-duplicate", message)


def _taught_text(deck: Deck) -> Iterator[str]:
    """Yield the texts of a deck that teach (everything but the wrong choices)."""
    yield deck.title
    yield deck.description
    for card in deck.cards:
        yield card_question(card)
        yield card.explanation
        if isinstance(card, ChoiceCard):
            yield from card.answers
        elif isinstance(card, BasicCard | TypedCard | TrueFalseCard | OrderCard):
            yield card.answer_text if not isinstance(card, TypedCard) else " ".join(card.answers)
    for table in deck.tables:
        yield " ".join(table.columns)
        yield from (" ".join(row) for row in table.rows)


def folder_vocabulary(decks: Iterable[Deck]) -> frozenset[str]:
    """Return the content words the decks teach with (wrong choices left out)."""
    # One split of all the text at once: a regex pass per card text cost ten times more.
    text = "\n".join(t for deck in decks for t in _taught_text(deck))
    return vocabulary_of(set(words(text)))


def _form(text: str) -> str:
    """Return the form of an option: a code span, a quantity (`137`, `<= 125 ms`), or words."""
    shown = text.strip()
    if shown.startswith("`") and shown.endswith("`"):
        return "code"
    text = plain(shown)
    return "quantity" if _QUANTITY.match(text) and len(words(text)) <= 3 else "words"


def distractor_rules(card: Card, vocabulary: frozenset[str]) -> Iterator[str]:
    """Yield a message for each wrong option that is off the folder's topic or odd in form."""
    if not isinstance(card, ChoiceCard) or len(card.choices) < 3:
        return
    forms = [_form(c) for c in card.choices]
    for choice, form in zip(card.choices, forms, strict=True):
        which = "right" if choice in card.answers else "wrong"
        found = content_words(choice)
        judged = len(vocabulary) >= MIN_VOCABULARY and len(found) >= 2 and form == "words"
        if which == "wrong" and judged and not found & vocabulary:
            yield f"the wrong option {quoted(choice)} shares no word with anything the decks teach"
        elif forms.count(form) == 1 and len(set(forms)) == 2:
            yield f"the {which} option {quoted(choice)} is the only {form} among the options"
