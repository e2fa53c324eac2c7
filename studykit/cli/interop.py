"""Commands `export anki`, `export csv` and `import csv`."""

from __future__ import annotations

import typer

export_app = typer.Typer()
import_app = typer.Typer(help="Import cards from other formats.", no_args_is_help=True)
