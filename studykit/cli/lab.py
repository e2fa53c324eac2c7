"""Command group `lab`: the container-runtime simulator; `lab verify` checks it for real."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.options import DecksOption, JsonOption
from studykit.errors import StudykitError

if TYPE_CHECKING:
    from studykit.model.runtime import RuntimeModel
    from studykit.runtime.lab.session import LabSession

ENGINES = ("docker", "runc")
LAB_HELP = """Simulate runc or the Docker engine: type commands, see real-looking output.

\b
In a terminal: a `lab$ ` prompt with history (lab_history in the user data
folder, or $STUDYKIT_LAB_HISTORY) and tab completion of commands and
container names. Type `help` in the lab for the engine's commands and the
lab's own words (explain, diagram, sleep, event, ...), each with its usage.

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

\b
The lab runs the runtime model of the deck folder (models/*.yaml), or the
bundled one when the folder has none.
"""


app = typer.Typer(name="lab", help=LAB_HELP, invoke_without_command=True)

EngineOption = Annotated[str, typer.Option("--engine", help="docker or runc.")]


@app.callback()
def lab(
    ctx: typer.Context,
    engine: EngineOption = "docker",
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
    decks: DecksOption = None,
) -> None:
    """Run the lab in a terminal, or a script of lab lines."""
    if ctx.invoked_subcommand is not None:
        return
    from studykit.cli.support.lab_io import LabPrinter, run_script
    from studykit.tui.lab_view import LabScreen

    printer = LabPrinter(open_session(engine, dialect, decks), LabScreen(), as_json=as_json)
    if script is None and not as_json and sys.stdin.isatty():
        from studykit.cli.support.lab_terminal import run_terminal

        run_terminal(printer)
        raise typer.Exit(0)
    raise typer.Exit(run_script(printer, script))


@app.command()
def verify(
    engine: EngineOption = "docker",
    walks: Annotated[int, typer.Option("--walks", help="Random walks to add.")] = 20,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed of the walks.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    decks: DecksOption = None,
) -> None:
    """Run the conformance sequences on the real engine and the model; print the table.

    Needs root and the real tools (docker.io, runc, busybox-static). Exit code 1 when the
    model and the engine disagree on any step.
    """
    import json

    from studykit.runtime.conformance.verify import TITLES, record
    from studykit.runtime.conformance.verify import verify as run_verify
    from studykit.tui.conformance_view import sequence_line, summary_table
    from studykit.tui.console import make_console

    model = _model(engine, decks)
    console = make_console()
    rows = []
    for name, results in run_verify(engine, walks, _seed(seed), model):
        rows.append((name, results))
        if as_json:
            print(json.dumps(record(name, results)), flush=True)
        else:
            console.print(sequence_line(name, results))
    if not as_json:
        console.print(summary_table(engine, rows, TITLES[engine]))
    raise typer.Exit(1 if any(not r.agrees for _, results in rows for r in results) else 0)


def _seed(seed: int | None) -> int:
    import random

    return random.randrange(10**6) if seed is None else seed


def _model(engine: str, decks: Path | None) -> RuntimeModel:
    """Return the runtime model of the deck folder; an unknown engine is the user's to fix."""
    from studykit.decks import find_deck_folder, runtime_models
    from studykit.runtime.lab.models import lab_model

    if engine not in ENGINES:
        raise StudykitError(f"unknown engine '{engine}': use docker or runc")
    folder = find_deck_folder(decks)
    return lab_model(runtime_models(folder), folder)


def open_session(engine: str, dialect: str | None, decks: Path | None) -> LabSession:
    """Start a session on the deck folder's model (raise LabError for an unknown dialect)."""
    from studykit.runtime.lab.session import LabSession

    return LabSession(engine=engine, dialect=dialect, model=_model(engine, decks))
