"""The SQLite store: progress and deck indexes; the only package that imports `sqlite3`.

This is the store's public API: study modules (planner, stats, due, the queue) and the
deck folder (studykit.decks) import these names from here, never the modules below.

- `ProgressStore`: schedules, the review log and sessions of one progress database.
- `DeckIndex`: a deck folder's study items in course order; with the progress database
  attached it answers the day's due and new items (`Selection` picks decks and a tag).
- `StatsQueries`: statistics counted by SQLite over an index and its attached progress.
"""

from studykit.study.store.aggregates import DayShifts, ReviewDay, StatsQueries
from studykit.study.store.deck_index import DeckIndex, Selection
from studykit.study.store.progress import (
    Answer,
    ConflictError,
    ProgressStore,
    Recorded,
    ReviewRow,
)
from studykit.study.store.rows import DueItem, ItemProgress, from_ms, to_ms

__all__ = [
    "Answer",
    "ConflictError",
    "DayShifts",
    "DeckIndex",
    "DueItem",
    "ItemProgress",
    "ProgressStore",
    "Recorded",
    "ReviewDay",
    "ReviewRow",
    "Selection",
    "StatsQueries",
    "from_ms",
    "to_ms",
]
