"""The deck index file: a deck folder's decks and study items in course order, in SQLite.

What its rows hold (JSON text, the format version) is decided by the deck folder package,
studykit.decks; this module keeps them. The quiz reads the index instead of the YAML and
asks it, with the progress database attached, for the day's due and new items through
indexes, so the first card costs the same at 100,000 cards as at 1,000. The file is
changed in place, one deck file at a time, in one transaction per update (WAL mode, so a
quiz reading it never waits for another process re-indexing a deck).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from studykit.errors import DataError
from studykit.study.card_state import State
from studykit.study.store.rows import ITEM_COLUMNS, DueItem, item_from_row

if TYPE_CHECKING:  # written when a deck file changed, not on a start that only reads
    from studykit.study.store.index_update import IndexUpdate

TAG_MARK = "\x1f"
"""Separates tags in the tags column (and ends it), so a tag matches only whole."""
PAGE = 256
"""Rows read at a time from the due and new queries."""
STARTED = "(i.state > 0 OR i.suspended = 1)"
"""An item that is no longer new (answered at least once, or suspended)."""
DUE_COLUMNS = ", ".join(f"i.{name}" for name in ITEM_COLUMNS.split(", "))
BUSY_TIMEOUT_S = 10.0
"""How long an update waits for another process's update of the same index."""


class FileRow(NamedTuple):
    """A deck or model file as last indexed: path under the folder, time, size, digest."""

    path: str
    mtime_ns: int
    size: int
    digest: str
    checked_ns: int
    """When its time and size were read (a file changed within the clock's grain after
    that may keep both: such a file is compared by digest)."""


class DeckOutline(NamedTuple):
    """What the index keeps of a deck apart from its content: file, position, outline."""

    deck_id: str
    file: str
    position: int
    outline: str


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


def join_tags(tags: Iterable[str]) -> str:
    """Return tags as the tags column holds them."""
    return TAG_MARK + "".join(f"{tag}{TAG_MARK}" for tag in tags)


def split_tags(column: str) -> tuple[str, ...]:
    """Return the tags of a tags column."""
    return tuple(column.split(TAG_MARK)[1:-1])


class DeckIndex:
    """One index: its files and decks, its entries, and the day's due and new items."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._progress: Path | None = None

    @classmethod
    def open(cls, path: Path, version: str) -> DeckIndex | None:
        """Open (or create) the index file of this format version; None if out of reach.

        A file of another version, or damaged, is emptied: the caller indexes the folder.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = _connect(path)
        except sqlite3.DatabaseError as error:
            return _replace_damaged(path, version) if _damaged(error) else None
        except OSError:  # an unreachable cache only costs the start its speed
            return None
        try:
            if _stored_version(db) != version:
                _recreate(db, version)
        except sqlite3.DatabaseError as error:
            db.close()
            return _replace_damaged(path, version) if _damaged(error) else None
        return cls(db)

    @classmethod
    def in_memory(cls, version: str) -> DeckIndex:
        """Return an empty index held in memory (no cache folder; tests, the site plugin)."""
        db = sqlite3.connect(":memory:", uri=True, isolation_level=None)  # attaches URIs
        _recreate(db, version)
        return cls(db)

    def close(self) -> None:
        """Close the index (and the attached progress database)."""
        self._db.close()

    def files(self) -> dict[str, FileRow]:
        """Return the indexed files by path; OSError when the index cannot be read."""
        sql = "SELECT path, mtime_ns, size, digest, checked_ns FROM files"
        try:
            return {row[0]: FileRow(*row) for row in self._db.execute(sql)}
        except sqlite3.DatabaseError as error:  # a cache out of reach only costs speed
            raise OSError(f"cannot read the deck index: {error}") from None

    def outlines(self) -> list[DeckOutline]:
        """Return every deck's file, position and outline, in course order."""
        sql = "SELECT deck_id, file, position, outline FROM decks ORDER BY position"
        return [DeckOutline(*row) for row in self._db.execute(sql)]

    def update(self, change: IndexUpdate, expected: dict[str, FileRow]) -> bool:
        """Apply an update in one transaction if the files are still as `expected`.

        Return False, changing nothing, when another process changed the index meanwhile.
        """
        try:
            self._db.execute("PRAGMA synchronous = NORMAL")  # a cache: a power cut costs speed
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise OSError(f"cannot update the deck index: {error}") from None
        try:
            if self.files() != expected:
                self._db.execute("ROLLBACK")
                return False
            from studykit.study.store.index_update import apply_update

            apply_update(self._db, change)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return True

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
        """Return the deck ids in course order."""
        return [row[0] for row in self._db.execute("SELECT deck_id FROM decks ORDER BY position")]

    def deck(self, deck_id: str) -> tuple[str, str, str, str] | None:
        """Return (file, outline, deck, texts) of a deck as stored, or None."""
        sql = "SELECT file, outline, deck, texts FROM decks WHERE deck_id = ?"
        row = self._db.execute(sql, (deck_id,)).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    def rows(self, selection: Selection) -> Iterator[tuple[str, str, str, str, str]]:
        """Yield (key, deck id, sibling, tags, kind) of the selected items in course order."""
        where, args = selection.where()
        sql = f"SELECT key, deck_id, sibling, tags, kind FROM entries e WHERE {where} ORDER BY pos"
        yield from self._db.execute(sql, args)

    def item(self, key: str) -> tuple[str, str, str] | None:
        """Return (deck id, sibling, item) of a key as stored, or None."""
        sql = "SELECT deck_id, sibling, item FROM entries WHERE key = ?"
        row = self._db.execute(sql, (key,)).fetchone()
        return None if row is None else (row[0], row[1], row[2])

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
        """Yield (key, sibling) of the selected items never studied, in course order."""
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


def _connect(path: Path) -> sqlite3.Connection:
    """Return a connection to an index file, created if missing.

    WAL mode is set by `_recreate` and stays with the file.
    """
    uri = f"file:{quote(str(path.absolute()))}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def _stored_version(db: sqlite3.Connection) -> str | None:
    """Return the format version an index was written with (None: empty or another layout)."""
    try:
        row = db.execute("SELECT version FROM meta").fetchone()
    except sqlite3.OperationalError:  # no such table or column: new, or an older layout
        return None
    return None if row is None else str(row[0])


def _recreate(db: sqlite3.Connection, version: str) -> None:
    """Drop whatever the file holds and create the tables of this version, empty."""
    if db.execute("PRAGMA journal_mode = WAL").fetchone()[0] not in ("wal", "memory"):
        raise sqlite3.OperationalError("the deck index cannot use WAL mode here")
    db.execute("BEGIN IMMEDIATE")
    try:
        if _stored_version(db) != version:  # re-read under the lock: another process won
            from studykit.study.store.index_update import SCHEMA

            names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for (name,) in names:
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO meta (version) VALUES (?)", (version,))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _damaged(error: sqlite3.DatabaseError) -> bool:
    """Tell whether an error says the file is not a database, or a damaged one."""
    return getattr(error, "sqlite_errorname", "") in ("SQLITE_NOTADB", "SQLITE_CORRUPT")


def _replace_damaged(path: Path, version: str) -> DeckIndex | None:
    """Delete a damaged index file and open a new one in its place."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        db = _connect(path)
        _recreate(db, version)
    except (OSError, sqlite3.Error):
        return None
    return DeckIndex(db)
