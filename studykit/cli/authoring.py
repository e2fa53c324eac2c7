"""Commands for deck authors: `new deck`, `new course` and `schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from studykit.cli.support.deck_schema import SCHEMA_FILE, place_schema, schema_path
from studykit.errors import StudykitError

app = typer.Typer()
new_app = typer.Typer(help="Create new files from templates.", no_args_is_help=True)
app.add_typer(new_app, name="new")


@new_app.command("deck")
def new_deck(
    name: Annotated[str, typer.Argument(help="Deck id: lowercase letters, digits, hyphens.")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File to write (default: decks/NAME.yaml when ./decks exists, else NAME.yaml).",
        ),
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
    target = out or _default_target(name)
    if target.exists():
        raise StudykitError(f"{target} already exists; not overwriting it")
    deck_title = title or name.replace("-", " ").capitalize()
    text = starter_deck(name, deck_title, SCHEMA_FILE, str(target), _preview_hint(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {target}; check it with: studykit validate {target}")
    place_schema(target.parent / SCHEMA_FILE)


def _default_target(name: str) -> Path:
    """Return where a new deck goes: into ./decks, the deck folder of a course, else here."""
    # In a course the deck must join the folder its site and CI read, not sit beside it.
    folder = Path("decks")
    return folder / f"{name}.yaml" if folder.is_dir() else Path(f"{name}.yaml")


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
    place_schema(folder / "decks" / SCHEMA_FILE)
    if requirement.note:
        typer.echo(
            f"note: {folder / 'requirements.txt'}: " + " ".join(requirement.note.split()), err=True
        )
    typer.echo(f"wrote the course {folder}; next: cd {folder} && studykit validate && mkdocs serve")


@app.command()
def schema() -> None:
    """Print the JSON Schema of deck files (for editors and CI)."""
    typer.echo(schema_path().read_text(encoding="utf-8"), nl=False)
