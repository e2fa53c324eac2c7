"""Commands `validate` and `lint`: report every problem of the decks at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.options import DecksOption, JsonOption
from studykit.wording import counted

if TYPE_CHECKING:
    from studykit.load import DeckSet
    from studykit.model import Deck, Issue

app = typer.Typer()

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Deck files or folders (default: the deck folder).", show_default=False),
]


def _print(issues: list[Issue], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([i.to_dict() for i in issues], indent=2))
        return
    for issue in issues:
        if issue.severity == "error":
            typer.echo(f"{issue}")
        else:
            typer.echo(f"{issue} [warning: {issue.rule}]" if issue.rule else f"{issue} [warning]")


def _load(paths: list[Path] | None, decks: Path | None) -> DeckSet:
    """Load the named paths, or the deck folder when none is named."""
    from studykit.decks import find_deck_folder
    from studykit.load import load_decks

    return load_decks(list(paths) if paths else [find_deck_folder(decks)])


@app.command()
def validate(
    paths: PathsArgument = None, decks: DecksOption = None, as_json: JsonOption = False
) -> None:
    """Check deck files and print every problem as path:line:column: message."""
    result = _load(paths, decks)
    _print(list(result.errors), as_json)
    if result.errors:
        raise typer.Exit(1)
    if not as_json:
        typer.echo(f"{_counts(result.decks)}: no problems", err=True)


_count = counted


def _counts(decks: tuple[Deck, ...]) -> str:
    """Return `2 decks, 30 cards (8 from tables)`: every card studied, table cells included."""
    from studykit.model.study_item import table_cards

    from_tables = sum(1 for d in decks for t in d.tables for _ in table_cards(t))
    cards = sum(len(d.cards) for d in decks) + from_tables
    counted = f"{_count(len(decks), 'deck')}, {_count(cards, 'card')}"
    return f"{counted} ({from_tables:,} from tables)" if from_tables else counted


@app.command()
def lint(
    paths: PathsArgument = None,
    decks: DecksOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    stats: Annotated[
        bool, typer.Option("--stats", help="Print the quality figures instead of warnings.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Report card-quality warnings (and any errors); warnings fail only with --strict."""
    result = _load(paths, decks)
    if stats:
        _stats(result, as_json)
        return
    from studykit.load.lint import lint_decks

    issues = sorted([*result.errors, *lint_decks(result.decks)])
    _print(issues, as_json)
    warnings = len(issues) - len(result.errors)
    if not as_json:
        typer.echo(
            f"{counted(len(result.errors), 'error')}, {counted(warnings, 'warning')}", err=True
        )
    if result.errors or (strict and warnings):
        raise typer.Exit(1)


def _stats(result: DeckSet, as_json: bool) -> None:
    """Print the quality figures of the decks (errors first: invalid decks have none)."""
    from studykit.export.site_pages import glossary_entries
    from studykit.load.quality import figures_report, folder_figures

    if result.errors:
        _print(list(result.errors), as_json)
        raise typer.Exit(1)
    rows, total = folder_figures(result.decks)
    glossary = len(glossary_entries(result.decks))
    if as_json:
        data = {"decks": [r.as_dict() for r in rows], "total": total.as_dict()}
        typer.echo(json.dumps({**data, "glossary": glossary}, indent=2))
        return
    typer.echo(figures_report(rows, total, glossary), nl=False)
