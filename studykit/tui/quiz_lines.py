"""Plain text of the line protocol (quiz without a terminal): stable, one field per line."""

from __future__ import annotations

from datetime import datetime

from studykit.model import ChoiceCard, ClozeCard, OrderCard
from studykit.study.grading import Grade, choice_letters
from studykit.study.session import Outcome, Presented, Summary
from studykit.tui.card_spans import item_text, render_card_text
from studykit.tui.intervals import interval_label
from studykit.tui.quiz_view import coming_up

PROMPTS = {
    "typed": "answer> ",
    "choice": "letters> ",
    "truefalse": "t/f> ",
    "order": "order> ",
    "cloze": "answer> ",
}


def card_lines(shown: Presented) -> list[str]:
    """Return `## <n> <key> <kind>`, the prompt text and the numbered choices or items."""
    item, card = shown.item, shown.item.card
    prompt = render_card_text(item_text(item).prompt).plain
    lines = [f"## {shown.number} {item.key} {card.kind.value}", prompt]
    if isinstance(card, ChoiceCard):
        letters = choice_letters(len(shown.options))
        lines += [f"{ch}) {c}" for ch, c in zip(letters, shown.options, strict=True)]
    elif isinstance(card, OrderCard):
        lines += [f"{n}. {i}" for n, i in enumerate(shown.options, 1)]
    return lines


def prompt(shown: Presented, rated: bool) -> str:
    """Return the prompt: `rate 1-4> ` for an item the learner rates, else what to type."""
    return "rate 1-4> " if rated else PROMPTS[shown.item.card.kind.value]


def answer_line(shown: Presented) -> str:
    """Return `answer: ...` with the right answer."""
    item, card = shown.item, shown.item.card
    if isinstance(card, ClozeCard) and item.cloze:
        return "answer: " + ", ".join(card.answers_for(item.cloze))
    if isinstance(card, ChoiceCard):
        letters = choice_letters(len(shown.options))
        right = [i for i, c in enumerate(shown.options) if c in card.answers]
        names = "; ".join(shown.options[i] for i in right)
        return f"answer: {''.join(letters[i] for i in right)} ({names})"
    if isinstance(card, OrderCard):
        numbers = "".join(str(shown.options.index(i) + 1) for i in card.items)
        return f"answer: {numbers} ({' -> '.join(card.items)})"
    return "answer: " + render_card_text(item_text(item).answer).plain


def result_line(outcome: Outcome, now: datetime) -> str:
    """Return `result: correct|typo|wrong|rated, <Rating>[, next in 3d][, leech]`."""
    grade: Grade | None = outcome.grade
    verdict = (
        "rated"
        if grade is None
        else "typo"
        if grade.typo
        else "correct"
        if grade.correct
        else "wrong"
    )
    parts = [f"result: {verdict}", outcome.rating.label]
    if outcome.after is not None and outcome.after.due is not None:
        parts.append(f"next in {interval_label(outcome.after.due - now)}")
    if outcome.leech:
        parts.append("leech, suspended")
    return ", ".join(parts)


def summary_lines(summary: Summary, now: datetime) -> list[str]:
    """Return the summary as `key: value` lines after a `## summary` line."""
    accuracy = f"{summary.accuracy:.0%}" if summary.accuracy is not None else "-"
    lines = [
        "## summary",
        f"mode: {summary.mode.value}",
        f"cards: {summary.answered}",
        f"correct: {accuracy}",
    ]
    if summary.graded:
        lines.append(f"score: {summary.correct}/{summary.graded}")
    lines.append(f"time: {int(summary.elapsed.total_seconds())}s")
    lines += [
        line.replace("  ", ": ", 1) if line.startswith("next") else line
        for line in coming_up(summary, now)
    ]
    lines += [f"leech: {key}" for key in summary.leeches]
    lines += [f"suspended: {key}" for key in summary.suspended]
    return lines
