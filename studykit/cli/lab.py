"""Command `lab`: the interactive container-runtime simulator."""

from __future__ import annotations

import typer

app = typer.Typer()
