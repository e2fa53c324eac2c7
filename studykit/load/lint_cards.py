"""Quality rules of one card: answer cues, list answers, narrow typed answers, note trivia.

Each rule yields `(rule id, message)`; `studykit.load.lint` turns them into located
warnings. The thresholds are module constants, documented in site/authoring.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from studykit.load.lint_text import plain, single_answer, words
from studykit.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
    quoted,
)

Finding = tuple[str, str]
"""A rule id and its message."""

LONG_ANSWER = 300
"""Answers longer than this many characters are hard to recall as one fact."""
MIN_OPTIONS = 3
"""Choice cards need at least this many options: with two, guessing scores 50%."""
LENGTH_CUE_RATIO = 1.3
LENGTH_CUE_CHARS = 10
"""The right option stands out when it is this much longer than every other option."""
MAX_RIGHT_OPTIONS = 3
"""A multi-select with more right options than this (or than half of them) is list recall."""
ORDER_ITEMS = (3, 5)
"""An order card puts 3 to 5 meaningful steps in order."""
LIST_BACK_ITEMS = 4
"""A back that enumerates this many short items (or a Markdown list of 3) is a list."""
MAX_DELETION_WORDS = 3
"""Exam mode makes the learner type a deletion word for word; longer ones cannot be typed."""

_NORMAL = re.compile(r"\W+")
_CODE_SPAN = re.compile(r"`[^`]*`")
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)"
_LIST_PROMPT = re.compile(
    rf"^(?:list|enumerate)\b|\b(?:name|list|give|state|identify)\s+(?:the\s+|any\s+|all\s+)?{_COUNT}\b",
    re.IGNORECASE,
)
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S", re.MULTILINE)
_SHORT = r"[\w./+`'-]+(?: [\w./+`'-]+){0,2}"
_ENUMERATION = re.compile(
    rf"(?:{_SHORT}, ){{{LIST_BACK_ITEMS - 2},}}{_SHORT},? (?:and|or) {_SHORT}"
)
_NOTES = re.compile(r"\b(?:the|these|your|our|course|seed) notes\b|\bnotes'", re.IGNORECASE)
_ABBREVIATED = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[^()]{1,15})\)$")
_SIGNAL = re.compile(r"^SIG([A-Z0-9]+)$")
_NUMBER_UNIT = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)$", re.IGNORECASE)
_UNIT_SHORT = {
    "second": "s",
    "seconds": "s",
    "millisecond": "ms",
    "milliseconds": "ms",
    "minute": "min",
    "minutes": "min",
    "percent": "%",
}


def _normal(text: str) -> str:
    return _NORMAL.sub(" ", text.lower()).strip()


def basic_rules(card: Card) -> Iterator[Finding]:
    """Yield the findings every card kind can have: source, length, explanation."""
    if not card.source:
        yield "no-source", "no source (add 'source' naming one of the deck's sources)"
    if len(card.answer_text) > LONG_ANSWER:
        size = len(card.answer_text)
        yield "long-answer", f"answer is {size} characters long (keep it under {LONG_ANSWER})"
    if isinstance(card, TrueFalseCard) and not card.explanation:
        message = "a true/false card without an explanation teaches little when answered wrong"
        yield "truefalse-no-explanation", message
    if _NOTES.search(card.prompt) or _NOTES.search(card.answer_text):
        yield "notes-reference", "asks about 'the notes' rather than the subject (teach the fact)"


def answer_rules(card: Card) -> Iterator[Finding]:
    """Yield findings on typed and choice answers: given away by the question, duplicated."""
    if isinstance(card, TypedCard | ChoiceCard):
        # A command in a code span (`docker kill`) may share a word with its answer (KILL).
        prompt = f" {_normal(_CODE_SPAN.sub(' ', card.prompt))} "
        for answer in card.answers:
            if len(_normal(answer)) > 2 and f" {_normal(answer)} " in prompt:
                yield "answer-in-question", f"the answer {quoted(answer)} appears in the question"
    if isinstance(card, ChoiceCard):
        seen = [_normal(c) for c in card.choices]
        for choice in sorted({c for c in seen if seen.count(c) > 1}):
            yield "duplicate-choice", f"duplicate choice {quoted(choice)}"


def choice_rules(card: Card) -> Iterator[Finding]:
    """Yield the cue findings of a choice card: too few options, a right option that stands out."""
    if not isinstance(card, ChoiceCard):
        return
    if len(card.choices) < MIN_OPTIONS:
        yield "few-options", f"only {len(card.choices)} options (give at least {MIN_OPTIONS})"
    if single_answer(card) and len(card.choices) >= MIN_OPTIONS:
        right = len(plain(card.answers[0]))
        longest = max(len(plain(c)) for c in card.choices if c != card.answers[0])
        if right >= LENGTH_CUE_RATIO * longest and right - longest >= LENGTH_CUE_CHARS:
            message = (
                f"the right option is the longest by far ({right} characters, the longest "
                f"other {longest}): make the options similar in length"
            )
            yield "length-cue", message


def list_rules(card: Card) -> Iterator[Finding]:
    """Yield findings for cards that ask for several facts at once."""
    if _LIST_PROMPT.search(plain(card.prompt)):
        yield "list-answer", "asks for a list (split it into one card per fact)"
    if isinstance(card, ChoiceCard) and card.multiple:
        right, total = len(card.answers), len(card.choices)
        if right > MAX_RIGHT_OPTIONS or right * 2 > total:
            message = f"{right} of {total} options are right: a list in disguise (split it)"
            yield "list-answer", message
    back = card.back if isinstance(card, BasicCard) else ""
    if len(_MD_ITEM.findall(back)) >= 3 or _ENUMERATION.search(plain(back)):
        yield "list-answer", "the back is a list (split it into one card per fact)"
    if isinstance(card, OrderCard):
        low, high = ORDER_ITEMS
        if not low <= len(card.items) <= high:
            message = f"{len(card.items)} items to order (use {low} to {high} meaningful steps)"
            yield "order-items", message


def _missing_forms(answer: str) -> list[str]:
    """Return the forms a learner would also type for one accepted answer."""
    text = plain(answer)
    if match := _ABBREVIATED.match(text):
        return [match.group("long"), match.group("short")]
    if match := _SIGNAL.match(text):
        return [match.group(1)]
    if (match := _NUMBER_UNIT.match(text)) and (unit := match.group("unit").lower()):
        number, short = match.group("n"), _UNIT_SHORT.get(unit)
        return [number] + ([f"{number}{short}"] if short and short != unit else [])
    return []


def typed_rules(card: Card) -> Iterator[Finding]:
    """Yield findings for typed answers and cloze deletions a learner cannot type right."""
    if isinstance(card, TypedCard):
        accepted = {_normal(a) for a in card.answers}
        for answer in card.answers:
            missing = [f for f in _missing_forms(answer) if _normal(f) not in accepted]
            if missing:
                forms = ", ".join(quoted(f) for f in missing)
                yield (
                    "narrow-answer",
                    f"{quoted(answer)} is accepted but not {forms}: accept them too",
                )
    if isinstance(card, ClozeCard):
        for number in card.deletions:
            for hidden in card.answers_for(number):
                count = len(words(plain(hidden)))
                if count > MAX_DELETION_WORDS:
                    message = (
                        f"deletion c{number} {quoted(hidden)} is {count} words: exam mode makes the "
                        f"learner type it (at most {MAX_DELETION_WORDS})"
                    )
                    yield "long-deletion", message
                elif _ABBREVIATED.match(plain(hidden)):
                    message = f"deletion c{number} {quoted(hidden)} has two forms; delete only one"
                    yield "narrow-answer", message


CARD_RULES: tuple[Callable[[Card], Iterator[Finding]], ...] = (
    basic_rules,
    answer_rules,
    choice_rules,
    list_rules,
    typed_rules,
)
"""Every rule that looks at one card alone."""


def card_findings(card: Card) -> Iterator[Finding]:
    """Yield every finding of one card."""
    for rule in CARD_RULES:
        yield from rule(card)
