"""Commands for deck authors: `new deck` and `schema`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from studykit.errors import StudykitError

app = typer.Typer()
new_app = typer.Typer(help="Create new files from templates.", no_args_is_help=True)
app.add_typer(new_app, name="new")


def schema_path() -> Path:
    """Return the JSON Schema file installed with the package."""
    from importlib import resources  # ~15 ms of imports that --help does not need

    return Path(str(resources.files("studykit") / "schema" / "deck.schema.json"))


@new_app.command("deck")
def new_deck(
    name: Annotated[str, typer.Argument(help="Deck id: lowercase letters, digits, hyphens.")],
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: NAME.yaml here).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Deck title (default: from NAME).")] = None,
) -> None:
    """Write a valid starter deck with one example of every card kind."""
    from studykit.load.deck_checks import MAX_ID_LENGTH
    from studykit.load.deck_template import starter_deck
    from studykit.load.map_reader import SLUG
    from studykit.model.issue import quoted

    if not SLUG.match(name) or len(name) > MAX_ID_LENGTH:
        raise StudykitError(
            f"invalid deck id {quoted(name)} (use lowercase letters, digits and hyphens, "
            f"at most {MAX_ID_LENGTH} characters)"
        )
    target = out or Path(f"{name}.yaml")
    if target.exists():
        raise StudykitError(f"{target} already exists; not overwriting it")
    schema = os.path.relpath(schema_path(), target.resolve().parent)
    text = starter_deck(name, title or name.replace("-", " ").capitalize(), schema, str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {target}; check it with: studykit validate {target}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of deck files (for editors and CI)."""
    typer.echo(schema_path().read_text(encoding="utf-8"), nl=False)
