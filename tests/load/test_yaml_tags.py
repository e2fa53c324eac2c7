"""Explicit YAML tags are read as YAML defines them: a value that does not fit its tag is one problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.load import load_deck_file
from studykit.model import BasicCard, TrueFalseCard

CARD = "id: x\ntitle: X\ncards:\n  - id: a\n    kind: {kind}\n    front: F\n    back: B\n"


def _load(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    deck, issues = load_deck_file(path)
    return deck, [f"{i.line}:{i.column}: {i.message}" for i in issues]


@pytest.mark.parametrize("tag", ["!!float", "!!int", "!!bool", "!!null", "!!map", "!!seq"])
def test_a_core_tag_that_does_not_fit_the_kind_is_one_located_problem(
    tmp_path: Path, tag: str
) -> None:
    deck, problems = _load(tmp_path, CARD.format(kind=f"{tag} basic"))
    assert deck is None
    assert problems == [f"5:11: tag '{tag}' does not fit the value 'basic'"]


def test_a_str_tag_is_text(tmp_path: Path) -> None:
    deck, problems = _load(tmp_path, CARD.format(kind="!!str basic"))
    assert problems == []
    assert isinstance(deck.cards[0], BasicCard)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("written", "value"), [("!!bool no", False), ("!!bool TRUE", True)])
def test_a_bool_tag_reads_the_truth_value(tmp_path: Path, written: str, value: bool) -> None:
    text = f"id: x\ntitle: X\ncards:\n  - id: t\n    kind: truefalse\n    statement: S\n    answer: {written}\n"
    deck, problems = _load(tmp_path, text)
    assert problems == []
    card = deck.cards[0]  # type: ignore[attr-defined]
    assert isinstance(card, TrueFalseCard) and card.answer is value


@pytest.mark.parametrize(
    ("written", "shown"),
    [("!!int 0x1f", "0x1f"), ("!!float 1.5", "1.5"), ("!!float 2", "2"), ("!!null ~", "")],
)
def test_a_fitting_number_or_null_tag_is_read_as_written(
    tmp_path: Path, written: str, shown: str
) -> None:
    deck, problems = _load(tmp_path, f"id: x\ntitle: X\ndescription: {written}\n")
    assert problems == []
    assert deck.description == shown  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("!!str [a]", "4:7: tag '!!str' does not fit a list"),
        ("!!map [a]", "4:7: tag '!!map' does not fit a list"),
        ("!!seq {a: b}", "4:7: tag '!!seq' does not fit a mapping"),
        ("!!int {a: b}", "4:7: tag '!!int' does not fit a mapping"),
    ],
)
def test_a_scalar_tag_on_a_collection_is_one_located_problem(
    tmp_path: Path, written: str, expected: str
) -> None:
    deck, problems = _load(tmp_path, f"id: x\ntitle: X\n\ntags: {written}\n")
    assert deck is None and problems == [expected]
