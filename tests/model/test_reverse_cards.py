"""Basic cards with `reverse: true`: two study items, the second asking the back."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_deck_file
from studykit.load.deck_writer import deck_to_yaml
from studykit.model import BasicCard, Deck, study_items

START, NEXT_DAY = "2026-03-02T12:00:00+00:00", "2026-03-03T12:00:00+00:00"

DECK = """\
id: french
title: French
cards:
  - id: chien
    kind: basic
    front: chien
    back: dog
    reverse: true
  - id: chat
    kind: basic
    front: chat
    back: cat
"""


def test_a_reversed_card_is_two_items_with_keys_of_their_own() -> None:
    card = BasicCard(id="chien", front="chien", back="dog", reverse=True)
    items = list(study_items(Deck(id="french", title="French", cards=(card,))))
    assert [item.key for item in items] == ["french/chien", "french/chien#reverse"]
    assert [(item.prompt, item.answer_text) for item in items] == [
        ("chien", "dog"),
        ("dog", "chien"),
    ]
    assert {item.sibling for item in items} == {"french/chien"}  # buried together


def test_reverse_is_read_written_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "french.yaml"
    path.write_text(DECK, encoding="utf-8")
    deck, issues = load_deck_file(path)
    assert not issues and deck is not None
    assert [getattr(card, "reverse", None) for card in deck.cards] == [True, False]
    assert "reverse: true" in deck_to_yaml(deck) and deck_to_yaml(deck).count("reverse") == 1
    path.write_text(DECK.replace("reverse: true", "reverse: yes please"), encoding="utf-8")
    _, issues = load_deck_file(path)
    assert [str(i).split(": ", 1)[1] for i in issues] == [
        "card 'chien': 'reverse' must be true or false, not text"
    ]


def test_the_quiz_asks_both_ways_on_separate_days(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "french.yaml").write_text(DECK, encoding="utf-8")
    args = ["quiz", "--decks", str(tmp_path / "decks"), "--db", str(tmp_path / "p.sqlite3")]
    first = runner.invoke(app, args, input="4\n" * 3, env={"STUDYKIT_NOW": START})
    assert first.exit_code == 0, first.output
    assert "french/chien basic\nchien\n" in first.output
    assert "#reverse" not in first.output  # a sibling: buried for the day, as in Anki
    second = runner.invoke(app, args, input="4\n" * 3, env={"STUDYKIT_NOW": NEXT_DAY})
    assert second.exit_code == 0, second.output
    assert "french/chien#reverse basic\ndog\nrate 1-4> \nanswer: chien\n" in second.output
