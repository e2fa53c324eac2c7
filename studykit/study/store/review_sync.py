"""The review log as it leaves and enters the store: export rows, imports replayed, parameters.

An import runs in one write transaction: the known reviews are read and handed to the
caller's merger (studykit.study.progress_sync: merge by review id, replay), and the items it
replayed get their review rows and schedules rewritten in place (row ids stay, so a quiz
running beside it can still undo its own answers, or is told the item changed). Nothing is
written when anything fails. The records here (`LogReview`, `Replayed`) are the store's, so
that it imports nothing of `study` but `card_state`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, NamedTuple

from studykit.study.card_state import NEW, Rating, Schedule
from studykit.study.store.rows import (
    ITEM_COLUMNS,
    ItemProgress,
    from_ms,
    item_from_row,
    item_json,
    item_values,
    to_ms,
)


class LogReview(NamedTuple):
    """One review as the review log carries it (studykit.study.review_log's format)."""

    id: str
    """32 lowercase hex digits, random, made when the answer was given."""
    key: str
    at: datetime
    """UTC, whole milliseconds."""
    rating: Rating
    duration_ms: int | None
    origin: str


class Replayed(NamedTuple):
    """One review with the schedule before and after it, as replaying the log gives them."""

    review: LogReview
    before: Schedule
    after: Schedule


History = dict[str, list[Replayed]]
"""Each replayed item's reviews, oldest first."""
Replayer = Callable[[list[LogReview]], History]
"""Replay some reviews through the scheduler (studykit.study.replay.replay)."""
Merger = Callable[[list[LogReview]], tuple[History, set[str]]]
"""Given every stored review, return the items to rewrite and the ids of the reviews to add."""
LOG_COLUMNS = "uid, key, reviewed_at, rating, duration_ms, origin"


class Imported(NamedTuple):
    """What an import did."""

    added: int
    items: int
    """Items whose schedule was replayed."""
    leeches: tuple[str, ...]


def new_review_id() -> str:
    """Return a fresh review id: 32 random hex digits (128 bits, unique across machines)."""
    return os.urandom(16).hex()


def reaches_leech(before_lapses: int, after_lapses: int, threshold: int) -> bool:
    """Return whether a lapse reaches the leech threshold, or another half of it past it."""
    if after_lapses <= before_lapses or after_lapses < threshold:
        return False
    return (after_lapses - threshold) % max(1, threshold // 2) == 0


def _log_review(row: Sequence[Any]) -> LogReview:
    uid, key, at, rating, duration, origin = row
    moment = from_ms(int(at))
    assert moment is not None
    return LogReview(str(uid), str(key), moment, Rating(rating), duration, str(origin))


def log_reviews(db: sqlite3.Connection, keys: Iterable[str] | None = None) -> list[LogReview]:
    """Return the reviews (of some keys, or all) in replay order."""
    if keys is None:
        rows = db.execute(f"SELECT {LOG_COLUMNS} FROM reviews ORDER BY reviewed_at, uid")
        return [_log_review(row) for row in rows]
    found: list[LogReview] = []
    for key in keys:
        rows = db.execute(f"SELECT {LOG_COLUMNS} FROM reviews WHERE key = ?", (key,))
        found += (_log_review(row) for row in rows)
    return sorted(found, key=lambda r: (r.at, r.id))


def _item(db: sqlite3.Connection, key: str) -> ItemProgress:
    rows = db.execute(f"SELECT {ITEM_COLUMNS} FROM items WHERE key = ?", (key,)).fetchall()
    return item_from_row(rows[0]) if rows else ItemProgress(key, key.split("/", 1)[0], exists=False)


_INSERT = (
    "INSERT INTO reviews (key, deck_id, reviewed_at, rating, duration_ms, state_before,"
    " state_after, before, after, session, uid, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE reviews SET state_before = ?, state_after = ?, before = ?, after = ?"
    " WHERE key = ? AND reviewed_at = ? AND uid = ?"  # found through reviews_key_time
)


def _step_values(item: ItemProgress, step: Replayed) -> tuple[object, ...]:
    """Return the states and the item JSON before and after a replayed review."""
    before = replace(item, schedule=step.before, exists=item.exists or step.before != NEW)
    after = replace(item, schedule=step.after, exists=True)
    return int(step.before.state), int(step.after.state), item_json(before), item_json(after)


def _flagged(
    item: ItemProgress, steps: list[Replayed], new_ids: set[str], threshold: int
) -> ItemProgress:
    """Return the item suspended as a leech when a new review reaches the threshold."""
    if any(
        step.review.id in new_ids
        and reaches_leech(step.before.lapses, step.after.lapses, threshold)
        for step in steps
    ):
        return replace(item, leech=True, suspended=True)
    return item


def apply_replay(
    db: sqlite3.Connection,
    history: History,
    new_ids: set[str],
    session: str,
    leech_threshold: int,
) -> list[str]:
    """Write every replayed item and its reviews; return the items that became leeches."""
    leeches, inserts, updates, items = [], [], [], []
    for key, steps in history.items():
        stored = _item(db, key)
        item = _flagged(stored, steps, new_ids, leech_threshold)
        if item.leech and not stored.leech:
            leeches.append(key)
        for step in steps:
            values, review = _step_values(item, step), step.review
            if review.id in new_ids:
                inserts.append((review.key, item.deck_id, to_ms(review.at), int(review.rating),
                                review.duration_ms, *values, session, review.id, review.origin))  # fmt: skip
            else:
                updates.append((*values, review.key, to_ms(review.at), review.id))
        items.append(item_values(replace(item, schedule=steps[-1].after, exists=True)))
    db.executemany(_INSERT, inserts)
    db.executemany(_UPDATE, updates)
    _write_items(db, items)
    return leeches


def apply_reschedule(db: sqlite3.Connection, history: History) -> None:
    """Write every replayed item's new schedule and its last review's item JSON.

    For a new scheduler (fitted parameters): stability, difficulty and due dates change, no
    state does (FSRS moves between states by steps and ratings only), and only an item's
    last review can be undone (its `after` must equal the item), so older rows stay as
    they are; rewriting all of them tripled the time of `studykit optimize`.
    """
    updates, items = [], []
    for key, steps in history.items():
        item, last = _item(db, key), steps[-1]
        review = last.review
        updates.append((*_step_values(item, last), key, to_ms(review.at), review.id))
        items.append(item_values(replace(item, schedule=last.after, exists=True)))
    db.executemany(_UPDATE, updates)
    _write_items(db, items)


def _write_items(db: sqlite3.Connection, items: list[tuple[object, ...]]) -> None:
    marks = ", ".join("?" * len(ITEM_COLUMNS.split(", ")))
    db.executemany(f"INSERT OR REPLACE INTO items ({ITEM_COLUMNS}) VALUES ({marks})", items)


def start_import_session(db: sqlite3.Connection, session: str, now: datetime, answers: int) -> None:
    """Log the import as a session of its own (its reviews need one)."""
    db.execute(
        "INSERT INTO sessions (id, started_at, ended_at, mode, answers) VALUES (?, ?, ?, 'import', ?)",
        (session, to_ms(now), to_ms(now), answers),
    )


def saved_parameters(db: sqlite3.Connection) -> tuple[float, ...] | None:
    """Return the latest fitted FSRS parameters, or None when none were saved."""
    import json

    rows = db.execute("SELECT parameters FROM fsrs_parameters ORDER BY id DESC LIMIT 1").fetchall()
    return tuple(float(v) for v in json.loads(rows[0][0])) if rows else None


def save_parameters(
    db: sqlite3.Connection, parameters: Sequence[float], reviews: int, report: object, now: datetime
) -> None:
    """Keep fitted parameters (the newest row is the one in use) with the figures that chose them."""
    import json

    db.execute(
        "INSERT INTO fsrs_parameters (fitted_at, parameters, reviews, report) VALUES (?, ?, ?, ?)",
        (to_ms(now), json.dumps(list(parameters)), reviews, json.dumps(report)),
    )
