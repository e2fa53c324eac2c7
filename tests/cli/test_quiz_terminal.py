"""The quiz in a real pseudo-terminal: every card kind, undo, suspend, quit, then resume."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.quiz_support import Terminal, letter_of, order_digits, reviews, spawn_quiz

NEXT_DAY = "2026-03-03T12:00:00+00:00"
ANY_QUESTION = r"space reveals|> $|press the letter|t true"


def _self_graded(term: Terminal, question: str, answer: str, key: str) -> None:
    term.wait(question)
    term.wait("space reveals")
    term.send(" ")
    term.wait(answer)
    term.wait(r"1 Again \S+  2 Hard \S+  3 Good \S+  4 Easy \S+")
    term.send(key)


def _first_session(db: Path) -> None:
    term = Terminal(spawn_quiz(db))
    _self_graded(term, "What does a container share", "The host's kernel", "3")
    term.wait("Good  next in 10m")

    term.wait("Which OCI runtime does Docker use")
    term.wait("> ")
    term.send("rnuc\r")
    term.wait(r"correct \(accepted with a typo\)")
    term.wait("you typed  rnuc")
    term.wait("enter: keep this rating")
    term.send("\r")

    shown = term.wait("Which of these are OCI runtimes(?s:.*)> ")
    term.send(letter_of(shown, "runc") + letter_of(shown, "crun") + "\r")
    term.wait("correct")
    term.wait("enter: keep")
    term.send("\r")

    shown = term.wait("Which of these is a state(?s:.*)press the letter")
    term.send("a" if letter_of(shown, "created") != "a" else "b")
    term.wait("wrong")
    term.wait("enter: keep")
    term.send("3")  # override: the learner judges the answer right after all
    term.wait("Good  next in")

    term.wait("The OCI spec allows deleting a running container")
    term.wait("t true")
    term.send("f")
    term.wait("correct")
    term.wait("enter: keep")
    term.send("\r")

    _self_graded(term, r"leaves a container \[\.\.\.\]", "leaves a container created; start", "4")

    shown = term.wait("Put the OCI lifecycle operations in order(?s:.*)> ")
    term.send(order_digits(shown, ["create", "start", "kill", "delete"]) + "\r")
    term.wait("correct")
    term.wait("enter: keep")
    term.send("\r")

    term.wait("created of Meaning")
    term.wait("space reveals")
    term.send("s")
    term.wait("suspended oci/states.created.meaning")
    term.wait("running of Meaning")
    term.wait("space reveals")
    term.send("u")  # undo the suspension: that card comes back first
    term.wait("undone oci/states.created.meaning")
    _self_graded(term, "created of Meaning", "The runtime finished create", "1")
    term.wait("Again  next in 1m")
    _self_graded(term, "running of Meaning", "The program is running", "3")
    term.wait(r"\d+  oci/")  # a learning card comes back in the same session
    term.wait(ANY_QUESTION)
    term.send("q")
    term.wait("review session")
    term.wait(r"cards  9    correct  89%")
    assert term.finish() == 0


def test_every_kind_undo_suspend_quit_and_resume(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    _first_session(db)
    logged = reviews(db)
    assert [k for k, _ in logged] == [
        "oci/shares-kernel", "oci/runtime-name", "oci/runtimes", "oci/created-state",
        "oci/delete-running", "oci/lifecycle#c1", "oci/lifecycle-order",
        "oci/states.created.meaning", "oci/states.running.meaning",
    ]  # fmt: skip
    assert dict(logged)["oci/created-state"] == 3  # the override replaced Again
    with sqlite3.connect(db) as connection:
        suspended = connection.execute("SELECT count(*) FROM items WHERE suspended = 1").fetchone()
    connection.close()
    assert suspended == (0,)

    # The next day: yesterday's learning cards are due, then the buried cloze sibling.
    term = Terminal(spawn_quiz(db, now=NEXT_DAY))
    header = term.wait(r"(\d+) learn  (\d+) review  (\d+) new")
    assert "1 new" in header
    term.wait(ANY_QUESTION)
    term.send("u")
    term.wait("there is nothing to undo")
    term.wait(ANY_QUESTION)
    term.send("q")
    term.wait("review session")
    term.wait("cards  0")
    assert term.finish() == 0
    assert len(reviews(db)) == 9  # quitting at a question records nothing


def test_arrow_keys_are_ignored(tmp_path: Path) -> None:
    """An arrow key (an escape sequence) neither reveals nor rates: it used to do both."""
    db = tmp_path / "progress.sqlite3"
    term = Terminal(spawn_quiz(db))
    term.wait("space reveals")
    term.send("\x1b[A")  # up: ignored at the question
    term.send(" ")
    term.wait(r"1 Again \S+  2 Hard")
    term.send("\x1b[B")  # down: ignored, not rated Good
    term.send("2")
    term.wait("Hard  next in")
    term.wait("Which OCI runtime(?s:.*)> ")  # a typed card: quit with :q
    term.send(":q\r")
    term.wait("review session")
    assert term.finish() == 0
    assert term.text.count("The host's kernel") == 1  # revealed once, by the space
    assert reviews(db) == [("oci/shares-kernel", 2)]


def test_b_and_minus_bury_cards_in_a_terminal(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    term = Terminal(spawn_quiz(db))
    term.wait("What does a container share")
    term.wait("space reveals")
    term.send("b")
    term.wait("buried oci/shares-kernel until tomorrow")
    term.wait(r"Which OCI runtime does Docker use(?s:.*):s suspend\s+:b bury")
    term.send(":b\r")
    term.wait("buried oci/runtime-name")
    term.wait("Which of these are OCI runtimes(?s:.*)> ")
    term.send(":b\r")
    shown = term.wait("Which of these is a state(?s:.*)press the letter")
    assert letter_of(shown, "created") in "abcd"  # b picks a choice here: - buries
    term.send("-")
    term.wait("buried oci/created-state")
    term.wait("The OCI spec allows deleting a running container")
    term.send("q")
    term.wait("review session")
    assert term.finish() == 0
    assert reviews(db) == []
    with sqlite3.connect(db) as connection:
        buried = connection.execute("SELECT key FROM buried ORDER BY key").fetchall()
    connection.close()
    assert [k for (k,) in buried] == [
        "oci/created-state", "oci/runtime-name", "oci/runtimes", "oci/shares-kernel"
    ]  # fmt: skip
