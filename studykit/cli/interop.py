"""Commands `export anki`, `export csv` and `import csv`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.deck_schema import SCHEMA_FILE, place_schema
from studykit.cli.support.options import DecksOption, complete_deck_id
from studykit.errors import StudykitError
from studykit.wording import counted

export_app = typer.Typer()
if TYPE_CHECKING:
    from studykit.model import Deck

import_app = typer.Typer(help="Import cards from other formats.", no_args_is_help=True)


_count = counted


DeckIdsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Deck ids (default: every deck).",
        show_default=False,
        autocompletion=complete_deck_id,
    ),
]


@export_app.command("anki")
def export_anki(
    out: Annotated[Path, typer.Option("--out", "-o", help="The .apkg file to write.")],
    deck_ids: DeckIdsArgument = None,
    decks: DecksOption = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            help="An earlier export of these decks: notes unchanged since keep their "
            "modification time (default: the --out file, when it exists).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export decks as an Anki package for Anki, AnkiDroid and AnkiMobile.

    Importing a newer export of the same decks updates only the notes that changed, in
    place: their review history stays, and so do the tags and note type CSS you changed
    in Anki on the others. Each deck becomes the Anki deck studykit::DECK-ID, so a
    retitled deck stays one deck. Keep exporting to the same file (or name the last one
    with --previous): a note's modification time then changes only with its content.
    """
    from studykit.cli.support.study_setup import open_folder
    from studykit.export.anki import write_apkg

    if out.suffix != ".apkg":
        raise StudykitError(f"{out}: an Anki package must end in .apkg (Anki goes by the name)")
    folder = open_folder(decks)
    known = _previous_export(previous or out, previous)
    root = folder.path if folder.path.is_dir() else None
    summary = write_apkg(
        folder.decks(deck_ids or []), out, known=known, texts=folder.texts(), root=root
    )
    counts = [_count(summary.decks, "deck"), _count(summary.notes, "note")]
    typer.echo(f"wrote {out}: {', '.join(counts)}, {_count(summary.cards, 'card')}", err=True)


def _previous_export(path: Path, named: Path | None) -> dict[str, tuple[int, str]]:
    """Return the notes of an earlier export; none when there is none, with a note if unreadable."""
    from studykit.export.anki_stamps import previous_notes

    if named is None and not path.exists():
        return {}
    try:
        return previous_notes(path)
    except (StudykitError, OSError) as error:
        if named is not None:
            raise StudykitError(f"--previous {path}: {error}") from None
        note = f"note: cannot read the earlier export {path} ({error}); "
        typer.echo(note + "notes get their deck file's time", err=True)
        return {}


CsvDeckIds = Annotated[
    list[str] | None,
    typer.Argument(
        help="Deck ids (default: every deck; several decks need --out FOLDER).",
        show_default=False,
        autocompletion=complete_deck_id,
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


@import_app.command("csv")
def import_csv(
    file: Annotated[
        Path,
        typer.Argument(help="The card file: studykit CSV, Anki's text export or front,back CSV."),
    ],
    deck: Annotated[str, typer.Option("--deck", help="Id of the new deck.")],
    title: Annotated[str | None, typer.Option(help="Deck title (default: from the id).")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Deck file to write (default: standard output)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
) -> None:
    """Turn a file of cards into a deck file; nothing is written if any row is bad.

    Three layouts are read, told apart by the first line, and every problem is reported
    at once, by row:

    - studykit's CSV, as `studykit export csv` writes it: UTF-8, the header
    id,kind,question,answer,choices,tags,source,explanation. kind is basic,
    basic-reversed (asked both ways), typed, choice, truefalse, cloze, order, or source
    (a row defining a source: question is its title, answer its URL). List cells
    (answers, choices, items in order, tags) hold one item per line; a truefalse answer
    is true or false; a cloze card's text goes in question. A cell of one or more '
    followed by = + - @, a tab or a carriage return loses its first ' (the quote export
    puts before formulas).

    - Anki's text export (File > Export > Notes in Plain Text): the #separator, #html,
    #tags and #... column lines, then one note a line. Notes of the note types Basic,
    Basic (and reversed card), Basic (optional reversed card), Basic (type in the
    answer) and Cloze are read; without a note type column, a note with {{c1::...}}
    deletions is a cloze card and any other a basic card. Export with the unique
    identifier so that card ids come from Anki's notes, as `import apkg` gives them.

    - front,back CSV: two comma-separated columns, with or without a front,back header
    (which may add tags and explanation). Card ids come from the question's words.

    A deck file holds at most 5 MB: a larger file, or one whose deck would be larger,
    is refused (split it), and the deck is read back as studykit reads decks before it is
    written.
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
    text = checked_deck_yaml(imported, SCHEMA_FILE, rows)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_text_atomically(out, text)
    place_schema(out.parent / SCHEMA_FILE)
    counts = f"{_count(len(imported.cards), 'card')}, {_count(len(imported.sources), 'source')}"
    typer.echo(f"wrote {out}: {counts}; check it with: studykit validate {out}", err=True)


@import_app.command("apkg")
def import_apkg(
    file: Annotated[Path, typer.Argument(help="The Anki package (.apkg or .colpkg).")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The folder to write deck files (and media/) into.")
    ],
    deck: Annotated[
        str | None,
        typer.Option(
            "--deck",
            help="Put every note into one deck of this id (default: one "
            "deck per Anki deck, its id from the deck's name).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title of the --deck deck.")] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            help="Also write Anki's review log to this file "
            "(studykit's review log format, JSON Lines).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files already there.")] = False,
) -> None:
    """Turn an Anki package into deck files: notes, media and, if asked, review history.

    Reads .apkg and .colpkg files of every Anki version. Notes of the note types Basic,
    Basic (and reversed card), Basic (optional reversed card), Basic (type in the
    answer) and Cloze become cards, recognised by their templates whatever their names;
    fields shown after the answer become the explanation. Notes of other note types are
    reported and skipped, never guessed. Card ids come from the notes' GUIDs, so
    importing a newer export of the same notes again (with --force) updates the cards
    and keeps their progress. Images and sounds are copied into OUT/media.
    """
    from studykit.cli.support.study_setup import clock
    from studykit.export.anki_import_files import ImportRequest, import_package, relative_schema
    from studykit.load.map_reader import SLUG

    if deck is not None and not SLUG.match(deck):
        raise StudykitError(f"invalid deck id '{deck}' (use lowercase letters, digits and hyphens)")
    request = ImportRequest(file, out, deck, title, history, force, now=clock())
    result = import_package(request, relative_schema(out / SCHEMA_FILE))
    place_schema(out / SCHEMA_FILE)
    for imported in result.decks:
        cards = _count(len(imported.cards), "card")
        typer.echo(f"wrote {out / (imported.id + '.yaml')}: {cards}", err=True)
    if result.media:
        typer.echo(
            f"copied {_count(len(result.media), 'media file')} into {out / 'media'}", err=True
        )
    if history is not None:
        typer.echo(f"wrote {history}: {_count(len(result.reviews), 'review')}", err=True)
    _report_skipped(result.skipped_types, result.skipped_notes)
    typer.echo(f"check them with: studykit validate {out}", err=True)


def _report_skipped(types: dict[str, tuple[str, int]], notes: list[str]) -> None:
    """Say which notes were skipped, and why."""
    for name, (reason, count) in types.items():
        typer.echo(f"skipped {_count(count, 'note')} of note type '{name}': {reason}", err=True)
    for note in notes:
        typer.echo(f"skipped {note}", err=True)
