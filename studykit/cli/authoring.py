"""Commands for deck authors: `new deck`, `new course` and `schema`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from studykit.errors import StudykitError

SCHEMA_FILE = "deck.schema.json"
"""The copy of the schema that `new deck` puts next to the decks it writes."""

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
    deck_title = title or name.replace("-", " ").capitalize()
    text = starter_deck(name, deck_title, SCHEMA_FILE, str(target), _preview_hint(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {target}; check it with: studykit validate {target}")
    _place_schema(target.parent / SCHEMA_FILE)


def _preview_hint(target: Path) -> str:
    """Return how to see the site of a deck written to `target`, true where it is written.

    In a course (a mkdocs.yml using studykit next to the deck's folder), `mkdocs serve`
    previews it live; anywhere else, `studykit export --decks FOLDER` builds its site.
    """
    import shlex

    from studykit.export.course_files import COURSE_PREVIEW

    folder = target.parent
    config = folder.resolve().parent / "mkdocs.yml"
    if config.is_file() and "studykit" in config.read_text(encoding="utf-8", errors="replace"):
        return COURSE_PREVIEW
    return f"build its study site with `studykit export --decks {shlex.quote(str(folder))}`"


@new_app.command("course")
def new_course(
    folder: Annotated[Path, typer.Argument(help="Folder to create (or an empty one).")],
    title: Annotated[str | None, typer.Option(help="Course title (default: from FOLDER).")] = None,
) -> None:
    """Write a course repository: decks, site settings, README and a publishing workflow."""
    from studykit.export.course_files import course_files, installed

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StudykitError(f"{folder} exists and is not an empty folder; not writing into it")
    name = title or folder.resolve().name.replace("-", " ").replace("_", " ").capitalize()
    requirement = installed()
    for path, text in course_files(name, SCHEMA_FILE, requirement):
        file = folder / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    _place_schema(folder / "decks" / SCHEMA_FILE)
    if requirement.note:
        typer.echo(
            f"note: {folder / 'requirements.txt'}: " + " ".join(requirement.note.split()), err=True
        )
    typer.echo(f"wrote the course {folder}; next: cd {folder} && studykit validate && mkdocs serve")


def _place_schema(copy: Path) -> None:
    """Write the schema next to a new deck, or refresh it there if it is studykit's.

    A deck's modeline names this copy by a relative path, so it keeps working when the
    folder moves to another machine or studykit is reinstalled (a path into the installed
    package did not); `studykit schema > deck.schema.json` refreshes it after an upgrade.
    """
    from studykit.load.bounded_read import FileProblem, read_regular_file
    from studykit.load.schema import SCHEMA_ID

    if os.path.lexists(copy):
        try:
            ours = json.loads(read_regular_file(str(copy), 5 << 20)).get("$id") == SCHEMA_ID
        except (FileProblem, ValueError, AttributeError):
            ours = False
        if not ours:
            typer.echo(
                f"kept {copy}: it is not studykit's schema, and editors will use it", err=True
            )
            return
    copy.write_text(schema_path().read_text(encoding="utf-8"), encoding="utf-8")


@app.command()
def schema() -> None:
    """Print the JSON Schema of deck files (for editors and CI)."""
    typer.echo(schema_path().read_text(encoding="utf-8"), nl=False)
