"""Grade typed, choice, true/false, order and cloze answers; pure functions.

Typed answers follow one rule, shared with the practice page's grader
(`studykit/export/assets/grading.js`); both are tested against the same table of cases
(`tests/fixtures/typed-answers.json`) and the rule is documented in `site/quiz.md`:

1. Both sides are normalized: Unicode NFKC, then upper case and lower case (full case
   mapping, a final sigma read as sigma), every run of white space one space, no outer
   spaces, one final full stop dropped.
2. The answer is compared with the closest accepted answer (optimal string alignment: a
   swap of neighbours is one edit; the first on ties).
3. Equal is correct. Otherwise one edit per six characters of the accepted answer, at
   least one and at most three, is a typo and still correct, except that there is no
   allowance when the accepted answer has three characters or fewer, when either side
   holds a digit (digits and version numbers must match exactly: `137` is not `138`,
   `v1` not `v2`), or when, up to ten characters, the lengths differ (`container` is not
   `containerd`).

A correct answer is rated Good and a wrong one Again; the learner can override either.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Literal, NamedTuple

from studykit.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from studykit.study.card_state import Rating

_SPACES = re.compile(
    "[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
"""White space as `str.isspace` knows it, spelled out so the browser's grader uses the same."""
_TRUE = {"t", "true", "y", "yes", "1"}
_FALSE = {"f", "false", "n", "no", "0"}


class AnswerFormatError(ValueError):
    """The answer cannot be read (a letter that is no choice, an order that is no sequence)."""


class DiffPart(NamedTuple):
    """A run of the learner's answer compared to the accepted one."""

    kind: Literal["same", "extra", "missing"]
    text: str


class Grade(NamedTuple):
    """The verdict on an answer, with the accepted answer it was closest to."""

    correct: bool
    expected: str
    given: str = ""
    typo: bool = False
    diff: tuple[DiffPart, ...] = ()
    missed: tuple[int, ...] = ()
    """Choices: the shown positions (0-based) of right options the learner did not pick."""
    extra: tuple[int, ...] = ()
    """Choices: the shown positions (0-based) the learner picked that are not right."""
    misplaced: tuple[int, ...] = ()
    """Orders: the places (0-based) of the learner's sequence that hold the wrong item."""

    @property
    def rating(self) -> Rating:
        """Return the rating this grade gives unless the learner overrides it."""
        return Rating.GOOD if self.correct else Rating.AGAIN


def normalize(text: str) -> str:
    """Fold case, Unicode compatibility forms and spacing; drop one trailing full stop."""
    # upper().lower() rather than casefold(): JavaScript has the same two mappings.
    cased = unicodedata.normalize("NFKC", text).upper().lower().replace("\u03c2", "\u03c3")
    folded = _SPACES.sub(" ", cased).strip(" ")
    return folded[:-1].rstrip(" ") if folded.endswith(".") else folded


def typo_allowance(expected: str, given: str) -> int:
    """Return how many edits still count as a typo (both answers normalized)."""
    if len(expected) <= 3 or _has_digit(expected) or _has_digit(given):
        return 0
    if len(expected) <= 10 and len(given) != len(expected):
        return 0
    return min(3, max(1, len(expected) // 6))


def _has_digit(text: str) -> bool:
    return any(ch.isdecimal() for ch in text)


def edit_distance(a: str, b: str) -> int:
    """Return the optimal-string-alignment distance (a swap of neighbours is one edit)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def diff(given: str, expected: str) -> tuple[DiffPart, ...]:
    """Return the learner's answer as runs that match, are extra, or are missing."""
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(None, given.casefold(), expected.casefold(), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", given[i1:i2]))
            continue
        if i2 > i1:
            parts.append(DiffPart("extra", given[i1:i2]))
        if j2 > j1:
            parts.append(DiffPart("missing", expected[j1:j2]))
    return tuple(parts)


def grade_typed(given: str, accepted: tuple[str, ...]) -> Grade:
    """Grade a typed answer against every accepted answer; keep the closest one."""
    answer = normalize(given)
    best: tuple[int, str] | None = None
    for option in accepted:
        distance = edit_distance(answer, normalize(option))
        if best is None or distance < best[0]:
            best = (distance, option)
    if best is None:
        return Grade(False, "", given)
    distance, expected = best
    correct = distance <= typo_allowance(normalize(expected), answer)
    typo = correct and distance > 0
    return Grade(correct, expected, given, typo, diff(given.strip(), expected))


def choice_letters(count: int) -> str:
    """Return the letters that pick among `count` choices (a, b, c, ...)."""
    return "abcdefghijklmnopqrstuvwxyz"[:count]


def parse_choices(text: str, count: int) -> frozenset[int]:
    """Return the 0-based positions picked by letters such as `b` or `a c` or `a,c`."""
    letters = [ch for ch in text.casefold() if not ch.isspace() and ch != ","]
    valid = choice_letters(count)
    wrong = [ch for ch in letters if ch not in valid]
    if wrong or not letters:
        raise AnswerFormatError(f"answer with letters from a to {valid[-1]}")
    return frozenset(valid.index(ch) for ch in letters)


def grade_choice(picked: frozenset[int], shown: tuple[str, ...], correct: tuple[str, ...]) -> Grade:
    """Grade the picked positions of the shown (shuffled) choices."""
    right = frozenset(i for i, choice in enumerate(shown) if choice in correct)
    letters = choice_letters(len(shown))
    expected = " ".join(letters[i] for i in sorted(right))
    given = " ".join(letters[i] for i in sorted(picked))
    missed, extra = tuple(sorted(right - picked)), tuple(sorted(picked - right))
    return Grade(picked == right, expected, given, missed=missed, extra=extra)


def parse_truefalse(text: str) -> bool:
    """Return the truth value of `t`, `f`, `true`, `false`, `y`, `n`."""
    word = text.strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise AnswerFormatError("answer t (true) or f (false)")


def grade_truefalse(given: bool, answer: bool) -> Grade:
    """Grade a true/false answer."""
    return Grade(given == answer, "true" if answer else "false", "true" if given else "false")


def parse_order(text: str, count: int) -> tuple[int, ...]:
    """Return the 0-based positions of `3142` (or `3 1 4 2`, `3,1,4,2` past nine items)."""
    cleaned = text.strip()
    if re.fullmatch(r"\d+", cleaned) and count <= 9:
        numbers = [int(ch) for ch in cleaned]
    else:
        numbers = [int(n) for n in re.findall(r"\d+", cleaned)]
    if sorted(numbers) != list(range(1, count + 1)):
        raise AnswerFormatError(
            f"type each number from 1 to {count} once, in order, e.g. 3142"[:80]
        )
    return tuple(n - 1 for n in numbers)


def grade_order(picked: tuple[int, ...], shown: tuple[str, ...], items: tuple[str, ...]) -> Grade:
    """Grade an order given as positions of the shown (shuffled) items."""
    right = tuple(shown.index(item) + 1 for item in items)
    given = (
        "".join(str(i + 1) for i in picked)
        if len(shown) <= 9
        else " ".join(str(i + 1) for i in picked)
    )
    expected = "".join(map(str, right)) if len(shown) <= 9 else " ".join(map(str, right))
    sequence = tuple(shown[i] for i in picked)
    wrong = tuple(
        n for n, (item, due) in enumerate(zip(sequence, items, strict=True)) if item != due
    )
    return Grade(sequence == items, expected, given, misplaced=wrong)


def self_graded(card: Card, cloze: int, exam: bool = False) -> bool:
    """Return whether the learner grades this item (basic, table cells; cloze outside exams)."""
    if isinstance(card, ClozeCard) and cloze:
        return not exam
    return isinstance(card, BasicCard)


def grade_item(card: Card, cloze: int, options: tuple[str, ...], text: str) -> Grade:
    """Grade an answer typed for an automatically graded item (raise AnswerFormatError)."""
    if isinstance(card, TypedCard):
        return grade_typed(text, card.answers)
    if isinstance(card, ChoiceCard):
        picked = parse_choices(text, len(options))
        if not card.multiple and len(picked) > 1:
            raise AnswerFormatError("pick one letter")
        return grade_choice(picked, options, card.answers)
    if isinstance(card, TrueFalseCard):
        return grade_truefalse(parse_truefalse(text), card.answer)
    if isinstance(card, OrderCard):
        return grade_order(parse_order(text, len(options)), options, card.items)
    if isinstance(card, ClozeCard) and cloze:
        hidden = card.answers_for(cloze)
        return grade_typed(text, (", ".join(hidden), " ".join(hidden)))
    raise AnswerFormatError(f"{card.kind.value} cards are graded by the learner")


_RATING_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "again": 1, "hard": 2, "good": 3, "easy": 4}


def parse_rating(text: str) -> Rating:
    """Return the rating of `1`-`4` or `again`, `hard`, `good`, `easy`."""
    value = _RATING_WORDS.get(text.strip().casefold())
    if value is None:
        raise AnswerFormatError("rate 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    return Rating(value)
