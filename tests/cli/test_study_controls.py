"""Study controls users expect from Anki, through the CLI: burying, review ahead, card memory."""

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


def shown(output: str) -> list[str]:
    """Return the keys of the cards a line-protocol session showed, in order."""
    return [line.split()[2] for line in output.splitlines() if line.startswith("## ") and
            line.split()[1].isdigit()]  # fmt: skip


def test_the_bury_command_keeps_a_card_and_its_siblings_out_until_tomorrow(
    tmp_path: Path,
) -> None:
    db = tmp_path / "p.sqlite3"
    first = quiz(db, DAY1, stdin=":b\n" * 20)
    buried = shown(first)
    assert [f"buried: {key}" for key in buried] == [
        line for line in first.splitlines() if line.startswith("buried: ")
    ]
    # The cloze's first gap was buried, so its second never came (siblings wait too).
    assert "oci/lifecycle#c1" in buried and "oci/lifecycle#c2" not in buried
    assert shown(quiz(db, "2026-03-02T20:00:00+00:00", stdin=":q\n")) == []  # same study day
    assert shown(quiz(db, DAY2, stdin=":q\n"))[:1] == buried[:1]


def test_undoing_a_bury_shows_the_card_again(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    out = quiz(db, DAY1, stdin=":b\n:u\n:q\n")
    first = shown(out)[0]
    assert f"buried: {first}" in out and f"undone: {first}" in out
    assert shown(out)[2] == first  # the next card came, then the undo brought this one back
    assert shown(quiz(db, DAY1, stdin=":q\n")) == [first]


def test_quiz_ahead_shows_reviews_due_in_the_next_days(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    first = quiz(db, DAY1, stdin="4\n")  # Easy: the first card goes to review for days
    assert "result: rated, Easy, next in" in first
    key = first.split("## 1 ")[1].split()[0]
    assert f"## 1 {key} " not in quiz(db, DAY2, stdin=":q\n")
    assert f"## 1 {key} " in quiz(db, DAY2, "--ahead", "30", stdin=":q\n")


def test_stats_json_shows_each_cards_difficulty_stability_and_retrievability(
    tmp_path: Path,
) -> None:
    import json

    db = tmp_path / "p.sqlite3"
    quiz(db, DAY1, stdin="4\n")
    later = "2026-03-09T12:00:00+00:00"

    def cards(now: str) -> list[dict[str, object]]:
        done = subprocess.run(
            [*STUDYKIT, "stats", "--json", "--decks", str(QUIZ_DECKS)], env=quiz_env(db, now),
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        found: list[dict[str, object]] = json.loads(done.stdout)["cards"]
        return found

    (card,) = cards(DAY1)
    assert card["key"] == "oci/shares-kernel" and card["state"] == "review"
    assert 1 <= float(card["difficulty"]) <= 10 and float(card["stability_days"]) > 1  # type: ignore[arg-type]
    assert card["retrievability"] == 1.0  # reviewed today
    (week,) = cards(later)
    assert 0 < float(week["retrievability"]) < 1  # type: ignore[arg-type]
    assert {k: v for k, v in week.items() if k != "retrievability"} == {
        k: v for k, v in card.items() if k != "retrievability"
    }


def test_show_prints_each_studied_cards_memory(tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    done = subprocess.run(
        [*STUDYKIT, "show", "oci", "--decks", str(QUIZ_DECKS)], env=quiz_env(db, DAY1),
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert "retrievability" not in done.stdout and not db.exists()  # nothing studied, nothing made
    quiz(db, DAY1, stdin="4\n")
    shown = subprocess.run(
        [*STUDYKIT, "show", "oci", "--decks", str(QUIZ_DECKS)], env=quiz_env(db, DAY2),
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout  # fmt: skip
    lines = [line for line in shown.splitlines() if "difficulty" in line]
    assert len(lines) == 1 and "review · due 2026-03-" in lines[0]
    assert "stability" in shown and "retrievability" in shown
