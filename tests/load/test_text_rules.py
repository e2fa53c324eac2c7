"""Text that no export can carry is refused where it is written: every valid deck exports.

A CSV list cell (answers, choices, order items, tags) holds one item per line, and a NUL
character cannot be written to CSV at all; `validate` says so at the value, so a deck
that validates also exports to CSV.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.export.csv_format import deck_to_csv
from studykit.load import load_deck_file

CHOICE = (
    "id: d\ntitle: D\ncards:\n  - id: c\n    kind: choice\n    question: Q\n"
    "    choices:\n      - {first}\n      - b\n    answer: b\n"
)


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    _, issues = load_deck_file(path)
    return [f"{i.line}:{i.column}: {i.message}" for i in issues]


@pytest.mark.parametrize(
    "first", ['"two\\nlines"', '"car\\rriage"', "|\n        block\n        text"]
)
def test_a_list_item_with_a_line_break_is_a_located_problem(tmp_path: Path, first: str) -> None:
    problems = _problems(tmp_path, CHOICE.format(first=first))
    assert len(problems) == 1 and problems[0].startswith("8:9: card 'c': 'choices' item 1 ")
    assert "line break" in problems[0]


def test_a_nul_character_in_text_is_a_located_problem(tmp_path: Path) -> None:
    problems = _problems(tmp_path, 'id: d\ntitle: D\ndescription: "a \\0 b"\n')
    assert problems == [
        "3:14: 'description' holds a NUL character (\\0), which no export can carry"
    ]


def test_one_line_items_pass_and_export(tmp_path: Path) -> None:
    assert _problems(tmp_path, CHOICE.format(first="'a, with | pipes'")) == []
    deck, _ = load_deck_file(tmp_path / "d.yaml")
    assert deck is not None and "a, with | pipes" in deck_to_csv(deck)
