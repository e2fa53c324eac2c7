"""Commands `quiz`, `stats`, `due`, `orphans` and `unsuspend` (spaced-repetition study)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.options import DecksOption, JsonOption, complete_deck_id
from studykit.cli.support.study_setup import DbOption
from studykit.study.mode import Mode
from studykit.wording import counted

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from studykit.decks.folder import DeckFolder
    from studykit.study.config import Settings
    from studykit.study.scheduler import Scheduler
    from studykit.study.session import Session, Summary
    from studykit.study.store import ProgressStore

app = typer.Typer()

QUIZ_HELP = """Study due and new cards with FSRS spaced repetition.

\b
Modes:
  review  (default) due cards first, then up to --new new cards a day (20);
          cards in a learning step come back in the same session
  cram    every selected card in random order; schedules do not change
  exam    --count random automatically graded questions and a score;
          schedules do not change

\b
Keys (in a terminal):
  space   reveal (basic, cloze, table cards), then 1-4 or space (Good)
  1-4     Again, Hard, Good, Easy; each key shows the interval it gives
  a-z     pick a choice (several: type the letters, then enter)
  t / f   true or false
  text    typed answers and orders (3142), then enter
  enter   keep an automatic grade, or 1-4 to change it
  u       undo the last answer (its exact previous schedule comes back)
  s       suspend the card     e  edit its deck file in $EDITOR
  b / -   bury the card and its siblings (cloze gaps, row cells) until
          tomorrow; - also where b picks a choice
  q       quit with a summary (Ctrl-C and Ctrl-D too)

\b
Without a terminal (input piped), a line protocol for scripts:
  each card prints "## <n> <deck/card> <kind>", its text, the lettered
  choices or numbered items, then one prompt ending in "> ":
    rate 1-4>  basic, cloze, table cards: 1-4 (the answer is printed after)
    answer>    typed cards (and cloze in exams): the answer text
    letters>   choice cards: letters, e.g. b or ac
    t/f>       true/false cards: t or f
    order>     order cards: the item numbers in order, e.g. 3142
  one line answers each prompt; then "answer: ..." and
  "result: correct|typo|wrong|rated, <Rating>[, next in 3d]" are printed.
  Instead of an answer: :u undo, :s suspend, :b bury, :e print file:line,
  :q quit, :1-:4 re-rate the last answer. "error: ..." lines ask again.
  End of input saves, prints "## summary" lines and exits 0.

\b
Every answer is saved the moment it is given. Settings (retention, steps,
limits, day start) are read from config.toml in the user config folder.
"""


DeckIds = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[DECK]...",
        help="Deck ids (default: every deck).",
        show_default=False,
        autocompletion=complete_deck_id,
    ),
]


@app.command(help=QUIZ_HELP)
def quiz(
    deck_ids: DeckIds = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only cards with this tag.")] = None,
    new: Annotated[
        int | None, typer.Option("--new", min=0, help="New cards a day (default 20).")
    ] = None,
    reviews: Annotated[
        int | None, typer.Option("--reviews", min=0, help="Reviews a day (default 200).")
    ] = None,
    mode: Annotated[Mode, typer.Option("--mode", help="review, cram or exam.")] = Mode.REVIEW,
    count: Annotated[
        int | None, typer.Option("--count", min=1, help="Questions in cram or exam (exam: 20).")
    ] = None,
    ahead: Annotated[
        int,
        typer.Option(
            "--ahead",
            min=0,
            max=36500,
            metavar="DAYS",
            help="Also review cards due in the next DAYS days (review ahead).",
        ),
    ] = 0,
    db: DbOption = None,
    decks: DecksOption = None,
    seed: Annotated[int | None, typer.Option("--seed", hidden=True)] = None,
) -> None:
    """Study due and new cards (the help text is QUIZ_HELP)."""
    from studykit.cli.support import study_setup as setup
    from studykit.study.planner import Plan, start_session

    settings = setup.load_settings(new_per_day=new, reviews_per_day=reviews)
    folder = setup.open_folder(decks)
    folder.require(deck_ids or ())
    store = setup.open_store(db, settings)
    started = setup.clock()
    plan = Plan(tuple(deck_ids or ()), tag, mode, count, seed, ahead)
    session = start_session(folder, store, plan, settings, _scheduler(settings, store), started)
    try:
        _drive(session)
    finally:
        now = setup.clock()
        if session.writes:
            store.end_session(session.id, now)
        _print_summary(session.summary(started, now), now)
        store.close()


def _scheduler(settings: Settings, store: ProgressStore) -> Callable[[], Scheduler]:
    """Return a maker of the scheduler: fsrs is imported after the first card is on screen."""

    def make() -> Scheduler:
        from studykit.study.scheduler import Scheduler

        # The parameters `studykit optimize` fitted, else FSRS-6's defaults.
        return Scheduler(settings, parameters=store.fitted_parameters())

    return make


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _drive(session: Session) -> None:
    """Run the session in the terminal, or with the line protocol when input is piped."""
    from studykit.cli.support.study_setup import clock

    if _interactive():
        from studykit.cli.support.keys import Keys
        from studykit.cli.support.quiz_terminal import TerminalQuiz
        from studykit.tui.ansi import Screen

        TerminalQuiz(session, clock, Screen(), Keys()).run()
    else:
        from studykit.cli.support.quiz_piped import LineQuiz

        LineQuiz(session, clock, sys.stdout, sys.stdin).run()


def _print_summary(summary: Summary, now: datetime) -> None:
    if _interactive():
        from studykit.tui.ansi import Screen
        from studykit.tui.quiz_view import summary_view

        Screen().print(summary_view(summary, now))
    else:
        from studykit.tui.quiz_lines import summary_lines

        typer.echo("\n".join(summary_lines(summary, now)))


@app.command()
def stats(
    deck_ids: DeckIds = None,
    db: DbOption = None,
    decks: DecksOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show progress: counts per deck, due forecast, true retention, heatmap, streak."""
    import json

    from studykit.cli.support import study_setup as setup
    from studykit.study.stats import read_stats, stats_json

    settings, folder, store, now = setup.open_study(deck_ids, db, decks)
    try:
        result = read_stats(folder.index, store, deck_ids or (), now, settings.day_starts_at)
        cards = _card_memories(folder, store, deck_ids or (), settings, now) if as_json else []
    finally:
        store.close()
    if as_json:
        typer.echo(json.dumps(stats_json(result) | {"cards": cards}, indent=2))
        return
    from studykit.tui.console import make_console
    from studykit.tui.stats_view import stats_view

    make_console().print(stats_view(result))


def _card_memories(
    folder: DeckFolder, store: ProgressStore, deck_ids: Sequence[str], settings: Settings,
    now: datetime,
) -> list[dict[str, object]]:  # fmt: skip
    """Return each studied card's difficulty, stability and retrievability, as JSON."""
    from studykit.study.card_memory import memories, memory_json
    from studykit.study.scheduler import Scheduler

    keys = {entry.key for entry in folder.entries(deck_ids)}
    scheduler = Scheduler(settings, parameters=store.fitted_parameters())
    chosen = (item for item in store.items() if item.key in keys)
    return [memory_json(m) for m in memories(chosen, scheduler, now)]


@app.command()
def due(
    deck_ids: DeckIds = None,
    db: DbOption = None,
    decks: DecksOption = None,
    as_json: JsonOption = False,
) -> None:
    """Print how many cards are due today (for scripts and shell prompts)."""
    import json

    from studykit.cli.support import study_setup as setup
    from studykit.study.due import due_counts

    settings, folder, store, now = setup.open_study(deck_ids, db, decks)
    try:
        counts = due_counts(folder.index, store, tuple(deck_ids or ()), settings, now)
    finally:
        store.close()
    if not as_json:
        typer.echo(str(counts.due))
        return
    report = {
        "due": counts.due,
        "due_now": counts.due_now,
        "new": counts.new,
        "new_today": counts.new_today,
        "decks": counts.decks,
    }
    typer.echo(json.dumps(report, indent=2))


@app.command()
def orphans(
    db: DbOption = None,
    decks: DecksOption = None,
    delete: Annotated[
        bool, typer.Option("--delete", help="Delete them and their history.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List progress of cards no longer in any deck; --delete removes it for good."""
    from studykit.cli.support import study_setup as setup

    settings = setup.load_settings()
    known = setup.open_folder(decks).keys()
    store = setup.open_store(db, settings)
    try:
        lost = sorted((i.key, i.deck_id) for i in store.items() if i.key not in known)
        if as_json:
            import json

            typer.echo(json.dumps([{"key": key, "deck": deck} for key, deck in lost], indent=2))
        else:
            for key, _ in lost:
                typer.echo(key)
        if delete and lost:
            store.delete_items([key for key, _ in lost])
            typer.echo(f"deleted the progress of {counted(len(lost), 'orphaned item')}", err=True)
        elif not lost and not as_json:
            typer.echo("no orphaned progress", err=True)
    finally:
        store.close()


@app.command()
def unsuspend(
    keys: Annotated[list[str], typer.Argument(help="Item keys, e.g. deck/card or deck/card#c1.")],
    db: DbOption = None,
) -> None:
    """Let suspended items (leeches too) come back in reviews."""
    from studykit.cli.support import study_setup as setup
    from studykit.errors import NotSuspendedError

    store = setup.open_store(db, setup.load_settings())
    for key in keys:
        item = store.item(key)
        if not item.suspended:
            store.close()
            raise NotSuspendedError(f"'{key}' is not suspended")
        store.set_suspended(key, item.deck_id, False)
        typer.echo(f"unsuspended {key}")
    store.close()
