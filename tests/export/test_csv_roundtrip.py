"""CSV export and import: export -> import gives back the identical deck."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from hypothesis import given, settings

from studykit.export.csv_format import COLUMNS, CsvExportError, deck_to_csv, split_list
from studykit.export.csv_reader import read_csv_deck
from studykit.load import load_deck_file, load_decks
from studykit.model import (
    BasicCard,
    CardKind,
    ChoiceCard,
    Deck,
    OrderCard,
    Source,
    TrueFalseCard,
    TypedCard,
)
from tests.conftest import DECKS as SHIPPED
from tests.conftest import FIXTURES
from tests.export.deck_strategies import decks

CSV_FIXTURES = FIXTURES / "csv"


def _round_trip(deck: Deck) -> Deck:
    return read_csv_deck(deck_to_csv(deck).encode("utf-8"), "deck.csv", deck.id, deck.title)


def _every_kind() -> Deck:
    deck, issues = load_deck_file(CSV_FIXTURES / "decks" / "every-kind.yaml")
    assert deck is not None and not issues
    return deck


def test_every_kind_round_trips_exactly() -> None:
    deck = _every_kind()
    assert _round_trip(deck) == deck
    assert {c.kind for c in deck.cards} == set(CardKind)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(deck=decks())
def test_any_deck_of_sources_and_cards_round_trips(deck: Deck) -> None:
    assert _round_trip(deck) == deck


def test_the_layout_is_one_row_per_source_and_card() -> None:
    deck = _every_kind()
    rows = list(csv.DictReader(io.StringIO(deck_to_csv(deck), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert [r["kind"] for r in rows[:2]] == ["source", "source"]
    assert rows[1] | {} == {
        "id": "runc-man",
        "kind": "source",
        "question": 'runc(8) "manual", annotated',
        "answer": "",
        "choices": "",
        "tags": "",
        "source": "",
        "explanation": "The man page of runc 1.1.",
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id["namespaces"]["answer"] == "pid\nnet\nmnt"
    assert by_id["namespaces"]["choices"] == "pid\nnet\ncpu\nmnt"
    assert by_id["list-processes"]["tags"] == "processes\ncontainer runtime"
    assert by_id["vm-kernel"]["answer"] == "false"
    assert by_id["oci-lifecycle"]["question"].startswith("`create` leaves a container {{c1::")
    assert by_id["lifecycle-order"]["answer"] == "create\nstart\nkill\ndelete"


def test_a_list_item_with_a_line_break_cannot_be_exported() -> None:
    card = OrderCard(id="o", question="Q", items=("one", "two\nlines"))
    with pytest.raises(
        CsvExportError, match="deck 'd', card 'o': the item 'two\\\\nlines' has a line break"
    ):
        deck_to_csv(Deck(id="d", title="D", cards=(card,)))


def test_blank_lines_in_a_list_cell_are_ignored() -> None:
    assert split_list("a\r\n\r\n  \nb c\rd\n") == ("a", "b c", "d")


def test_a_spreadsheet_export_is_read_as_meant() -> None:
    path = CSV_FIXTURES / "good" / "spreadsheet-export.csv"
    deck = read_csv_deck(path.read_bytes(), path.name, "sheet", "Sheet")
    assert deck == Deck(
        id="sheet",
        title="Sheet",
        sources=(Source(id="docs", title="Docker docs", url="https://docs.docker.com/"),),
        cards=(
            BasicCard(
                id="first",
                front="Front with a pipe: `ps | grep`",
                back="Back, with a comma",
                tags=("one tag", "second"),
                source="docs",
            ),
            TrueFalseCard(
                id="tf",
                statement="Containers share the kernel.",
                answer=True,
                explanation="Line one\nline two",
            ),
            ChoiceCard(id="pick", question="Pick two", choices=("a", "b", "c"), answers=("b", "c")),
        ),
    )


def test_text_keeps_its_spaces_and_markdown() -> None:
    card = TypedCard(id="t", question="  `a | b`  ", answers=(" x ", "y, z"), explanation="*e*\n")
    deck = Deck(id="d", title="D", cards=(card,))
    assert _round_trip(deck) == deck


def test_deck_fields_outside_the_csv_are_not_carried() -> None:
    deck = dataclasses.replace(_every_kind(), description="About.", tags=("t",))
    assert _round_trip(deck) == dataclasses.replace(deck, description="", tags=())


def test_text_with_a_nul_cannot_be_exported() -> None:
    deck = Deck(id="d", title="D", cards=(BasicCard(id="b", front="a\0b", back="B"),))
    with pytest.raises(CsvExportError, match="deck 'd', basic 'b': text holds a NUL"):
        deck_to_csv(deck)


def test_the_shipped_decks_round_trip() -> None:
    shipped = load_decks([SHIPPED]).decks
    assert shipped
    for deck in shipped:
        back = _round_trip(deck)
        assert (back.sources, back.cards) == (deck.sources, deck.cards), deck.id
