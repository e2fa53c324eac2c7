"""Statistics counted by SQLite: a few aggregated rows instead of every item and review.

The queries run on the deck index's connection with the progress database attached, so
which items count (the selected decks' keys that still exist) is a join, never a set of
keys in Python. Times are unix milliseconds in UTC; the caller, who knows the time zone,
turns them into study days with `DayShifts` and the forecast's day boundaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.study.card_state import Rating, State
from studykit.study.store.deck_index import DeckIndex, Selection

DAY_MS = 86_400_000
REVIEW = int(State.REVIEW)
AGAIN = int(Rating.AGAIN)


@dataclass(frozen=True)
class DayShifts:
    """What turns a UTC millisecond into one of the study-day clock: `first`, then changes.

    A shift is the UTC offset minus the rollover hour, in milliseconds; `changes` holds
    (from_ms, shift) in time order, one per daylight-saving switch. The study day of a
    moment is then `(ms + shift) // DAY_MS` days after 1970-01-01.
    """

    first: int
    changes: tuple[tuple[int, int], ...] = ()

    def day_sql(self, column: str) -> str:
        """Return an SQL expression of the study day (days since 1970-01-01) of a column."""
        shift = str(int(self.first))
        if self.changes:
            cases = []
            previous = self.first
            for start, value in self.changes:
                cases.append(f"WHEN {column} < {int(start)} THEN {int(previous)}")
                previous = value
            shift = f"CASE {' '.join(cases)} ELSE {int(previous)} END"
        # Integer division truncates, the floor for the positive times of any review.
        return f"(({column} + {shift}) / {DAY_MS})"

    def largest(self) -> int:
        """Return the largest shift (the earliest moment a given study day can start)."""
        return max([self.first, *(value for _, value in self.changes)])


@dataclass(frozen=True)
class ReviewDay:
    """The reviews of one study day: how many, and the time taken by the timed ones."""

    day: int
    """Days since 1970-01-01."""
    reviews: int
    duration_ms: int
    timed: int


DeckRow = tuple[str, int, int, int, int, int, int]
"""deck id, new, learning, review, suspended, leech, due (the fields of DeckCounts)."""


def _count(condition: str) -> str:
    """Return an SQL aggregate counting the rows where a condition holds (NULL: no)."""
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


STARTED = "(i.state > 0 OR i.suspended != 0)"
"""A stored item that is no longer new (answered at least once, or suspended)."""
STUDYING = "i.suspended = 0 AND i.state > 0"
"""An answered item the queue shows when it falls due."""
RECENT = "entries e CROSS JOIN progress.reviews r ON r.key = e.key AND r.reviewed_at >= ?"
"""The reviews of each entry since a moment: entry by entry, from the reviews_key_time index.

CROSS JOIN keeps this order: both sides are walked in step, where reading the log by time
and looking every review's key up would jump around the deck index for each review.
"""


class StatsQueries:
    """Aggregate the progress of the selected items, joined with the deck index."""

    def __init__(
        self, index: DeckIndex, progress: Path, selection: Selection, uri: str | None = None
    ) -> None:
        index.attach_progress(progress, uri)
        self._index = index
        self._selection = selection

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._index.query(sql, args)

    def deck_counts(self, due_before: int) -> list[DeckRow]:
        """Return the counts of each selected deck in deck order (due: before `due_before`)."""
        where, args = self._selection.where()
        sql = (
            f"SELECT e.deck_id, count(*) - {_count(STARTED)},"
            f" {_count(f'{STUDYING} AND i.state != {REVIEW}')},"
            f" {_count(f'i.suspended = 0 AND i.state = {REVIEW}')},"
            f" {_count('i.suspended != 0')}, {_count(f'{STARTED} AND i.leech != 0')},"
            f" {_count(f'{STUDYING} AND i.due < ?')}"
            " FROM entries e LEFT JOIN progress.items i ON i.key = e.key"
            f" WHERE {where} GROUP BY e.deck_id ORDER BY min(e.pos)"
        )
        return [tuple(row) for row in self._rows(sql, [due_before, *args])]

    def forecast(self, bounds: Sequence[int]) -> list[int]:
        """Return how many selected items fall due before each bound and after the one before."""
        where, args = self._selection.where()
        buckets = " ".join(f"WHEN i.due < {int(bound)} THEN {n}" for n, bound in enumerate(bounds))
        sql = (
            f"SELECT CASE {buckets} END AS day, count(*) FROM progress.items i"
            f" JOIN entries e ON e.key = i.key WHERE {STUDYING} AND i.due < ? AND {where}"
            " GROUP BY day"
        )
        counts = [0] * len(bounds)
        for day, count in self._rows(sql, [bounds[-1], *args]):
            counts[day] = count
        return counts

    def orphans(self) -> list[str]:
        """Return the keys of stored items no deck holds any more (whatever the selection)."""
        sql = (
            "SELECT key FROM progress.items i"
            " WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.key = i.key)"
        )
        return [str(row[0]) for row in self._rows(sql)]

    def last_review(self) -> int | None:
        """Return when the latest review of any item happened (unix ms), if any."""
        value = self._rows("SELECT max(reviewed_at) FROM progress.reviews")[0][0]
        return None if value is None else int(value)

    def review_days(self, since: int, shifts: DayShifts) -> list[ReviewDay]:
        """Return the selected items' reviews at or after `since` per study day."""
        where, args = self._selection.where()
        sql = (
            "SELECT day, count(*), coalesce(sum(duration_ms), 0), count(duration_ms) FROM"
            f" (SELECT {shifts.day_sql('r.reviewed_at')} AS day, r.duration_ms FROM {RECENT}"
            f" WHERE {where}) GROUP BY day"
        )
        return [ReviewDay(*row) for row in self._rows(sql, [since, *args])]

    def retention(self, since: int, shifts: DayShifts, first_day: int) -> tuple[int, int]:
        """Return (passed, reviewed) of the first Review-state answer per item and study day.

        Only reviews at or after `since` and on study days from `first_day` count.
        """
        where, args = self._selection.where()
        day = shifts.day_sql("r.reviewed_at")
        # No review of `first_day` happens before its start at the largest shift.
        start = max(since, first_day * DAY_MS - shifts.largest())
        sql = (
            f"SELECT count(*), {_count(f'rating != {AGAIN}')} FROM"
            f" (SELECT r.rating, row_number() OVER (PARTITION BY {day}, r.key"
            " ORDER BY r.reviewed_at, r.id) AS nth"
            f" FROM {RECENT} WHERE r.state_before = {REVIEW} AND {day} >= ? AND {where})"
            " WHERE nth = 1"
        )
        reviewed, passed = self._rows(sql, [start, first_day, *args])[0]
        return int(passed or 0), int(reviewed)
