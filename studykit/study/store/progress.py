"""The progress store: schedules, the review log and sessions, one transaction per change."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from studykit.errors import DataError, StudykitError
from studykit.study.card_state import Rating, Schedule
from studykit.study.store.database import connect, connect_for_reading
from studykit.study.store.rows import (
    ITEM_COLUMNS,
    ItemProgress,
    from_ms,
    item_from_json,
    item_from_row,
    item_json,
    item_values,
    to_ms,
)

if TYPE_CHECKING:
    from studykit.study.store.review_sync import Imported, LogReview, Merger, Replayer

Rescheduler = Callable[[Schedule], Schedule]
"""Compute the schedule after an answer from the schedule before it."""


class Answer(NamedTuple):
    """One answer to record: which item, the rating, when, and how long it took."""

    key: str
    deck_id: str
    rating: Rating
    now: datetime
    duration_ms: int | None = None
    content_hash: str = ""


class Recorded(NamedTuple):
    """The result of recording an answer: its log id and the item before and after."""

    review_id: int
    before: ItemProgress
    after: ItemProgress
    became_leech: bool = False


class ReviewRow(NamedTuple):
    """One review-log entry, as statistics read it."""

    key: str
    deck_id: str
    reviewed_at: int
    rating: int
    duration_ms: int | None
    state_before: int


class ConflictError(StudykitError):
    """Another session changed the item since this one answered it."""


class ProgressStore:
    """Read and change stored progress; every change is its own committed transaction."""

    def __init__(self, path: Path, leech_threshold: int = 8, *, reading: bool = False) -> None:
        """Open the database; with `reading`, never write or create anything (stats, due)."""
        self.path = path
        self.leech_threshold = leech_threshold
        self.attach_uri: str | None = None
        """How the deck index attaches this database when not by its path."""
        if reading:
            self._db, self.attach_uri = connect_for_reading(path)
        else:
            self._db = connect(path)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Run a block as one IMMEDIATE transaction: other writers wait, nothing half-done."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self.path}: cannot write progress ({error})") from None
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _read(self, sql: str, args: Iterable[object] = ()) -> list[tuple[object, ...]]:
        try:
            return self._db.execute(sql, tuple(args)).fetchall()
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self.path}: cannot read progress ({error})") from None

    def item(self, key: str, deck_id: str = "") -> ItemProgress:
        """Return the stored progress of an item (a new, absent item when there is none)."""
        rows = self._read(f"SELECT {ITEM_COLUMNS} FROM items WHERE key = ?", (key,))
        return item_from_row(rows[0]) if rows else ItemProgress(key, deck_id, exists=False)

    def _put(self, db: sqlite3.Connection, item: ItemProgress) -> None:
        if not item.exists:
            db.execute("DELETE FROM items WHERE key = ?", (item.key,))
            return
        marks = ", ".join("?" * len(ITEM_COLUMNS.split(", ")))
        db.execute(
            f"INSERT OR REPLACE INTO items ({ITEM_COLUMNS}) VALUES ({marks})", item_values(item)
        )

    def record(
        self, answer: Answer, reschedule: Rescheduler, session: str, replacing: int | None = None
    ) -> Recorded:
        """Apply an answer to the item's stored schedule and log it, atomically.

        With `replacing`, that earlier answer is undone first in the same transaction (an
        override of an automatic grade).
        """
        # The review log's module loads at the first answer: the first card does not wait.
        from studykit.study.store.review_sync import new_review_id

        with self._write() as db:
            if replacing is not None:
                self._undo_in(db, replacing)
            before = self.item(answer.key, answer.deck_id)
            after = self._answered(before, answer, reschedule)
            leech = self._leech_again(before, after)
            cursor = db.execute(
                "INSERT INTO reviews (key, deck_id, reviewed_at, rating, duration_ms, state_before,"
                " state_after, before, after, session, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer.key, answer.deck_id, to_ms(answer.now), int(answer.rating),
                 answer.duration_ms, int(before.schedule.state), int(after.schedule.state),
                 item_json(before), item_json(after), session, new_review_id()),
            )  # fmt: skip
            self._put(db, after)
            db.execute("UPDATE sessions SET answers = answers + 1 WHERE id = ?", (session,))
        assert cursor.lastrowid is not None
        return Recorded(cursor.lastrowid, before, after, leech)

    def _answered(
        self, before: ItemProgress, answer: Answer, reschedule: Rescheduler
    ) -> ItemProgress:
        schedule = reschedule(before.schedule)
        item = replace(
            before, deck_id=answer.deck_id, schedule=schedule, exists=True,
            content_hash=answer.content_hash or before.content_hash,
        )  # fmt: skip
        if self._leech_again(before, item):
            item = replace(item, leech=True, suspended=True)
        return item

    def _leech_again(self, before: ItemProgress, after: ItemProgress) -> bool:
        """Return whether this answer reaches the leech threshold, or another half of it."""
        from studykit.study.store.review_sync import reaches_leech

        return reaches_leech(before.schedule.lapses, after.schedule.lapses, self.leech_threshold)

    def undo(self, review_id: int) -> ItemProgress:
        """Restore the exact item state before a logged answer and drop the log entry."""
        with self._write() as db:
            return self._undo_in(db, review_id)

    def _undo_in(self, db: sqlite3.Connection, review_id: int) -> ItemProgress:
        rows = db.execute(
            "SELECT key, deck_id, before, after, session FROM reviews WHERE id = ?", (review_id,)
        ).fetchall()
        if not rows:
            raise ConflictError(f"answer {review_id} is no longer in the review log")
        key, deck_id, before_json, after_json, session = rows[0]
        if item_json(self.item(key, deck_id)) != after_json:
            raise ConflictError(f"'{key}' was changed by another session since; not undone")
        before = item_from_json(before_json, key, deck_id)
        self._put(db, before)
        db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        db.execute("UPDATE sessions SET answers = answers - 1 WHERE id = ?", (session,))
        return before

    def set_suspended(self, key: str, deck_id: str, suspended: bool) -> ItemProgress:
        """Suspend or unsuspend an item; return its state before the change."""
        with self._write() as db:
            before = self.item(key, deck_id)
            self._put(db, replace(before, suspended=suspended, exists=True))
        return before

    def restore(self, item: ItemProgress) -> None:
        """Put an item back exactly as given (undoing a suspension)."""
        with self._write() as db:
            self._put(db, item)

    def items(self) -> list[ItemProgress]:
        """Return every stored item."""
        return [item_from_row(row) for row in self._read(f"SELECT {ITEM_COLUMNS} FROM items")]

    def reviews_since(self, since: datetime) -> list[ReviewRow]:
        """Return the review-log entries at or after `since`, oldest first."""
        rows = self._read(
            "SELECT key, deck_id, reviewed_at, rating, duration_ms, state_before FROM reviews"
            " WHERE reviewed_at >= ? ORDER BY reviewed_at, id",
            (to_ms(since),),
        )
        return [ReviewRow(*row) for row in rows]  # type: ignore[arg-type]

    def next_due(self) -> datetime | None:
        """Return when the earliest unsuspended studied item is due."""
        rows = self._read("SELECT min(due) FROM items WHERE suspended = 0 AND state > 0")
        value = rows[0][0] if rows else None
        return from_ms(value) if isinstance(value, int) else None

    def delete_items(self, keys: Iterable[str]) -> int:
        """Delete items and their review log for good; return how many items went."""
        chosen = sorted(set(keys))
        with self._write() as db:
            for key in chosen:
                db.execute("DELETE FROM reviews WHERE key = ?", (key,))
                db.execute("DELETE FROM items WHERE key = ?", (key,))
        return len(chosen)

    def start_session(self, session: str, mode: str, now: datetime) -> None:
        """Log the start of a study session."""
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO sessions (id, started_at, mode) VALUES (?, ?, ?)",
                (session, to_ms(now), mode),
            )

    def end_session(self, session: str, now: datetime) -> None:
        """Log the end of a study session."""
        with self._write() as db:
            db.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (to_ms(now), session))

    def log_reviews(self) -> list[LogReview]:
        """Return every review of the log, oldest first, as `progress export` writes them."""
        from studykit.study.store.review_sync import log_reviews

        try:
            return log_reviews(self._db)
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self.path}: cannot read progress ({error})") from None

    def import_reviews(self, merger: Merger, session: str, now: datetime) -> Imported:
        """Add reviews and rewrite the items they change, in one transaction.

        `merger` gets every stored review and returns the replayed items to write and the
        ids of the reviews among them that are new here (it may raise: nothing is written).
        """
        from studykit.study.store.review_sync import (
            Imported,
            apply_replay,
            log_reviews,
            start_import_session,
        )

        with self._write() as db:
            history, added = merger(log_reviews(db))
            if added:
                start_import_session(db, session, now, len(added))
            leeches = apply_replay(db, history, added, session, self.leech_threshold)
        return Imported(len(added), len(history), tuple(leeches))

    def reschedule_all(self, replayer: Replayer) -> int:
        """Replay every item's log with a new scheduler (after fitting); return how many."""
        from studykit.study.store.review_sync import apply_reschedule, log_reviews

        with self._write() as db:
            history = replayer(log_reviews(db))
            apply_reschedule(db, history)
        return len(history)

    def fitted_parameters(self) -> tuple[float, ...] | None:
        """Return the FSRS parameters `studykit optimize` saved last, or None."""
        from studykit.study.store.review_sync import saved_parameters

        try:
            return saved_parameters(self._db)
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self.path}: cannot read progress ({error})") from None

    def save_parameters(
        self, parameters: tuple[float, ...], reviews: int, report: object, now: datetime
    ) -> None:
        """Save fitted FSRS parameters; the quiz and exports use them from now on."""
        from studykit.study.store.review_sync import save_parameters

        with self._write() as db:
            save_parameters(db, parameters, reviews, report, now)

    def bury(self, key: str, until: datetime) -> None:
        """Keep an item (and, through the queue, its siblings) out of study until `until`."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO buried (key, until) VALUES (?, ?)", (key, to_ms(until))
            )

    def unbury(self, key: str) -> None:
        """Let a buried item back (undoing a bury)."""
        with self._write() as db:
            db.execute("DELETE FROM buried WHERE key = ?", (key,))

    def buried(self, now: datetime) -> list[str]:
        """Return the keys buried past `now`."""
        rows = self._read("SELECT key FROM buried WHERE until > ?", (to_ms(now),))
        return [str(row[0]) for row in rows]
