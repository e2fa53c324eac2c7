"""Commands `export anki`, `export csv` and `import csv`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.options import DecksOption
from studykit.errors import StudykitError

export_app = typer.Typer()
if TYPE_CHECKING:
    from studykit.model import Deck

import_app = typer.Typer(help="Import cards from other formats.", no_args_is_help=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


DeckIdsArgument = Annotated[
    list[str] | None,
    typer.Argument(help="Deck ids (default: every deck).", show_default=False),
]


@export_app.command("anki")
def export_anki(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .apkg file to write.")],
    deck_ids: DeckIdsArgument = None,
    decks: DecksOption = None,
) -> None:
    """Export decks as an Anki package for Anki, AnkiDroid and AnkiMobile.

    Importing a newer export of the same decks updates the notes instead of adding copies.
    """
    from studykit.cli.support.study_setup import open_folder
    from studykit.export.anki import write_apkg

    if out.suffix != ".apkg":
        raise StudykitError(f"{out}: an Anki package must end in .apkg (Anki goes by the name)")
    folder = open_folder(decks)
    summary = write_apkg(folder.decks(deck_ids or []), out, texts=folder.texts())
    counts = [_count(summary.decks, "deck"), _count(summary.notes, "note")]
    typer.echo(f"wrote {out}: {', '.join(counts)}, {_count(summary.cards, 'card')}", err=True)


CsvDeckIds = Annotated[
    list[str] | None,
    typer.Argument(
        help="Deck ids (default: every deck; several decks need --out FOLDER).",
        show_default=False,
    ),
]


@export_app.command("csv")
def export_csv(
    deck_ids: CsvDeckIds = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="One deck: the file to write (default: standard output). Several decks: "
            "the folder to write one DECK.csv per deck into.",
        ),
    ] = None,
    decks: DecksOption = None,
) -> None:
    """Export decks' sources and cards as CSV, one row each, for spreadsheets.

    A CSV file holds one deck: one deck is printed or written to --out FILE; several (every
    deck by default) are written into --out FOLDER, one DECK.csv per deck. Columns: id,
    kind, question, answer, choices, tags, source, explanation; list cells hold one item
    per line. A cell starting with = + - @, a tab or a carriage return gets a ' in front,
    so spreadsheets show it as text rather than run it as a formula. `studykit import
    csv` reads a file back, removing that quote.
    """
    from studykit.cli.support.study_setup import open_folder
    from studykit.export.csv_files import csv_targets

    for deck, target in csv_targets(open_folder(decks).decks(deck_ids or []), out):
        _write_csv(deck, target)


def _write_csv(deck: Deck, out: Path | None) -> None:
    """Write one deck's CSV to a file or standard output, saying what it left out."""
    from studykit.export.atomic_file import write_text_atomically
    from studykit.export.csv_format import deck_to_csv

    text = deck_to_csv(deck)
    if deck.tables or deck.diagrams:
        left = f"{_count(len(deck.tables), 'table')} and {_count(len(deck.diagrams), 'diagram')}"
        typer.echo(f"note: {deck.id}: CSV holds sources and cards only; {left} left out", err=True)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        write_text_atomically(out, text)
    except OSError as error:
        raise StudykitError(f"cannot write {out}: {error.strerror or error}") from None
    counts = f"{_count(len(deck.cards), 'card')}, {_count(len(deck.sources), 'source')}"
    typer.echo(f"wrote {out}: {counts}", err=True)


def _schema_for(out: Path | None) -> str:
    """Return the modeline's schema path: relative to the output file, else the repo layout."""
    from studykit.cli.authoring import schema_path
    from studykit.load.deck_writer import DEFAULT_SCHEMA

    if out is None:
        return DEFAULT_SCHEMA
    return os.path.relpath(schema_path(), out.resolve().parent)


@import_app.command("csv")
def import_csv(
    file: Annotated[Path, typer.Argument(help="The CSV file (UTF-8, comma-separated).")],
    deck: Annotated[str, typer.Option("--deck", help="Id of the new deck.")],
    title: Annotated[str | None, typer.Option(help="Deck title (default: from the id).")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Deck file to write (default: standard output)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
) -> None:
    """Turn a CSV file of cards into a deck file; nothing is written if any row is bad.

    A deck file holds at most 5 MB: a larger CSV file, or one whose deck would be larger,
    is refused (split it), and the deck is read back as studykit reads decks before it is
    written.

    The file is UTF-8 with the header id,kind,question,answer,choices,tags,source,explanation
    (as `studykit export csv` writes it). kind is basic, typed, choice, truefalse, cloze,
    order, or source (a row defining a source: question is its title, answer its URL).
    List cells (answers, choices, items in order, tags) hold one item per line; a truefalse
    answer is true or false; a cloze card's text goes in question. A cell of one or more
    ' followed by = + - @, a tab or a carriage return loses its first ' (the quote export
    puts before formulas).
    """
    from studykit.export.atomic_file import write_text_atomically
    from studykit.export.csv_import import checked_deck_yaml, read_csv_file
    from studykit.export.csv_reader import read_csv_deck
    from studykit.load.map_reader import SLUG

    if not SLUG.match(deck):
        raise StudykitError(f"invalid deck id '{deck}' (use lowercase letters, digits and hyphens)")
    if out is not None and out.exists() and not force:
        raise StudykitError(f"{out} already exists; pass --force to overwrite it")
    data = read_csv_file(file)
    imported = read_csv_deck(data, str(file), deck, title or deck.replace("-", " ").capitalize())
    rows = len(imported.cards) + len(imported.sources)
    text = checked_deck_yaml(imported, _schema_for(out), rows)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_text_atomically(out, text)
    counts = f"{_count(len(imported.cards), 'card')}, {_count(len(imported.sources), 'source')}"
    typer.echo(f"wrote {out}: {counts}; check it with: studykit validate {out}", err=True)
