"""One lab line in, its output out: simulator lines and the lab's own help, explain, diagram."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from studykit.runtime.outcome import Outcome
    from studykit.runtime.session import Session
    from studykit.tui.lab_view import LabScreen, View

LAB_COMMANDS = (
    ("help", "This list."),
    ("explain", "Why the last command did what it did: each rule, its source, OCI deviations."),
    ("diagram [STATE] [--mermaid]", "The state machine: state, command -> next state or error."),
    ("reset", "Forget every container and rewind the clock."),
    ("sleep SECONDS", "Let simulated time pass (stop timeouts, restart back-off)."),
    ("event exit NAME [CODE]", "The container's process exits with CODE (default 0)."),
    ("event oom NAME", "The process allocates past its memory limit (docker -m)."),
    ("event fork NAME [N]", "The process forks N children (checked against docker --pids-limit)."),
    ("event daemon-restart", "dockerd restarts: containers stop, restart policies apply."),
    (
        "bundle COMMAND...",
        "The program the next created container runs (default sleep 1000).",
    ),
    ("quit, exit, Ctrl-D", "Leave the lab. Ctrl-C cancels the line being typed."),
)
"""Usage and description of the lab's own commands, for `help`."""
ONLY = {"event daemon-restart": "docker", "bundle COMMAND...": "runc"}
"""Lab commands that exist for one engine only."""
META = ("help", "explain", "diagram")
QUIT = ("quit", "exit")


class MetaError(Exception):
    """A help, explain or diagram line the lab cannot show (a bad argument)."""


class LabShell:
    """Run lines against a session and print what they print, as text or JSON records."""

    def __init__(self, session: Session, screen: LabScreen, as_json: bool = False) -> None:
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
        """Run one line; return False when it asks to leave the lab."""
        words = line.split()
        if not words:
            return True
        if words[0] in QUIT:
            return False
        if words[0] in META:
            try:
                self._show(line, self._meta(words[0], words[1:]))
            except MetaError as error:
                self._print(_text_outcome(line, "", f"lab: {error}"))
        else:
            self._print(self.session.step(line))
        return True

    def refuse(self, line: str, problem: str) -> None:
        """Print why a line cannot be run; it counts as a failed command."""
        self._print(self.session.refuse(line, problem))

    def _meta(self, word: str, args: list[str]) -> View | str:
        """Return what help, explain or diagram shows."""
        from studykit.tui import lab_view

        session = self.session
        if word == "help":
            rows = [r for r in LAB_COMMANDS if ONLY.get(r[0], session.engine) == session.engine]
            return lab_view.help_view(session.model.engine(session.engine), rows)
        if word == "explain":
            return lab_view.explain_view(session.model, session.engine, session.last)
        if "--mermaid" in args:
            return mermaid(session)
        state = next(iter(args), None)
        if state is not None and state not in session.model.engine(session.engine).state_ids():
            raise MetaError(f"no state '{state}' in {session.engine}; `diagram` lists them all")
        return lab_view.diagram_view(session.model, session.engine, session.dialect, state)

    def _show(self, line: str, shown: View | str) -> None:
        if self.as_json:
            self._print(_text_outcome(line, self.screen.text(shown)))
        else:
            self.screen.show(shown)

    def _print(self, outcome: Outcome) -> None:
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


def _text_outcome(line: str, text: str, error: str = "") -> Outcome:
    """Return the outcome of a lab command that shows text, or fails with exit code 2."""
    from studykit.runtime.outcome import Outcome

    if error:
        return Outcome(line, exit_code=2, stderr=[error])
    return Outcome(line, stdout=text.splitlines())


def mermaid(session: Session) -> str:
    """Return the Mermaid state diagram, when the diagrams module is there."""
    import importlib

    try:
        diagrams = importlib.import_module("studykit.runtime.diagrams")
    except ModuleNotFoundError as error:
        if error.name != "studykit.runtime.diagrams":
            raise
        message = "the Mermaid diagram is not in this version; `diagram` shows the table"
        raise MetaError(message) from None
    return str(diagrams.state_diagram(session.model, session.engine))
