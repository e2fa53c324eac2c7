"""Print what lab lines give, as the real CLI would or as `--json` records; run lab scripts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import typer

from studykit.errors import StudykitError
from studykit.runtime.lab.language import Leave
from studykit.runtime.outcome import CommandOutcome

if TYPE_CHECKING:
    from studykit.runtime.lab.language import Display
    from studykit.runtime.lab.session import LabSession
    from studykit.tui.lab_view import LabScreen


class LabPrinter:
    """Run lines in a lab session and print their replies, as text or JSON records."""

    def __init__(self, session: LabSession, screen: LabScreen, as_json: bool = False) -> None:
        self.session = session
        self.screen = screen
        self.as_json = as_json
        # A terminal session prints non-zero exit codes: the lab has no `echo $?`.
        self.show_status = False

    @property
    def status(self) -> int:
        """Return the exit code of the last simulated command (0 before any)."""
        return self.session.last.exit_code if self.session.last else 0

    def handle(self, line: str) -> bool:
        """Run one line and print its reply; return False when it leaves the lab."""
        reply = self.session.handle(line)
        if isinstance(reply, Leave):
            return False
        if isinstance(reply, CommandOutcome):
            self._print(reply)
        elif reply is not None:
            self._show(line, reply)
        return True

    def refuse(self, line: str, problem: str) -> None:
        """Print why a line cannot be run; it counts as a failed command."""
        self._print(self.session.refuse(line, problem))

    def _show(self, line: str, display: Display) -> None:
        from studykit.tui.lab_view import display_view

        shown = display_view(display)
        if self.as_json:
            self._print(CommandOutcome(line, stdout=self.screen.text(shown).splitlines()))
        else:
            self.screen.show(shown)

    def _print(self, outcome: CommandOutcome) -> None:
        """Print an outcome as the real CLI would, or as its JSON record."""
        if self.as_json:
            typer.echo(json.dumps(self.session.record(outcome)))
            return
        for text in outcome.stdout:
            typer.echo(text)
        for text in outcome.stderr:
            typer.echo(text, err=True)
        if self.show_status and outcome.exit_code:
            from studykit.tui.lab_view import exit_view

            self.screen.show(exit_view(outcome.exit_code))


def run_script(printer: LabPrinter, script: Path | None) -> int:
    """Run every line of the script (or stdin); return the last command's exit code."""
    if script is None or str(script) == "-":
        return _run_lines(printer, sys.stdin.buffer, "standard input")
    try:
        with script.open("rb") as lines:
            return _run_lines(printer, lines, str(script))
    except OSError as error:
        raise StudykitError(f"cannot read the script {script}: {error.strerror}") from None


def _run_lines(printer: LabPrinter, lines: BinaryIO, name: str) -> int:
    """Run the command lines: no blank lines, no `#` comments; refuse what cannot run."""
    from studykit.runtime.lab.script import script_lines

    for line in script_lines(lines, name):
        text = line.text.strip()
        if line.problem:
            printer.refuse(text, line.problem)
        elif text and not text.startswith("#") and not printer.handle(text):
            break
    return printer.status
