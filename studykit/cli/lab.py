"""Command `lab`: the interactive container-runtime simulator."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from studykit.cli.options import JsonOption
from studykit.errors import StudykitError

if TYPE_CHECKING:
    from studykit.cli.lab_shell import LabShell
    from studykit.runtime.session import Session

app = typer.Typer()

ENGINES = ("docker", "runc")
LAB_HELP = """Simulate runc or the Docker engine: type commands, see real-looking output.

\b
In a terminal: a `lab$ ` prompt with history (lab_history in the user data
folder, or $STUDYKIT_LAB_HISTORY) and tab completion of commands and
container names. Lab commands besides `docker ...` / `runc ...`:
  help                  engine commands with usage, and these lab commands
  explain               why the last command did that: rules and sources
  diagram [STATE]       the state machine (--mermaid: as a Mermaid diagram)
  reset                 forget every container, rewind the clock
  sleep SECONDS         let simulated time pass
  event exit|oom|fork NAME [N], event daemon-restart
  bundle COMMAND...     (runc) the program of the next container
  quit, exit, Ctrl-D    leave (exit code 0); Ctrl-C cancels the line

\b
With --script FILE or piped input: one command per line, blank lines and
`#` comments skipped, nothing echoed but the outputs. The exit code is
the last simulated command's (help, explain and diagram do not count),
like a shell script; `quit` stops early. A line holds at most 4,096
characters and a script at most 1 MiB.

\b
--json prints one object per command, with the containers it changed
(null: removed):
{"command", "exit_code", "stdout", "stderr",
 "containers": {NAME: {"status", "exit_code", "oom_killed", "restart_count"}}}
"""


@app.command("lab", help=LAB_HELP)
def lab(
    action: Annotated[
        str | None,
        typer.Argument(
            help="verify: run the conformance sequences on the real engine (root; "
            "docker.io, runc, busybox-static) and the model, and print the table.",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="docker or runc.")] = "docker",
    dialect: Annotated[
        str | None,
        typer.Option(
            "--dialect",
            help="Message wording: docker-20.10 (default), docker-29; runc-1.1 for runc.",
            show_default=False,
        ),
    ] = None,
    script: Annotated[
        Path | None,
        typer.Option(
            "--script", help="Run the commands of this file ('-': stdin).", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
    walks: Annotated[int, typer.Option("--walks", help="verify: random walks to add.")] = 20,
    seed: Annotated[
        int | None, typer.Option("--seed", help="verify: seed of the walks.", show_default=False)
    ] = None,
) -> None:
    """Run the lab in a terminal, or a script of lab lines."""
    if action is not None:
        raise typer.Exit(_verify(action, engine, walks, seed, as_json))
    from studykit.cli.lab_shell import LabShell
    from studykit.tui.lab_view import LabScreen

    shell = LabShell(open_session(engine, dialect), LabScreen(), as_json=as_json)
    if script is None and not as_json and sys.stdin.isatty():
        from studykit.cli.lab_terminal import run_terminal

        run_terminal(shell)
        raise typer.Exit(0)
    raise typer.Exit(run_script(shell, script))


def _verify(action: str, engine: str, walks: int, seed: int | None, as_json: bool) -> int:
    """Run `lab verify`; any other action is a usage error."""
    import random

    from studykit.cli.lab_verify import verify

    if action != "verify":
        raise typer.BadParameter(f"unknown action '{action}' (only: verify)")
    if engine not in ENGINES:
        raise StudykitError(f"unknown engine '{engine}': use docker or runc")
    return verify(engine, walks, random.randrange(10**6) if seed is None else seed, as_json)


def open_session(engine: str, dialect: str | None) -> Session:
    """Start a session; an unknown engine or dialect is the user's to fix."""
    from studykit.runtime.outcome import LabError
    from studykit.runtime.session import Session

    if engine not in ENGINES:
        raise StudykitError(f"unknown engine '{engine}': use docker or runc")
    try:
        return Session(engine=engine, dialect=dialect)
    except LabError as error:
        raise StudykitError(str(error)) from None


def run_script(shell: LabShell, script: Path | None) -> int:
    """Run every line of the script (or stdin); return the last command's exit code."""
    if script is None or str(script) == "-":
        return _run_lines(shell, sys.stdin.buffer, "standard input")
    try:
        with script.open("rb") as lines:
            return _run_lines(shell, lines, str(script))
    except OSError as error:
        raise StudykitError(f"cannot read the script {script}: {error.strerror}") from None


def _run_lines(shell: LabShell, lines: BinaryIO, name: str) -> int:
    """Run the command lines: no blank lines, no `#` comments; refuse what cannot run."""
    from studykit.runtime.script import script_lines

    for line in script_lines(lines, name):
        text = line.text.strip()
        if line.problem:
            shell.refuse(text, line.problem)
        elif text and not text.startswith("#") and not shell.handle(text):
            break
    return shell.status
