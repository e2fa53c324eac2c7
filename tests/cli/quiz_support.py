"""Helpers for quiz tests: the test deck folder, a pseudo-terminal session, the database."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

import pexpect

QUIZ_DECKS = Path(__file__).parent / "quiz_decks"
STUDYKIT = [sys.executable, "-m", "studykit"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
START = "2026-03-02T12:00:00+00:00"


def quiz_env(db: Path, now: str = START, **extra: str) -> dict[str, str]:
    """Return the environment of a quiz run with a fixed clock and its own database."""
    env = dict(os.environ, STUDYKIT_DB=str(db), STUDYKIT_NOW=now, TERM="xterm", COLUMNS="80")
    env["XDG_CACHE_HOME"] = str(db.parent / "cache")
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def spawn_quiz(db: Path, *args: str, now: str = START, decks: Path = QUIZ_DECKS) -> pexpect.spawn:
    """Start `studykit quiz` on the test decks in a real pseudo-terminal."""
    command = [*STUDYKIT, "quiz", "--decks", str(decks), "--seed", "3", *args]
    return pexpect.spawn(
        command[0], command[1:], env=quiz_env(db, now), encoding="utf-8",
        dimensions=(50, 80), timeout=20,
        logfile=None,
    )  # fmt: skip


def screen(child: pexpect.spawn) -> str:
    """Return what the child printed before the last match, without colour codes."""
    return ANSI.sub("", str(child.before))


def letter_of(text: str, choice: str) -> str:
    """Return the letter shown before a choice (`c) created` gives `c`)."""
    match = re.search(rf"([a-z])\) {re.escape(choice)}\b", text)
    assert match, f"choice {choice!r} not on screen:\n{text}"
    return match.group(1)


def order_digits(text: str, items: list[str]) -> str:
    """Return the digits that put the shown numbered items in the given order."""
    shown = {m.group(2).strip(): m.group(1) for m in re.finditer(r"(\d)\. (\w+)", text)}
    return "".join(shown[item] for item in items)


def reviews(db: Path) -> list[tuple[str, int]]:
    """Return (key, rating) of every logged answer, in order."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT key, rating FROM reviews ORDER BY id").fetchall()
    connection.close()
    return [(str(k), int(r)) for k, r in rows]


class Terminal:
    """A pseudo-terminal session read as plain text: colour codes never split a match."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.raw = ""
        self.cursor = 0

    @property
    def text(self) -> str:
        """Return everything printed so far, without colour codes."""
        return ANSI.sub("", self.raw)

    def wait(self, pattern: str, timeout: float = 20) -> str:
        """Wait for a regex after the previous match; return the text up to its end."""
        regex = re.compile(pattern)
        while True:
            match = regex.search(self.text, self.cursor)
            if match:
                seen = self.text[self.cursor : match.end()]
                self.cursor = match.end()
                return seen
            try:
                self.raw += self.child.read_nonblocking(4096, timeout=timeout)
            except pexpect.TIMEOUT:
                raise AssertionError(
                    f"{pattern!r} never appeared; screen:\n{self.text[-1500:]}"
                ) from None

    def send(self, keys: str) -> None:
        """Type keys."""
        self.child.send(keys)

    def finish(self) -> int:
        """Wait for the program to end; return its exit status."""
        try:
            while True:
                self.raw += self.child.read_nonblocking(4096, timeout=20)
        except pexpect.EOF:
            pass
        self.child.close()
        return int(self.child.exitstatus or 0)
