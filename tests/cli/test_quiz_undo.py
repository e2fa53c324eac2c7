"""Undo in the quiz front-ends: the same card, number and header come back; no new slot is freed."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from tests.cli.quiz_support import START, Terminal, reviews, spawn_quiz

SEVEN = Path(__file__).parent / "undo_decks"
"""One deck of seven basic cards: more new cards than `--new 3` lets through."""
CARD = re.compile(r"^## (\d+) (\S+) basic$", re.MULTILINE)
LONG_SESSION = list("33u31uu313u23uu343u3133")
"""Ratings and undos of a long session (undo twice in a row, after Again, of a re-shown card),
ending when the three new cards of the day are learned."""


def _lines(runner: CliRunner, db: Path, replies: list[str]) -> list[tuple[int, str]]:
    text = "".join(f"{':u' if r == 'u' else r}\n" for r in replies)
    result = runner.invoke(
        app,
        ["quiz", "--decks", str(SEVEN), "--db", str(db), "--new", "3", "--seed", "3"],
        input=text, env={"STUDYKIT_NOW": START},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return [(int(n), key) for n, key in CARD.findall(result.output)]


def test_undo_at_the_third_new_card_keeps_the_limit(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    shown = _lines(runner, db, ["3", "3", "u", "3", "3", "3", "3", "3", "3"])
    assert shown[:5] == [
        (1, "seven/c1"),
        (2, "seven/c2"),
        (3, "seven/c3"),
        (2, "seven/c2"),
        (3, "seven/c3"),
    ]
    assert {key for _, key in shown} == {"seven/c1", "seven/c2", "seven/c3"}
    assert len({key for key, _ in reviews(db)}) == 3


def test_a_long_line_session_with_undos_matches_one_without(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Each undo re-shows the undone card with its number; then the session goes on as if unbroken."""
    shown = _lines(runner, tmp_path / "undo.sqlite3", LONG_SESSION)
    kept = _without_undos(shown, LONG_SESSION)
    plain = _lines(runner, tmp_path / "plain.sqlite3", _ratings_kept(LONG_SESSION))
    assert kept == plain
    assert [n for n, _ in kept] == list(range(1, len(kept) + 1))
    assert len({key for key, _ in reviews(tmp_path / "undo.sqlite3")}) == 3


def _ratings_kept(replies: list[str]) -> list[str]:
    """Return the ratings that stand once every undo has taken back the rating before it."""
    kept: list[str] = []
    for reply in replies:
        if reply == "u":
            kept.pop()
        else:
            kept.append(reply)
    return kept


def _without_undos(shown: list[tuple[int, str]], replies: list[str]) -> list[tuple[int, str]]:
    """Replay the replies over the cards shown: an undo drops the current and the undone show."""
    kept: list[tuple[int, str]] = []
    cards = iter(shown)
    current = next(cards)
    for reply in replies:
        if reply == "u":
            undone = kept.pop()
            current = next(cards)
            assert current == undone  # the undone card comes back with its number
            continue
        kept.append(current)
        current = next(cards, None)  # type: ignore[arg-type]
        if current is None:
            break
    return kept


HEADER = re.compile(r"(\d+)  (seven/c\d)(?s:.*?)(\d+) learn  (\d+) review  (\d+) new")


def test_a_long_terminal_session_shows_the_same_header_after_each_undo(tmp_path: Path) -> None:
    """In a real terminal each undo brings back the card with the number and counts it had."""
    db = tmp_path / "p.sqlite3"
    term = Terminal(spawn_quiz(db, "--new", "3", decks=SEVEN))
    seen: list[tuple[str, ...]] = []
    screen = _card(term)
    first_header = screen
    for step, reply in enumerate(LONG_SESSION, 1):
        if reply == "u":
            term.send("u")
            term.wait("undone seven/c")
            screen = _card(term)
            assert screen == seen.pop()
            continue
        seen.append(screen)
        term.send(" ")
        term.wait(r"1 Again \S+  2 Hard \S+  3 Good \S+  4 Easy \S+")
        term.send(reply)
        if step < len(LONG_SESSION):
            screen = _card(term)
    term.wait("review session")  # done: no fourth new card
    assert term.finish() == 0
    assert first_header == ("1", "seven/c1", "0", "0", "2")
    assert len({key for key, _ in reviews(db)}) == 3


def _card(term: Terminal) -> tuple[str, ...]:
    """Wait for the next card; return its number, key and learn / review / new counts."""
    match = HEADER.search(term.wait(HEADER.pattern))
    assert match is not None
    term.wait("space reveals")
    return match.groups()
