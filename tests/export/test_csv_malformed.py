"""Malformed CSV files: every problem is reported by row and column, and no deck comes out.

Each `tests/fixtures/csv/bad/NN-name.csv` holds a broken file; `NN-name.expected` holds the
exact problems, one per line, as `studykit import csv` prints them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.export.csv_reader import CsvImportError, read_csv_deck
from tests.conftest import FIXTURES

BAD = FIXTURES / "csv" / "bad"
CASES = sorted(BAD.glob("*.csv"))


def _problems(path: Path) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        read_csv_deck(path.read_bytes(), path.name, "deck", "Deck")
    return [f"{path.name}: {problem}" for problem in caught.value.problems]


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_problems_match_the_expected_messages(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert _problems(path) == expected


def test_every_row_problem_names_its_row() -> None:
    for path in CASES:
        for line in _problems(path):
            assert ": row " in line or "the file" in line, line


def test_the_message_lists_every_problem_and_says_nothing_was_imported() -> None:
    path = BAD / "07-empty-required-cells.csv"
    with pytest.raises(CsvImportError) as caught:
        read_csv_deck(path.read_bytes(), "cards.csv", "deck", "Deck")
    message = str(caught.value)
    assert message.startswith("6 problems; nothing was imported:\n")
    assert "\n  cards.csv: row 4, column 'choices': empty, but a choice card needs" in message


def test_a_utf8_bom_is_accepted_but_latin1_bytes_are_not() -> None:
    text = "id,kind,question,answer,choices,tags,source,explanation\na,basic,Café?,Oui,,,,\n"
    deck = read_csv_deck(b"\xef\xbb\xbf" + text.encode("utf-8"), "x.csv", "d", "D")
    assert deck.cards[0].prompt == "Café?"
    with pytest.raises(CsvImportError, match="row 2, column 'question': not UTF-8: byte 0xE9"):
        read_csv_deck(text.encode("cp1252"), "x.csv", "d", "D")


def test_fields_over_the_csv_limit_are_a_row_problem() -> None:
    text = "id,kind,question,answer,choices,tags,source,explanation\na,basic,Q,A,,,,\n"
    huge = text + f"b,basic,{'x' * 200_000},A,,,,\n"
    # The reason is the csv module's own words; the row and its line are studykit's.
    with pytest.raises(CsvImportError, match=r"row 3: .+ \(the row starts on line 3 of the file\)"):
        read_csv_deck(huge.encode(), "x.csv", "d", "D")
