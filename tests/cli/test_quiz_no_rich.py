"""The interactive quiz renders without rich: importing it cost 18-20 ms before the first card."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pexpect

from tests.cli.quiz_support import QUIZ_DECKS, STUDYKIT, Terminal, quiz_env

# Everything the terminal path imports, `_drive` and `_print_summary` included.
QUIZ_MODULES = [
    "studykit.cli.quiz",
    "studykit.cli.support.quiz_terminal",
    "studykit.cli.support.quiz_piped",
    "studykit.cli.support.keys",
    "studykit.cli.support.study_setup",
    "studykit.study.quiz_protocol",
    "studykit.tui.ansi",
    "studykit.tui.quiz_view",
    "studykit.tui.quiz_lines",
    "studykit.tui.card_spans",
    "studykit.decks.folder",
    "studykit.decks.index",
]


def test_the_quiz_modules_do_not_import_rich() -> None:
    script = (
        "import importlib, json, sys\n"
        f"for name in {QUIZ_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout) == []


def test_a_whole_terminal_session_never_imports_rich(tmp_path: Path) -> None:
    """Show a card, reveal and rate it, quit at a typed one: -X importtime lists every module imported."""
    command = [sys.executable, "-X", "importtime", *STUDYKIT[1:], "quiz"]
    child = pexpect.spawn(
        command[0], [*command[1:], "--decks", str(QUIZ_DECKS), "--seed", "3"],
        env=quiz_env(tmp_path / "progress.sqlite3"), encoding="utf-8",
        dimensions=(50, 80), timeout=20,
    )  # fmt: skip
    term = Terminal(child)
    term.wait("space reveals")
    term.send(" ")
    term.wait("1 Again")
    term.send("3")
    term.wait("Good  next in")
    term.wait("Which OCI runtime(?s:.*)> ")  # a typed card: quit with :q
    term.send(":q\r")
    term.wait("review session")
    assert term.finish() == 0
    imported = [line.split("|")[-1].strip() for line in term.text.splitlines() if "|" in line]
    assert "studykit.tui.quiz_view" in imported  # the importtime lines were captured
    assert [name for name in imported if name.split(".")[0] == "rich"] == []
