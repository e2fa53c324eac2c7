"""What a new user stumbled on in the terminal quiz (issue 16): answer detail, exam wording."""

from __future__ import annotations

from pathlib import Path

from tests.cli.quiz_support import Terminal, letter_of, order_digits, spawn_quiz


def _reveal_and_rate(term: Terminal, question: str) -> None:
    term.wait(question)
    term.wait("space reveals")
    term.send(" ")
    term.wait("1 Again")
    term.send("3")


def test_a_wrong_choice_or_order_says_what_was_wrong(tmp_path: Path) -> None:
    term = Terminal(spawn_quiz(tmp_path / "progress.sqlite3"))
    _reveal_and_rate(term, "What does a container share")
    term.wait("Which OCI runtime does Docker use(?s:.*)> ")
    term.send("runc\r")
    term.wait("enter: keep")
    term.send("\r")

    shown = term.wait("Which of these are OCI runtimes(?s:.*)> ")
    runc, crun, ext4 = (letter_of(shown, name) for name in ("runc", "crun", "ext4"))
    term.send(runc + ext4 + "\r")
    detail = term.wait("enter: keep")
    assert "wrong" in detail
    assert f" you missed  {crun}) crun\r\n picked wrongly  {ext4}) ext4\r\n" in detail
    term.send("\r")

    term.wait("Which of these is a state(?s:.*)press the letter")
    term.send(letter_of(term.text[term.text.rfind("Which of these is a state") :], "created"))
    term.wait("enter: keep")
    term.send("\r")
    term.wait("t true")
    term.send("f")
    term.wait("enter: keep")
    term.send("\r")
    _reveal_and_rate(term, r"leaves a container \[\.\.\.\]")

    shown = term.wait("Put the OCI lifecycle operations in order(?s:.*)> ")
    term.send(order_digits(shown, ["create", "kill", "start", "delete"]) + "\r")
    detail = term.wait("enter: keep")
    assert "your order  create -> kill -> start -> delete   (wrong at 2, 3)" in detail
    term.send("q")
    assert term.finish() == 0


CLOZE_DECK = """\
id: runtime
title: Runtime
cards:
  - id: lifecycle
    kind: cloze
    text: "`create` leaves a container {{c1::created}}; `start` runs {{c2::the program}}."
"""


def test_exam_counts_questions_left_and_asks_to_type_a_cloze(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "runtime.yaml").write_text(CLOZE_DECK, encoding="utf-8")
    db = tmp_path / "progress.sqlite3"
    term = Terminal(spawn_quiz(db, "--mode", "exam", "--count", "2", decks=decks))
    first = term.wait("leaves a container(?s:.*)> $")
    assert "question 1 of 2" in first and " learn " not in first
    assert "space reveals" not in first and "type the hidden words, enter" in first
    term.send("created\r" if "[...]; `start`" not in first else "the program\r")
    term.wait("enter: next")
    term.send("\r")
    second = term.wait("leaves a container(?s:.*)> $")
    assert "question 2 of 2" in second
    term.send(":q\r")
    assert term.finish() == 0
