"""The tables of a deck index file and the one transaction that re-indexes some deck files.

An entry's `pos` is its deck's course position times 2^32 plus its place in the deck, so
the new-item query reads entries in course order from the primary key; when decks move in
the course, the entries of the decks that moved are renumbered, nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

SCHEMA = """
CREATE TABLE meta (version TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    digest TEXT NOT NULL,
    checked_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE decks (
    deck_id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    position INTEGER NOT NULL,
    outline TEXT NOT NULL,
    deck TEXT NOT NULL,
    texts TEXT NOT NULL
);
CREATE INDEX decks_file ON decks (file);
CREATE TABLE entries (
    pos INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    deck_id TEXT NOT NULL,
    sibling TEXT NOT NULL,
    tags TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL
);
CREATE INDEX entries_deck ON entries (deck_id);
"""
PLACE_BITS = 32
"""An entry's place in its deck takes the low 32 bits of `pos`, its deck's position the rest."""


class DeckRow(NamedTuple):
    """One deck to store: its id, file, course position, outline, content and texts (JSON)."""

    deck_id: str
    file: str
    position: int
    outline: str
    deck: str
    texts: str


class EntryRow(NamedTuple):
    """One study item to store, at a place in its deck."""

    deck_id: str
    place: int
    key: str
    sibling: str
    tags: str
    kind: str
    item: str


class IndexUpdate(NamedTuple):
    """What re-indexing some deck files changes, applied in one transaction."""

    files: Sequence[tuple[str, int, int, str, int]]
    """(path, mtime_ns, size, digest, checked_ns) of each file indexed again or touched."""
    dropped: Sequence[str]
    """Files whose decks go (removed, or indexed again: their new decks are in `decks`)."""
    removed: Sequence[str]
    """Files no longer in the folder."""
    decks: Sequence[DeckRow]
    entries: Sequence[EntryRow]
    positions: dict[str, int]
    """The course position of every deck after the update."""


def apply_update(db: sqlite3.Connection, change: IndexUpdate) -> None:
    """Apply an update inside the caller's transaction."""
    for file in change.dropped:
        gone = [row[0] for row in db.execute("SELECT deck_id FROM decks WHERE file = ?", (file,))]
        for deck_id in gone:
            db.execute("DELETE FROM entries WHERE deck_id = ?", (deck_id,))
        db.execute("DELETE FROM decks WHERE file = ?", (file,))
    _renumber(db, change.positions)
    db.executemany("INSERT INTO decks VALUES (?, ?, ?, ?, ?, ?)", change.decks)
    shift = {row.deck_id: row.position << PLACE_BITS for row in change.decks}
    db.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (shift[e.deck_id] | e.place, e.key, e.deck_id, e.sibling, e.tags, e.kind, e.item)
            for e in change.entries
        ),
    )
    db.executemany("DELETE FROM files WHERE path = ?", ((path,) for path in change.removed))
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", change.files)


def _renumber(db: sqlite3.Connection, positions: dict[str, int]) -> None:
    """Give the kept decks their new course positions, and their entries new `pos` values."""
    moved = [
        (positions[deck_id], deck_id)
        for deck_id, position in db.execute("SELECT deck_id, position FROM decks")
        if positions.get(deck_id, position) != position
    ]
    # Two passes, so that no entry takes a `pos` another still holds: first out of the way
    # (negative), then into place.
    for _, deck_id in moved:
        db.execute("UPDATE entries SET pos = -1 - pos WHERE deck_id = ?", (deck_id,))
    mask = (1 << PLACE_BITS) - 1
    for position, deck_id in moved:
        db.execute(
            f"UPDATE entries SET pos = (? << {PLACE_BITS}) | ((-1 - pos) & {mask})"
            " WHERE deck_id = ?",
            (position, deck_id),
        )
        db.execute("UPDATE decks SET position = ? WHERE deck_id = ?", (position, deck_id))
