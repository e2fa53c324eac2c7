"""Cloze deletions are numbered 1 to 999; other numbers are one located problem, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.load import load_deck_file
from studykit.model import ClozeCard

DECK = 'id: d\ntitle: D\ncards:\n  - id: c\n    kind: cloze\n    text: "{text}"\n'


def _load(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "d.yaml"
    path.write_text(DECK.format(text=text), encoding="utf-8")
    deck, issues = load_deck_file(path)
    return deck, [f"{i.line}:{i.column}: {i.message}" for i in issues]


@pytest.mark.parametrize("number", ["0", "1000", "9" * 5000, "00"])
def test_a_number_outside_1_to_999_is_a_located_problem(tmp_path: Path, number: str) -> None:
    _, problems = _load(tmp_path, f"A {{{{c1::kept}}}} and {{{{c{number}::x}}}}")
    assert len(problems) == 1 and problems[0].startswith("4:5: card 'c': ")
    assert "1 to 999" in problems[0] and len(problems[0]) < 300


def test_numbers_up_to_999_make_items(tmp_path: Path) -> None:
    deck, problems = _load(tmp_path, "{{c1::a}} {{c999::b}} {{c1::c}}")
    assert problems == []
    card = deck.cards[0]  # type: ignore[attr-defined]
    assert isinstance(card, ClozeCard) and card.deletions == (1, 999)
    assert card.answers_for(1) == ("a", "c")
