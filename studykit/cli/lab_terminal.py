"""The interactive lab: a `lab$ ` prompt with readline history and tab completion."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from studykit.cli.lab_shell import LabShell
    from studykit.model.runtime import Engine

PROMPT = "lab$ "
LAB_WORDS = ("help", "explain", "diagram", "reset", "sleep", "event", "quit", "exit")
ENGINE_WORDS = {"docker": (), "runc": ("bundle",)}
EVENT_WORDS = {"docker": ("exit", "oom", "fork", "daemon-restart"), "runc": ("exit", "oom", "fork")}
NEW_CONTAINER = ("create", "run")
"""Commands whose argument is an image or a new id, not an existing container."""
HISTORY_LINES = 1000


def history_path() -> Path:
    """Return the history file: `lab_history` in the user data folder ($STUDYKIT_LAB_HISTORY)."""
    import os

    from studykit.cli.user_dirs import user_dir

    override = os.environ.get("STUDYKIT_LAB_HISTORY")
    return Path(override) if override else user_dir("data") / "lab_history"


def completions(before: str, engine: Engine, names: list[str]) -> list[str]:
    """Return the words that can complete the last word of `before` (the line up to the cursor).

    Each ends with a space: Python's readline appends nothing to a unique match.
    """
    words = before.split()
    prefix = "" if not before or before[-1].isspace() else words.pop()
    return sorted(f"{w} " for w in _candidates(words, engine, names) if w.startswith(prefix))


def _candidates(words: list[str], engine: Engine, names: list[str]) -> list[str]:
    """Return every word that may come after `words`."""
    if not words:
        return [engine.id, *LAB_WORDS, *ENGINE_WORDS[engine.id]]
    head, rest = words[0], words[1:]
    if head == engine.id:
        if not rest:
            return [c.id for c in engine.commands]
        return [] if rest[0] in NEW_CONTAINER else names
    if head == "event":
        if not rest:
            return list(EVENT_WORDS[engine.id])
        return names if len(rest) == 1 and rest[0] != "daemon-restart" else []
    if head == "diagram":
        return ["--mermaid", *engine.state_ids()]
    return []


def run_terminal(shell: LabShell) -> None:
    """Read lines at the prompt until quit or Ctrl-D (a terminal session always ends with 0)."""
    from studykit.tui.lab_view import banner

    session = shell.session
    shell.show_status = True
    history = _start_readline(shell)
    shell.screen.show(banner(session.engine, session.dialect))
    try:
        _loop(shell)
    finally:
        _save_history(history)


def _loop(shell: LabShell) -> None:
    while True:
        try:
            line = input(PROMPT)
        except KeyboardInterrupt:
            print()  # Ctrl-C drops the line being typed, like a shell
            continue
        except EOFError:
            print()  # leave the shell prompt on a fresh line
            return
        if not shell.handle(line):
            return


def _start_readline(shell: LabShell) -> Path:
    """Load the history and bind tab to completion of commands and container names."""
    import readline

    history = history_path()
    # No history yet, or an unreadable one: start empty rather than refuse to run.
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(HISTORY_LINES)
    readline.set_completer_delims(" \t\n")  # names and events contain '-'
    readline.set_completer(_completer(shell))
    binding = "bind ^I rl_complete" if "libedit" in (readline.__doc__ or "") else "tab: complete"
    readline.parse_and_bind(binding)
    return history


def _completer(shell: LabShell) -> Callable[[str, int], str | None]:
    """Return the readline completer: candidates for the text before the cursor."""
    import readline

    engine = shell.session.model.engine(shell.session.engine)
    found: list[str] = []

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            before = readline.get_line_buffer()[: readline.get_endidx()]
            found[:] = completions(before, engine, shell.session.names())
        return found[state] if state < len(found) else None

    return complete


def _save_history(history: Path) -> None:
    import readline

    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(history)
    except OSError:
        pass  # a read-only home must not turn leaving the lab into an error
