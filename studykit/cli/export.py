"""Command group `export`: the study site by default, other formats as subcommands."""

from __future__ import annotations

import typer

app = typer.Typer(invoke_without_command=True, help="Export the decks (the study site by default).")
