"""The quality figures of a deck folder: answer cues, true/false balance, list cards, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from studykit.load.lint_cards import MIN_OPTIONS, list_rules
from studykit.load.lint_text import ABSOLUTE_WORDS, right_is_longest, single_answer
from studykit.model import CardKind, ChoiceCard, ClozeCard, Deck, TrueFalseCard, study_items


@dataclass
class Figures:
    """The figures of one deck, or of several added together."""

    name: str
    cards: int = 0
    items: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    cloze_deletions: int = 0
    single_choice: int = 0
    right_longest: float = 0
    truefalse: int = 0
    false: int = 0
    absolute: int = 0
    absolute_false: int = 0
    few_options: int = 0
    list_cards: int = 0
    tables: int = 0
    diagrams: int = 0

    def add(self, other: Figures) -> None:
        """Add another deck's figures to these."""
        for name, value in vars(other).items():
            if name != "name":
                setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, object]:
        """Return the figures as JSON-ready data, shares included."""
        data: dict[str, object] = {k: v for k, v in vars(self).items() if k != "kinds"}
        data["kinds"] = {kind.value: self.kinds[kind.value] for kind in CardKind}
        data["right_longest_share"] = _share(self.right_longest, self.single_choice)
        data["false_share"] = _share(self.false, self.truefalse)
        return data


def _share(part: float, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def deck_figures(deck: Deck) -> Figures:
    """Return the quality figures of one deck."""
    figures = Figures(deck.id, cards=len(deck.cards), tables=len(deck.tables))
    figures.diagrams = len(deck.diagrams)
    figures.items = sum(1 for _ in study_items(deck))
    figures.kinds.update(card.kind.value for card in deck.cards)
    for card in deck.cards:
        if isinstance(card, ClozeCard):
            figures.cloze_deletions += len(card.deletions)
        if isinstance(card, ChoiceCard):
            figures.few_options += len(card.choices) < MIN_OPTIONS
            if single_answer(card):
                figures.single_choice += 1
                figures.right_longest += right_is_longest(card)
        if isinstance(card, TrueFalseCard):
            figures.truefalse += 1
            figures.false += not card.answer
            sweeping = bool(ABSOLUTE_WORDS.search(card.statement))
            figures.absolute += sweeping
            figures.absolute_false += sweeping and not card.answer
        figures.list_cards += any(rule == "list-answer" for rule, _ in list_rules(card))
    return figures


def folder_figures(decks: Iterable[Deck]) -> tuple[list[Figures], Figures]:
    """Return the figures of each authored deck and their total."""
    rows = [deck_figures(deck) for deck in decks if not deck.generated]
    total = Figures("total")
    for row in rows:
        total.add(row)
    return rows, total


def _cell(part: float, whole: int) -> str:
    shown = f"{part:g}" if part == int(part) else f"{part:.1f}"
    return f"{shown}/{whole} {100 * part / whole:.0f}%" if whole else "-"


def figures_report(rows: list[Figures], total: Figures, glossary: int) -> str:
    """Return the figures as a plain-text report: one line per deck, then the totals."""
    header = (
        f"{'deck':<24}{'cards':>6}{'items':>6}{'longest':>14}{'false':>12}{'<3 opt':>8}{'lists':>6}"
    )
    lines = [header]
    for f in [*rows, total]:
        lines.append(
            f"{f.name:<24}{f.cards:>6}{f.items:>6}{_cell(f.right_longest, f.single_choice):>14}"
            f"{_cell(f.false, f.truefalse):>12}{f.few_options:>8}{f.list_cards:>6}"
        )
    kinds = ", ".join(f"{kind.value} {total.kinds[kind.value]}" for kind in CardKind)
    lines += [
        "",
        f"right option longest: {_cell(total.right_longest, total.single_choice)} (target <= 40%)",
        f"true/false false share: {_cell(total.false, total.truefalse)} (target 40-60% per deck)",
        f"absolute words in true/false: {total.absolute}, of them false: {total.absolute_false}",
        f"choice cards with fewer than 3 options: {total.few_options} (target 0)",
        f"list cards: {total.list_cards} (target 0)",
        f"cards: {total.cards} (each cloze once; {total.cloze_deletions} cloze deletions), "
        f"study items: {total.items}",
        f"by kind: {kinds}",
        f"tables: {total.tables}, diagrams: {total.diagrams}, glossary entries: {glossary}",
    ]
    return "\n".join(lines) + "\n"
