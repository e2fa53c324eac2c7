"""Commands `quiz`, `stats` and `due` (spaced-repetition study)."""

from __future__ import annotations

import typer

app = typer.Typer()
