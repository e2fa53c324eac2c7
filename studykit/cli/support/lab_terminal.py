"""The interactive lab: a `lab$ ` prompt with readline history and tab completion."""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from studykit.cli.support.lab_io import LabPrinter

PROMPT = "lab$ "
HISTORY_LINES = 1000


def history_path() -> Path:
    """Return the history file: `lab_history` in the user data folder ($STUDYKIT_LAB_HISTORY)."""
    import os

    from studykit.cli.support.user_dirs import user_dir

    override = os.environ.get("STUDYKIT_LAB_HISTORY")
    return Path(override) if override else user_dir("data") / "lab_history"


def run_terminal(printer: LabPrinter) -> None:
    """Read lines at the prompt until quit or Ctrl-D (a terminal session always ends with 0)."""
    from studykit.tui.lab_view import banner

    session = printer.session
    printer.show_status = True
    history = _start_readline(printer)
    # Ctrl-C must drop the line even if SIGINT came in ignored (a shell without job
    # control starts background commands so), when Python installs no handler of its own.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    printer.screen.show(banner(session.engine, session.dialect))
    try:
        _loop(printer)
    finally:
        _save_history(history)


def _loop(printer: LabPrinter) -> None:
    while True:
        try:
            line = input(PROMPT)
        except KeyboardInterrupt:
            print()  # Ctrl-C drops the line being typed, like a shell
            continue
        except EOFError:
            print()  # leave the shell prompt on a fresh line
            return
        if not printer.handle(line):
            return


def _start_readline(printer: LabPrinter) -> Path:
    """Load the history and bind tab to completion of commands and container names."""
    import readline

    history = history_path()
    # No history yet, or an unreadable one: start empty rather than refuse to run.
    with contextlib.suppress(OSError):
        readline.read_history_file(history)
    readline.set_history_length(HISTORY_LINES)
    readline.set_completer_delims(" \t\n")  # names and events contain '-'
    readline.set_completer(_completer(printer))
    binding = "bind ^I rl_complete" if "libedit" in (readline.__doc__ or "") else "tab: complete"
    readline.parse_and_bind(binding)
    return history


def _completer(printer: LabPrinter) -> Callable[[str, int], str | None]:
    """Return the readline completer: candidates for the text before the cursor."""
    import readline

    from studykit.runtime.lab.language import completions

    found: list[str] = []

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            before = readline.get_line_buffer()[: readline.get_endidx()]
            found[:] = completions(printer.session, before)
        return found[state] if state < len(found) else None

    return complete


def _save_history(history: Path) -> None:
    import readline

    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(history)
    except OSError:
        pass  # a read-only home must not turn leaving the lab into an error
