"""Command group `progress`: move the review log between machines and the practice page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from studykit.cli.support.options import DecksOption
from studykit.cli.support.study_setup import DbOption

app = typer.Typer(
    help="Export or import the review log (JSON Lines), to study on several machines "
    "and on the practice pages of the study site."
)


@app.command("export")
def export_progress(
    file: Annotated[
        Path | None,
        typer.Argument(help="File to write (default: standard output).", show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write every review, with this side's FSRS parameters, as a review log file."""
    from studykit.cli.support import study_setup as setup
    from studykit.study.progress_sync import export_lines

    settings = setup.load_settings()
    store = setup.open_store(db, settings, reading=True)
    try:
        lines = list(export_lines(store, settings, setup.clock()))
    finally:
        store.close()
    if file is None or str(file) == "-":
        sys.stdout.writelines(lines)
    else:
        from studykit.export.atomic_file import write_text_atomically

        write_text_atomically(file, "".join(lines))
    typer.echo(f"exported {len(lines) - 1} reviews", err=True)


@app.command("import")
def import_progress(
    file: Annotated[
        Path, typer.Argument(help="A review log file (from export, or a browser); - reads stdin.")
    ],
    db: DbOption = None,
    decks: DecksOption = None,
) -> None:
    """Merge a review log by review id and replay the cards that gained reviews."""
    from studykit.cli.support import study_setup as setup
    from studykit.study.progress_sync import import_log, read_log

    settings = setup.load_settings()
    log = read_log(file, sys.stdin.buffer)  # refused whole before the database is opened
    known = setup.open_folder(decks).keys()
    store = setup.open_store(db, settings)
    now = setup.clock()
    try:
        report = import_log(store, settings, log, known, now, f"import-{now:%Y%m%dT%H%M%S}")
    finally:
        store.close()
    done = report.imported
    typer.echo(
        f"imported {done.added} new reviews ({report.known} already here); "
        f"rescheduled {done.items} cards"
    )
    if report.unknown_keys:
        typer.echo(f"{report.unknown_keys} reviews are of cards no deck holds: kept "
                   "(`studykit orphans` lists them)", err=True)  # fmt: skip
    if done.leeches:
        typer.echo(f"became leeches and were suspended: {', '.join(done.leeches)}", err=True)
    if report.other_scheduler:
        typer.echo("the file was scheduled with other FSRS settings or parameters; "
                   "this side replays with its own", err=True)  # fmt: skip
