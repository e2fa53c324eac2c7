"""Study controls users expect from Anki, through the CLI: review ahead (and burying)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.cli.quiz_support import QUIZ_DECKS, quiz_env

STUDYKIT = [sys.executable, "-m", "studykit"]
DAY1, DAY2 = "2026-03-02T12:00:00+00:00", "2026-03-03T12:00:00+00:00"


def quiz(db: Path, now: str, *args: str, stdin: str) -> str:
    done = subprocess.run(
        [*STUDYKIT, "quiz", "--decks", str(QUIZ_DECKS), "--seed", "3", "oci", *args],
        input=stdin, env=quiz_env(db, now), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quiz_ahead_shows_reviews_due_in_the_next_days(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    first = quiz(db, DAY1, stdin="4\n")  # Easy: the first card goes to review for days
    assert "result: rated, Easy, next in" in first
    key = first.split("## 1 ")[1].split()[0]
    assert f"## 1 {key} " not in quiz(db, DAY2, stdin=":q\n")
    assert f"## 1 {key} " in quiz(db, DAY2, "--ahead", "30", stdin=":q\n")
