"""The quiz commands through Typer: the line protocol, stats, due, orphans, unsuspend, errors."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from tests.cli.quiz_support import QUIZ_DECKS, START

RUN = ["--decks", str(QUIZ_DECKS), "--seed", "3"]


def _quiz(runner: CliRunner, db: Path, lines: str, *args: str, now: str = START):  # type: ignore[no-untyped-def]
    return runner.invoke(
        app, ["quiz", *RUN, "--db", str(db), *args], input=lines, env={"STUDYKIT_NOW": now}
    )


def test_line_protocol_session(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    result = _quiz(runner, db, "3\nrunc\nzz\n:u\n3\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "## 1 oci/shares-kernel basic\n" in out
    assert "rate 1-4> \nanswer: The host's kernel.\nresult: rated, Good, next in 10m\n" in out
    assert "answer> \nanswer: runc\nresult: correct, Good, next in 10m\n" in out
    assert "error: answer with letters from a to d" in out
    assert "undone: oci/runtime-name" in out
    assert out.count("## 2 oci/runtime-name typed") == 2
    assert "## summary\nmode: review\ncards: 2\n" in out


def test_end_of_input_saves_and_exits_zero(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    result = _quiz(runner, db, "1\n")
    assert result.exit_code == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT key, rating FROM reviews").fetchall() == [
            ("oci/shares-kernel", 1)
        ]
    connection.close()


def test_exam_scores_without_changing_schedules(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    result = _quiz(runner, db, "runc\n" * 3, "--mode", "exam", "--count", "3")
    assert result.exit_code == 0, result.output
    assert "score: " in result.output and "rate 1-4>" not in result.output
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM reviews").fetchone() == (0,)
    connection.close()


def test_stats_due_and_json(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    _quiz(runner, db, "3\nrunc\n")
    env = {"STUDYKIT_NOW": START}
    due = runner.invoke(app, ["due", "--decks", str(QUIZ_DECKS), "--db", str(db)], env=env)
    assert due.output == "2\n"
    stats = runner.invoke(
        app, ["stats", "--json", "--decks", str(QUIZ_DECKS), "--db", str(db)], env=env
    )
    data = json.loads(stats.output)
    assert data["decks"][0] | {"deck_id": "oci"} == {
        "deck_id": "oci", "new": 8, "learning": 2, "review": 0, "suspended": 0, "leech": 0, "due": 2,
    }  # fmt: skip
    assert data["due"] == {"today": 2, "7_days": 2, "30_days": 2}
    assert len(data["forecast"]) == 30 and data["streak_days"] == 1
    assert data["heatmap"] == {"2026-03-02": 2}
    text = runner.invoke(app, ["stats", "--decks", str(QUIZ_DECKS), "--db", str(db)], env=env)
    assert "true retention" in text.output and "reviews, last 16 weeks" in text.output


def test_orphans_are_listed_and_deleted_only_on_request(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    _quiz(runner, db, "3\n")
    decks = tmp_path / "decks"
    shutil.copytree(QUIZ_DECKS, decks)
    deck = decks / "oci.yaml"
    text = deck.read_text()
    start = text.index("  - id: shares-kernel")
    deck.write_text(text[:start] + text[text.index("  - id: runtime-name") :])
    listed = runner.invoke(app, ["orphans", "--decks", str(decks), "--db", str(db)])
    assert listed.output.splitlines()[0] == "oci/shares-kernel"
    assert _count(db) == 1
    runner.invoke(app, ["orphans", "--delete", "--decks", str(decks), "--db", str(db)])
    assert _count(db) == 0


def _count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        count = int(connection.execute("SELECT count(*) FROM items").fetchone()[0])
    connection.close()
    return count


def test_suspend_then_unsuspend(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    result = _quiz(runner, db, ":s\n")
    assert "suspended: oci/shares-kernel" in result.output
    again = runner.invoke(app, ["unsuspend", "oci/shares-kernel", "--db", str(db)])
    assert again.exit_code == 0 and "unsuspended oci/shares-kernel" in again.output
    twice = runner.invoke(app, ["unsuspend", "oci/shares-kernel", "--db", str(db)])
    assert twice.exit_code == 1 and "is not suspended" in twice.output


def test_newer_database_exits_3_and_is_untouched(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite3"
    _quiz(runner, db, "3\n")
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = db.read_bytes()
    result = _quiz(runner, db, "3\n")
    assert result.exit_code == 3
    assert "newer than this studykit understands" in result.output
    assert db.read_bytes() == before


def test_unknown_deck_is_a_user_error(runner: CliRunner, tmp_path: Path) -> None:
    result = _quiz(runner, tmp_path / "p.sqlite3", "", "nope")
    assert result.exit_code == 1
    assert "no deck with id 'nope' (known: oci)" in result.output
