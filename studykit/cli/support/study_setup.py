"""Where progress and settings live, the clock, and opening the decks for study."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from studykit.cli.support.user_dirs import user_dir

if TYPE_CHECKING:
    from studykit.decks.folder import DeckFolder
    from studykit.study.config import Settings
    from studykit.study.store import ProgressStore

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar="STUDYKIT_DB",
        help="Progress database (default: $STUDYKIT_DB, else progress.sqlite3 in the user "
        "data folder, e.g. ~/.local/share/studykit).",
        show_default=False,
    ),
]


def db_path(option: Path | None) -> Path:
    """Return the progress database: the option or $STUDYKIT_DB, else the user data folder."""
    return option if option is not None else user_dir("data") / "progress.sqlite3"


def config_path() -> Path:
    """Return the settings file in the user config folder."""
    return user_dir("config") / "config.toml"


def clock() -> datetime:
    """Return now in UTC; $STUDYKIT_NOW (ISO 8601) fixes the clock for tests and what-ifs."""
    fixed = os.environ.get("STUDYKIT_NOW")
    if fixed:
        moment = datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    from studykit.study.days import utc_now

    return utc_now()


def load_settings(**options: object) -> Settings:
    """Return the settings file's settings with the given options applied."""
    from studykit.study.config import load_settings as read

    return read(config_path()).with_options(**options)


def open_store(option: Path | None, settings: Settings, reading: bool = False) -> ProgressStore:
    """Open (creating or migrating) the progress database; `reading` creates nothing."""
    from studykit.study.store import ProgressStore

    return ProgressStore(db_path(option), settings.leech_threshold, reading=reading)


def open_folder(decks: Path | None) -> DeckFolder:
    """Return the decks of the deck folder through its index in the user cache folder."""
    from studykit.decks import open_deck_folder

    return open_deck_folder(decks, user_dir("cache") / "decks")


def open_study(
    deck_ids: list[str] | None, db: Path | None, decks: Path | None
) -> tuple[Settings, DeckFolder, ProgressStore, datetime]:
    """Return settings, the checked deck folder, the store opened to read, and the clock's now."""
    settings = load_settings()
    folder = open_folder(decks)
    folder.require(deck_ids or ())
    return settings, folder, open_store(db, settings, reading=True), clock()
