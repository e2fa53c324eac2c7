"""What a new user stumbled on in the terminal quiz (issue 16): answer detail, exam wording."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect

from tests.cli.quiz_support import (
    STUDYKIT,
    Terminal,
    letter_of,
    order_digits,
    quiz_env,
    spawn_quiz,
)


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


def _bundled_quiz(tmp_path: Path, editor_log: Path) -> Terminal:
    """Start a quiz on the bundled decks (no deck folder named), in an empty folder."""
    editor = f"{sys.executable} -c \"import sys; open('{editor_log}', 'w').write(' '.join(sys.argv[1:]))\""
    env = quiz_env(tmp_path / "progress.sqlite3", EDITOR=editor)
    env.pop("STUDYKIT_DECKS", None)
    env.pop("VISUAL", None)
    child = pexpect.spawn(
        STUDYKIT[0], [*STUDYKIT[1:], "quiz", "--seed", "3"], env=env, cwd=str(tmp_path),
        encoding="utf-8", dimensions=(50, 100), timeout=30,
    )  # fmt: skip
    return Terminal(child)


def _press_e(term: Terminal) -> None:
    """Ask to edit the card on screen, as a key or as a typed command."""
    shown = term.wait(r"> $|space reveals|press the letter|t true")
    term.send(":e\r" if shown.rstrip().endswith(">") else "e")


def test_e_on_a_bundled_deck_offers_a_working_copy_and_edits_it(tmp_path: Path) -> None:
    log = tmp_path / "editor.log"
    term = _bundled_quiz(tmp_path, log)
    _press_e(term)
    term.wait(r"installed with studykit(?s:.*)\(y/n\)")
    term.send("y")
    term.wait("saved edits apply from the next session")
    line, path = log.read_text().split(" ", 1)
    assert line.startswith("+") and Path(path).parent == tmp_path / "decks"
    assert Path(path).is_file() and (tmp_path / "decks" / "deck.schema.json").is_file()
    term.send("q" if not term.text.rstrip().endswith(">") else ":q\r")
    assert term.finish() == 0


def test_declining_the_copy_edits_nothing(tmp_path: Path) -> None:
    log = tmp_path / "editor.log"
    term = _bundled_quiz(tmp_path, log)
    _press_e(term)
    term.wait(r"\(y/n\)")
    term.send("n")
    term.wait("nothing edited")
    assert not log.exists() and not (tmp_path / "decks").exists()
    term.send("q" if not term.text.rstrip().endswith(">") else ":q\r")
    assert term.finish() == 0


def test_quitting_at_the_rating_step_prints_the_rating_keys_once(tmp_path: Path) -> None:
    term = Terminal(spawn_quiz(tmp_path / "progress.sqlite3"))
    term.wait("What does a container share(?s:.*)space reveals")
    term.send(" ")
    term.wait("1-4 rate")
    term.send("q")
    term.wait("review session")
    assert term.finish() == 0
    after_reveal = term.text[term.text.index("The host's kernel") :]
    assert after_reveal.count("1 Again") == 1 and after_reveal.count("review session") == 1
