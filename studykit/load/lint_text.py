"""Text measures shared by the lint rules and the quality figures: words, lengths, cues."""

from __future__ import annotations

import re
from functools import lru_cache

from studykit.model import ChoiceCard

_MARKUP = re.compile(r"[`*_]|\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"[a-z0-9]+(?:[+.'-][a-z0-9]+)*")
ABSOLUTE_WORDS = re.compile(
    r"\b(?:always|never|only|every|everything|all|any|fully|guarantees?|guaranteed|exactly"
    r"|none|completely|entirely|absolutely)\b",
    re.IGNORECASE,
)
"""Words that make a statement sweeping; test-wise learners read them as a sign of 'false'."""

_FUNCTION_WORDS = """a an the and or but nor of to in on at by for from with without into onto over under
    as is are was were be been being am do does did done has have had having it its it's
    this that these those there here which who whom whose what when where why how than then
    so such not no yes can could may might must shall should will would one two three four
    five six seven eight nine ten first second other another each both either neither more
    most less least many much few some own same also just very too only all any every
    always never i you he she we they them his her our their my your me us if else while
    about after before between through during per via up down out off again once like
    e.g i.e etc vs"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())
"""Function words left out when cards are compared by their content."""


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """Return text without Markdown emphasis, code ticks and link targets."""
    return _MARKUP.sub(lambda m: m.group(1) or "", text).strip()


def words(text: str) -> list[str]:
    """Return the lowercase words of a text (`docker.sock`, `cgroup-v2` stay whole)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """Return a crude singular: `layers` -> `layer`, `processes` -> `process`."""
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Return the content words of a text, singular, without function words."""
    return vocabulary_of(words(text))


def vocabulary_of(found: list[str] | set[str]) -> frozenset[str]:
    """Return the content words among words already split, singular, without function words."""
    return frozenset(_stem(w) for w in found if w not in STOPWORDS and (len(w) > 1 or w.isdigit()))


def right_is_longest(card: ChoiceCard) -> float:
    """Return the chance that picking the longest option picks the right one (0 to 1).

    1 when the right option is strictly the longest; 1/k when it ties with k-1 others for
    the longest (a learner who picks the longest guesses among them); 0 otherwise.
    """
    lengths = [len(plain(c)) for c in card.choices]
    right = len(plain(card.answers[0]))
    if len(lengths) < 2 or right < max(lengths):
        return 0.0
    return 1 / lengths.count(right)


def single_answer(card: object) -> bool:
    """Return whether a card is a choice card with exactly one right option."""
    return isinstance(card, ChoiceCard) and len(card.answers) == 1
