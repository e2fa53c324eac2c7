"""Answers survive a killed process, and two sessions on one database lose and duplicate nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.cli.quiz_support import QUIZ_DECKS, STUDYKIT, quiz_env, reviews

PROMPT_END = b"> "


def _start(db: Path, seed: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*STUDYKIT, "quiz", "--decks", str(QUIZ_DECKS), "--seed", seed],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=quiz_env(db, TERM="dumb"),
    )  # fmt: skip


def _read_prompt(process: subprocess.Popen[bytes]) -> bytes:
    """Read the card and its prompt (the line protocol ends each prompt with '> ')."""
    assert process.stdout is not None
    seen = b""
    while not seen.endswith(PROMPT_END):
        chunk = os.read(process.stdout.fileno(), 1)
        assert chunk, f"quiz ended early: {seen.decode()}"
        seen += chunk
    return seen


def _reply(process: subprocess.Popen[bytes], prompt: bytes) -> None:
    """Answer any prompt: rate Good, or give a (possibly wrong) answer of the right form."""
    assert process.stdin is not None
    text = {b"rate 1-4> ": b"3", b"answer> ": b"runc", b"letters> ": b"a", b"t/f> ": b"f"}
    line = next((v for k, v in text.items() if prompt.endswith(k)), b"1234")
    process.stdin.write(line + b"\n")
    process.stdin.flush()


def _both(first: subprocess.Popen[bytes], second: subprocess.Popen[bytes]) -> dict[int, int]:
    """Answer six cards in each session in turns, then end both; return the answers per process."""
    answered = {id(first): 0, id(second): 0}
    for _ in range(6):
        for process in (first, second):
            prompt = _read_prompt(process)
            _reply(process, prompt)
            answered[id(process)] += 1
            time.sleep(0.01)
    for process in (first, second):
        _read_prompt(process)
        assert process.stdin is not None
        process.stdin.close()  # end of input: save and quit
        assert process.stdout is not None and process.stderr is not None
        out, err = process.stdout.read(), process.stderr.read()
        process.wait(timeout=20)
        assert process.returncode == 0, err.decode()
        assert b"## summary" in out
    return answered


def test_sigkill_mid_session_keeps_every_earlier_answer(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    with _start(db, "5") as process:  # closes the pipes on the way out
        for _ in range(5):
            _reply(process, _read_prompt(process))
        _read_prompt(process)  # the sixth card is on screen: the fifth answer was recorded
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    logged = reviews(db)
    assert len(logged) == 5
    assert len({k for k, _ in logged}) == 5


def test_two_concurrent_sessions_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    with _start(db, "1") as first, _start(db, "2") as second:
        answered = _both(first, second)
    logged = reviews(db)
    assert len(logged) == sum(answered.values()) == 12
    # No item was given as new to both sessions: each first answer happens once.
    firsts: dict[str, int] = {}
    for key, _ in logged:
        firsts[key] = firsts.get(key, 0) + 1
    with sqlite3.connect(db) as connection:
        news = connection.execute(
            "SELECT key, count(*) FROM reviews WHERE state_before = 0 GROUP BY key"
        ).fetchall()
        reps = dict(connection.execute("SELECT key, reps FROM items").fetchall())
    connection.close()
    assert all(count == 1 for _, count in news)
    assert reps == firsts  # every answer moved its item exactly once
