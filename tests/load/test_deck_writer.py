"""The deck writer: what it writes loads back into an equal, valid deck."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.load import load_deck_file
from studykit.load.deck_template import starter_deck
from studykit.load.deck_writer import DEFAULT_SCHEMA, deck_to_yaml
from studykit.model import Deck
from tests.conftest import FIXTURES
from tests.export.deck_strategies import decks, lines

EVERY_KIND = FIXTURES / "csv" / "decks" / "every-kind.yaml"


def _reload(deck: Deck, folder: Path) -> Deck:
    """Write the deck, load it with the loader, and insist on no problems."""
    path = folder / "written.yaml"
    path.write_text(deck_to_yaml(deck), encoding="utf-8")
    loaded, issues = load_deck_file(path)
    assert not issues, "\n".join(map(str, issues)) + "\n" + path.read_text(encoding="utf-8")
    assert loaded is not None
    return loaded


def test_every_kind_round_trips(tmp_path: Path) -> None:
    deck, issues = load_deck_file(EVERY_KIND)
    assert deck is not None and not issues
    assert _reload(deck, tmp_path) == deck


def test_tables_diagrams_and_deck_fields_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "starter.yaml"
    source.write_text(
        starter_deck("starter", "Starter", "x.json", "starter.yaml", "preview"), encoding="utf-8"
    )
    deck, issues = load_deck_file(source)
    assert deck is not None and not issues and deck.tables and deck.diagrams and deck.tags
    assert _reload(deck, tmp_path) == deck


def test_first_line_is_the_schema_modeline() -> None:
    deck = Deck(id="d", title="D")
    assert deck_to_yaml(deck).splitlines()[0] == f"# yaml-language-server: $schema={DEFAULT_SCHEMA}"
    assert deck_to_yaml(deck, schema="s.json").startswith(
        "# yaml-language-server: $schema=s.json\n"
    )


def test_layout_is_the_hand_written_one() -> None:
    deck, _ = load_deck_file(EVERY_KIND)
    assert deck is not None
    text = deck_to_yaml(deck)
    assert "\n  - id: list-processes\n    kind: basic\n" in text  # list items indented under key
    assert "    choices: [pid, net, cpu, mnt]\n" in text  # short lists inline
    assert "    answer: tini\n" in text  # one correct choice is a plain value
    assert "    back: |\n      Run it on the **host**:\n" in text  # multi-line text as a block
    assert "explanation:" not in text.split("id: escaped-html")[1].split("- id:")[0]


@pytest.mark.slow
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(deck=decks(), description=st.just("") | lines, tags=st.lists(lines, max_size=3))
def test_any_valid_deck_round_trips(
    tmp_path: Path, deck: Deck, description: str, tags: list[str]
) -> None:
    deck = dataclasses.replace(deck, description=description, tags=tuple(tags))
    assert _reload(deck, tmp_path) == deck
