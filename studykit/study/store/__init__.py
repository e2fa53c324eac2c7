"""The SQLite store: progress and deck indexes; the only package that imports `sqlite3`.

This is the store's public API: study modules (planner, stats, due, the queue) and the
deck folder (studykit.decks) import these names from here, never the modules below.

- `ProgressStore`: schedules, the review log and sessions of one progress database.
- `DeckIndex`: a deck folder's study items in course order; with the progress database
  attached it answers the day's due and new items (`Selection` picks decks and a tag).
- `StatsQueries`: statistics counted by SQLite over an index and its attached progress.
- `IndexUpdate` (`DeckRow`, `EntryRow`): what re-indexing some deck files writes, in one
  transaction (`DeckIndex.update`).
- `LogReview`, `Replayed`, `Imported`: the review log as it leaves the store
  (`ProgressStore.log_reviews`) and enters it (`import_reviews`, `reschedule_all`).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from studykit.study.store.deck_index import (
    DeckIndex,
    DeckOutline,
    FileRow,
    Selection,
    join_tags,
    split_tags,
)
from studykit.study.store.progress import (
    Answer,
    ConflictError,
    ProgressStore,
    Recorded,
    ReviewRow,
)
from studykit.study.store.rows import DueItem, ItemProgress, from_ms, to_ms

if TYPE_CHECKING:
    from studykit.study.store.aggregates import DayShifts, ReviewDay, StatsQueries
    from studykit.study.store.index_update import DeckRow, EntryRow, IndexUpdate
    from studykit.study.store.review_sync import (
        History,
        Imported,
        LogReview,
        Merger,
        Replayed,
        Replayer,
    )

__all__ = [
    "Answer",
    "ConflictError",
    "DayShifts",
    "DeckIndex",
    "DeckOutline",
    "DeckRow",
    "EntryRow",
    "FileRow",
    "History",
    "Imported",
    "LogReview",
    "Merger",
    "Replayed",
    "Replayer",
    "IndexUpdate",
    "DueItem",
    "ItemProgress",
    "ProgressStore",
    "Recorded",
    "ReviewDay",
    "ReviewRow",
    "Selection",
    "StatsQueries",
    "from_ms",
    "join_tags",
    "split_tags",
    "to_ms",
]

_LATER = (
    dict.fromkeys(("DayShifts", "ReviewDay", "StatsQueries"), "aggregates")
    | dict.fromkeys(("DeckRow", "EntryRow", "IndexUpdate"), "index_update")
    | dict.fromkeys(
        ("History", "Imported", "LogReview", "Merger", "Replayed", "Replayer"), "review_sync"
    )
)
"""Names imported on first use: statistics, re-indexing and the review log need them, the
quiz's start not."""


def __getattr__(name: str) -> Any:
    """Return a name of the store's API, importing its module on first use."""
    if name not in _LATER:
        raise AttributeError(f"module 'studykit.study.store' has no attribute '{name}'")
    return getattr(import_module(f"studykit.study.store.{_LATER[name]}"), name)
