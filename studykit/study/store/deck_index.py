"""The deck index: every study item of a deck folder in deck order, in a SQLite file.

The quiz reads it instead of the YAML (parsing 10,000 cards takes half a second) and asks
it, with the progress database attached, for the day's due and new items through indexes,
so the first card costs the same at 100,000 cards as at 1,000. Items are pickled one by
one and unpickled only when shown. A file is written whole under a temporary name and
renamed into place, never changed afterwards, so readers open it as immutable.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.errors import DataError
from studykit.study.card_state import State
from studykit.study.queue import DueItem
from studykit.study.store.rows import ITEM_COLUMNS, item_from_row

SCHEMA = """
CREATE TABLE meta (signature TEXT NOT NULL);
CREATE TABLE decks (deck_id TEXT PRIMARY KEY, position INTEGER NOT NULL);
CREATE TABLE entries (
    pos INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    deck_id TEXT NOT NULL,
    sibling TEXT NOT NULL,
    tags TEXT NOT NULL,
    kind TEXT NOT NULL,
    item BLOB NOT NULL
);
"""
TAG_MARK = "\x1f"
"""Separates tags in the tags column (and ends it), so a tag matches only whole."""
PAGE = 256
"""Rows read at a time from the due and new queries."""
STARTED = "(i.state > 0 OR i.suspended = 1)"
"""An item that is no longer new (answered at least once, or suspended)."""
DUE_COLUMNS = ", ".join(f"i.{name}" for name in ITEM_COLUMNS.split(", "))

Row = tuple[str, str, str, tuple[str, ...], str, object]
"""What the index keeps of one item: key, deck id, sibling group, tags, kind, the item."""


@dataclass(frozen=True)
class Selection:
    """Which items a command works on: some decks (all when empty), with a tag if given."""

    deck_ids: tuple[str, ...] = ()
    tag: str | None = None

    def where(self, alias: str = "e") -> tuple[str, list[object]]:
        """Return an SQL condition on the entries table and its parameters."""
        parts: list[str] = ["1"]
        args: list[object] = []
        if self.deck_ids:
            parts.append(f"{alias}.deck_id IN ({', '.join('?' * len(self.deck_ids))})")
            args += self.deck_ids
        if self.tag is not None:
            parts.append(f"instr({alias}.tags, ?) > 0")
            args.append(f"{TAG_MARK}{self.tag}{TAG_MARK}")
        return " AND ".join(parts), args


def write_index(
    path: Path | str, signature: str, deck_ids: Iterable[str], rows: Iterable[Row]
) -> None:
    """Write an index file: a temporary file, renamed into place when complete (OSError if not)."""
    temporary = Path(f"{path}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            _fill(db, signature, deck_ids, rows)
        finally:
            db.close()
    except sqlite3.Error as error:
        temporary.unlink(missing_ok=True)
        raise OSError(f"{temporary}: {error}") from None
    os.replace(temporary, path)


def _fill(
    db: sqlite3.Connection, signature: str, deck_ids: Iterable[str], rows: Iterable[Row]
) -> None:
    """Create the tables and insert everything in one transaction."""
    db.execute("PRAGMA journal_mode = OFF")  # a new file renamed into place when complete
    db.executescript(SCHEMA)
    db.execute("BEGIN")
    db.execute("INSERT INTO meta VALUES (?)", (signature,))
    db.executemany("INSERT INTO decks VALUES (?, ?)", ((d, n) for n, d in enumerate(deck_ids)))
    db.executemany(
        "INSERT INTO entries (key, deck_id, sibling, tags, kind, item) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (key, deck, sibling, _tags(tags), kind, pickle.dumps(item, pickle.HIGHEST_PROTOCOL))
            for key, deck, sibling, tags, kind, item in rows
        ),
    )
    db.execute("COMMIT")


def _tags(tags: tuple[str, ...]) -> str:
    return TAG_MARK + "".join(f"{tag}{TAG_MARK}" for tag in tags)


class DeckIndex:
    """Read one index file: entries, items, and the day's due and new items."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._progress: Path | None = None

    @classmethod
    def open(cls, path: Path, signature: str) -> DeckIndex | None:
        """Open the index file if it exists and was written for this signature."""
        try:
            if not path.is_file():
                return None
            db = sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None)
        except (OSError, sqlite3.Error):  # a cache out of reach only costs the start its speed
            return None
        try:
            stored = db.execute("SELECT signature FROM meta").fetchone()
        except sqlite3.Error:
            stored = None  # not an index (damaged, or an older format): rebuilt by the caller
        if stored is None or stored[0] != signature:
            db.close()
            return None
        return cls(db)

    @classmethod
    def in_memory(cls, deck_ids: Iterable[str], rows: Iterable[Row]) -> DeckIndex:
        """Return an index held in memory (decks already loaded; tests, benchmarks)."""
        db = sqlite3.connect(":memory:", uri=True, isolation_level=None)  # attaches URIs
        _fill(db, "", deck_ids, rows)
        return cls(db)

    def close(self) -> None:
        """Close the index (and the attached progress database)."""
        self._db.close()

    def attach_progress(self, path: Path, uri: str | None = None) -> None:
        """Attach the progress database (by `uri` if given) once per path.

        The due and new queries join it.
        """
        if self._progress == path:
            return
        if self._progress is not None:
            self._db.execute("DETACH DATABASE progress")
        self._db.execute("ATTACH DATABASE ? AS progress", (uri or str(path),))
        self._progress = path

    def deck_ids(self) -> list[str]:
        """Return the deck ids in folder order."""
        return [row[0] for row in self._db.execute("SELECT deck_id FROM decks ORDER BY position")]

    def rows(self, selection: Selection) -> Iterator[tuple[str, str, str, str, str]]:
        """Yield (key, deck id, sibling, tags, kind) of the selected items in deck order."""
        where, args = selection.where()
        sql = f"SELECT key, deck_id, sibling, tags, kind FROM entries e WHERE {where} ORDER BY pos"
        yield from self._db.execute(sql, args)

    def item(self, key: str) -> Any:
        """Return the stored item of a key, or None."""
        row = self._db.execute("SELECT item FROM entries WHERE key = ?", (key,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def siblings(self, keys: Iterable[str]) -> dict[str, str]:
        """Return the sibling group of each known key."""
        found: dict[str, str] = {}
        chosen = list(keys)
        for start in range(0, len(chosen), 500):
            part = chosen[start : start + 500]
            marks = ", ".join("?" * len(part))
            sql = f"SELECT key, sibling FROM entries WHERE key IN ({marks})"
            found.update(self._db.execute(sql, part))
        return found

    def due(
        self,
        selection: Selection,
        until_ms: int,
        states: tuple[State, ...],
        schedules: bool = False,
    ) -> Iterator[DueItem]:
        """Yield the selected unsuspended items in these states due before `until_ms`, by due.

        With `schedules`, each item carries its whole schedule (learning steps need it).
        """
        where, args = selection.where()
        # The states are written into the SQL (they are ints of an enum) so that SQLite can
        # prove a query over learning states fits the partial index items_learning.
        listed = ", ".join(str(int(state)) for state in states)
        columns = DUE_COLUMNS if schedules else "i.key, i.due"
        # Walks the items_due index in order and stops at the page's end: a backlog of
        # thousands of due items costs nothing until they are needed.
        sql = (
            f"SELECT e.sibling, {columns} FROM progress.items i JOIN entries e ON e.key = i.key"
            f" WHERE i.suspended = 0 AND i.state > 0 AND i.due < ? AND i.state IN ({listed})"
            f" AND {where} ORDER BY i.due LIMIT {PAGE} OFFSET ?"
        )
        offset = 0
        while True:
            page = self.query(sql, [until_ms, *args, offset])
            for sibling, *row in page:
                if schedules:
                    yield DueItem(row[0], sibling, row[6], item_from_row(tuple(row)).schedule)
                else:
                    yield DueItem(row[0], sibling, row[1])
            if len(page) < PAGE:
                return
            offset += PAGE

    def new(self, selection: Selection) -> Iterator[tuple[str, str]]:
        """Yield (key, sibling) of the selected items never studied, in deck order."""
        where, args = selection.where()
        sql = (
            "SELECT pos, key, sibling FROM entries e WHERE pos > ? AND "
            f"{where} AND NOT EXISTS (SELECT 1 FROM progress.items i WHERE i.key = e.key AND"
            f" {STARTED}) ORDER BY pos LIMIT ?"
        )
        after, size = -1, 32  # a day's new items fit the first page; later pages are larger
        while True:
            page = self.query(sql, [after, *args, size])
            for _, key, sibling in page:
                yield key, sibling
            if len(page) < size:
                return
            after, size = page[-1][0], PAGE

    def count_new(self, selection: Selection) -> int:
        """Return how many selected items were never studied."""
        where, args = selection.where()
        sql = (
            f"SELECT count(*) FROM entries e WHERE {where} AND NOT EXISTS"
            f" (SELECT 1 FROM progress.items i WHERE i.key = e.key AND {STARTED})"
        )
        return int(self.query(sql, args)[0][0])

    def count_due(
        self, selection: Selection, until_ms: int, now_ms: int
    ) -> list[tuple[str, int, int]]:
        """Return (deck id, due before `until_ms`, due by `now_ms`) of the selected decks."""
        where, args = selection.where()
        sql = (
            "SELECT e.deck_id, count(*), sum(i.due <= ?) FROM progress.items i"
            " JOIN entries e ON e.key = i.key WHERE i.suspended = 0 AND i.state > 0"
            f" AND i.due < ? AND {where} GROUP BY e.deck_id ORDER BY min(i.due)"
        )
        return self.query(sql, [now_ms, until_ms, *args])

    def query(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Return the rows of a read-only query on the entries and the attached progress."""
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as error:
            raise DataError(f"{self._progress}: cannot read progress ({error})") from None
