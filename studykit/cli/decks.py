"""Commands `decks` and `show`: look at the decks of the deck folder."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.options import DecksOption, JsonOption, complete_deck_id
from studykit.cli.support.study_setup import DbOption, open_folder

if TYPE_CHECKING:
    from pathlib import Path

    from studykit.model import Deck
    from studykit.study.card_memory import CardMemory

app = typer.Typer()


@app.command("decks")
def list_decks(decks: DecksOption = None, as_json: JsonOption = False) -> None:
    """List the decks in course order with their card counts by kind."""
    from studykit.tui.console import make_console
    from studykit.tui.deck_view import deck_table, kind_counts

    folder = open_folder(decks)
    if as_json:
        rows = [
            {
                "id": d.id,
                "title": d.title,
                "path": d.location.path,
                "prerequisites": list(d.prerequisites),
                "counts": kind_counts(d),
            }
            for d in folder.decks()
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    make_console().print(deck_table(folder.decks()))


@app.command()
def show(
    deck: Annotated[
        str, typer.Argument(help="The id of the deck to show.", autocompletion=complete_deck_id)
    ],
    decks: DecksOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print every card of a deck with its answer, its Markdown rendered.

    Each studied card also shows its FSRS memory: state, due time, difficulty (1-10),
    stability (days until recall falls to 90%) and retrievability (recall now). --json
    prints the deck as its file holds it, with its path and the keys of its study items
    (the keys `unsuspend` and the progress use; `stats --json` gives their memory).
    """
    folder = open_folder(decks)
    shown = folder.deck(deck)
    if as_json:
        from studykit.load.deck_writer import deck_mapping
        from studykit.model import study_items

        data = deck_mapping(shown) | {
            "path": shown.location.path,
            "items": [item.key for item in study_items(shown)],
        }
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from studykit.tui.console import make_console
    from studykit.tui.deck_view import deck_view

    memories = _memories(shown, db)
    make_console().print(deck_view(shown, folder.texts(), {m.key: m for m in memories}))


def _memories(deck: Deck, db: Path | None) -> list[CardMemory]:
    """Return the FSRS memory of the deck's studied items (the store opened to read only)."""
    from studykit.cli.support import study_setup as setup
    from studykit.model import study_items
    from studykit.study.card_memory import memories

    settings = setup.load_settings()
    store = setup.open_store(db, settings, reading=True)
    try:
        items = [store.item(item.key, deck.id) for item in study_items(deck)]
        if all(item.schedule.is_new for item in items):
            return []
        from studykit.study.scheduler import Scheduler

        scheduler = Scheduler(settings, parameters=store.fitted_parameters())
        return memories(items, scheduler, setup.clock())
    finally:
        store.close()
