"""Renderables of the quiz: the card, its answer, the rating keys and the session summary."""

from __future__ import annotations

from datetime import datetime, timedelta

from studykit.model import ChoiceCard, ClozeCard, OrderCard, TypedCard
from studykit.model.spans import ItemText
from studykit.study.card_state import Rating, Schedule
from studykit.study.grading import Grade, choice_letters
from studykit.study.mode import Mode
from studykit.study.session import Outcome, Presented, Summary
from studykit.tui.ansi import Box, Group, Padding, Renderable, Styled, keys_hint
from studykit.tui.answer_detail import choice_detail, order_detail
from studykit.tui.card_spans import item_text, options_text, render_card_text
from studykit.tui.intervals import interval_label

RATING_STYLES = {
    Rating.AGAIN: "red",
    Rating.HARD: "yellow",
    Rating.GOOD: "green",
    Rating.EASY: "blue",
}
HINTS = {
    "basic": "space reveals",
    "cloze": "space reveals",
    "typed": "type the answer, enter",
    "choice": "press the letter",
    "truefalse": "t true  f false",
    "order": "type the order, e.g. 3142, enter",
}
COMMAND_HINT = keys_hint("u undo  s suspend  b bury  e edit  q quit")
TYPED_COMMAND_HINT = keys_hint(":u undo  :s suspend  :b bury  :e edit  :q quit")
"""While a line is typed, letters are the answer: the commands take a colon."""


def counts_text(remaining: tuple[int, int, int]) -> Styled:
    """Return Anki's learn / review / new counters."""
    learn, review, new = remaining
    text = Styled()
    text.append(f"{learn}", style="red").append(" learn  ")
    text.append(f"{review}", style="green").append(" review  ")
    return text.append(f"{new}", style="blue").append(" new")


def card_view(
    shown: Presented, remaining: tuple[int, int, int] | None = None, exam: bool = False
) -> Renderable:
    """Return the card as asked: its prompt, the choices or items to order, the counts.

    An exam counts questions (`question 3 of 20`): learn / review / new mean nothing there.
    """
    item, text = shown.item, item_text(shown.item)
    body: list[Renderable] = [render_card_text(text.prompt)]
    card = item.card
    if isinstance(card, ChoiceCard):
        letters = choice_letters(len(shown.options))
        labels = [f"{ch}) " for ch in letters]
        body.append(options_text(text, list(zip(labels, shown.options, strict=True))))
        if card.multiple:
            body.append(Styled("(several are right: type every letter, then enter)", style="dim"))
    elif isinstance(card, OrderCard):
        body.append(options_text(text, [(f"{n}. ", i) for n, i in enumerate(shown.options, 1)]))
    title = Styled(f"{shown.number}  ", style="bold").append(item.key, style="dim")
    subtitle = counts_text(remaining) if remaining is not None else None
    if exam and remaining is not None:
        subtitle = Styled(f"question {shown.number} of {shown.number + sum(remaining)}")
    return Box(Group(*body), title=title, subtitle=subtitle)


def hint(kind: str, revealed: bool = False, multiple: bool = False, typed: bool = False) -> Styled:
    """Return the keys that work now, dimmed; `typed` while a line is read (cloze in exams)."""
    first = "1-4 rate  space Good" if revealed else HINTS.get(kind, "")
    if multiple:
        first = "type every right letter, then enter"
    elif typed and kind == "cloze":
        first = "type the hidden words, enter"
    return Styled(f"{first}   {TYPED_COMMAND_HINT if typed else COMMAND_HINT}", style="dim")


def diff_lines(grade: Grade) -> Styled:
    """Return the typed answer with its wrong letters marked, over the accepted answer."""
    typed, right = Styled("you typed  "), Styled("answer     ")
    for part in grade.diff:
        if part.kind == "same":
            typed.append(part.text, style="green")
            right.append(part.text, style="green")
        elif part.kind == "extra":
            typed.append(part.text, style="bold red strike")
        else:
            right.append(part.text, style="bold black on yellow")
    return typed.append("\n").append_text(right)


def answer_view(shown: Presented, grade: Grade | None = None) -> Renderable:
    """Return the answer side: verdict, the right answer, a diff of a typed one, explanation."""
    item, card, text = shown.item, shown.item.card, item_text(shown.item)
    parts: list[Renderable] = []
    diffed = grade is not None and bool(grade.diff) and (grade.typo or not grade.correct)
    if grade is not None:
        parts.append(verdict(grade))
        if diffed:
            parts.append(diff_lines(grade))
    if diffed and isinstance(card, TypedCard | ClozeCard):
        others = [a for a in getattr(card, "answers", ()) if grade and a != grade.expected]
        if others:
            parts.append(Styled(f"also accepted: {' | '.join(others)}", style="dim"))
    elif isinstance(card, ClozeCard) and item.cloze:
        parts.append(render_card_text(text.answer))
    elif isinstance(card, ChoiceCard):
        letters = choice_letters(len(shown.options))
        right = [
            (f"{ch}) ", c)
            for ch, c in zip(letters, shown.options, strict=True)
            if c in card.answers
        ]
        parts.append(options_text(text, right, style="bold green"))
        parts.extend(choice_detail(shown, grade, text))
    elif isinstance(card, OrderCard):
        parts.append(_in_order(card, text))
        parts.extend(order_detail(shown, grade, text))
    elif isinstance(card, TypedCard):
        parts.append(Styled(" | ".join(card.answers), style="bold green"))
    else:
        parts.append(render_card_text(text.answer, style="bold green"))
    if card.explanation:
        parts.append(render_card_text(text.explanation, style="dim"))
    return Padding(Group(*parts), left=1, right=1)


def _in_order(card: OrderCard, text: ItemText) -> Styled:
    """Return the items of an order card in the right order, joined by arrows."""
    out = Styled(style="bold green")
    for number, option in enumerate(card.items):
        out.append(" -> " if number else "").append_text(render_card_text(text.part(option)))
    return out


def verdict(grade: Grade) -> Styled:
    """Return `correct`, `correct (typo)` or `wrong`, coloured."""
    if grade.correct:
        return Styled(
            "correct (accepted with a typo)" if grade.typo else "correct", style="bold green"
        )
    return Styled("wrong", style="bold red")


def rating_bar(
    outcomes: dict[Rating, Schedule] | None, now: datetime, suggested: Rating | None = None
) -> Styled:
    """Return `1 Again 10m  2 Hard 1d  3 Good 3d  4 Easy 8d`, the suggested rating marked.

    Without outcomes (cram: no schedule changes) the keys show no intervals.
    """
    bar = Styled()
    for rating in Rating:
        due = outcomes[rating].due if outcomes is not None else None
        label = f" {interval_label(due - now)}" if due is not None else ""
        style = RATING_STYLES[rating] + (" reverse" if rating is suggested else "")
        bar.append(f"{int(rating)} {rating.label}{label}", style=style).append("  ")
    bar.rstrip()
    return bar


def outcome_line(outcome: Outcome, now: datetime) -> Styled:
    """Return what an answer did: the rating and when the item comes back."""
    line = Styled(f"{outcome.rating.label}", style=RATING_STYLES[outcome.rating])
    if outcome.after is not None and outcome.after.due is not None:
        line.append(f"  next in {interval_label(outcome.after.due - now)}", style="dim")
    if outcome.leech and outcome.after is not None:
        line.append(f"\n{leech_notice(outcome.key, outcome.after.lapses)}", style="bold magenta")
    return line


def leech_notice(key: str, lapses: int) -> str:
    """Return the notice shown when an item becomes a leech."""
    return (
        f"leech: {key} was forgotten {lapses} times, so it is tagged 'leech' and suspended; "
        f"rewrite or split the card, then run `studykit unsuspend {key}`"
    )


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    return f"{seconds // 60}m {seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def summary_view(summary: Summary, now: datetime) -> Renderable:
    """Return the end-of-session summary: cards, accuracy, time, what comes next."""
    rows: list[Renderable] = []
    if summary.mode is Mode.EXAM:
        score = f"{summary.correct}/{summary.graded}"
        share = f" ({summary.correct / summary.graded:.0%})" if summary.graded else ""
        rows.append(Styled(f"score  {score}{share}", style="bold"))
        for miss in summary.misses:
            expected = miss.grade.expected if miss.grade is not None else ""
            rows.append(Styled(f"  missed {miss.key}: {expected}", style="red"))
    accuracy = f"{summary.accuracy:.0%}" if summary.accuracy is not None else "-"
    rows.append(Styled(f"cards  {summary.answered}    correct  {accuracy}"))
    per_card = summary.answer_time / summary.answered if summary.answered else timedelta()
    rows.append(Styled(f"time   {_duration(summary.elapsed)}    per card  {_duration(per_card)}"))
    rows.extend(Styled(line) for line in coming_up(summary, now))
    for key in summary.leeches:
        rows.append(Styled(f"leech  {key} (suspended)", style="magenta"))
    if summary.suspended:
        rows.append(Styled(f"suspended  {', '.join(summary.suspended)}", style="dim"))
    return Box(Group(*rows), title=f"{summary.mode.value} session")


def coming_up(summary: Summary, now: datetime) -> list[str]:
    """Return when study continues: waiting learning cards and the next due item."""
    lines = []
    if summary.learning_waiting is not None:
        wait = interval_label(summary.learning_waiting - now)
        lines.append(f"learning cards wait: the next is due in {wait}")
    if summary.next_due is not None:
        when = "now" if summary.next_due <= now else f"in {interval_label(summary.next_due - now)}"
        lines.append(f"next due  {when}")
    return lines
