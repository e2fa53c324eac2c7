"""Open the progress database: refuse newer or corrupt files, back up, migrate, WAL mode."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from studykit.errors import DataError
from studykit.study.store.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 10.0
"""How long a writer waits for another process's transaction before giving up."""


def _refuse(path: Path, reason: str) -> DataError:
    return DataError(f"{path}: {reason}; it was left untouched")


def _read_version(connection: sqlite3.Connection, path: Path) -> int:
    """Return the schema version, or raise DataError when the file is not a usable database."""
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise _refuse(path, f"not a readable progress database ({error})") from None
    if version == 0 and tables:
        raise _refuse(path, "this SQLite file is not a studykit progress database")
    return version


def _check_version(version: int, path: Path, latest: int) -> None:
    if version > latest:
        raise _refuse(
            path,
            f"the progress database has schema version {version}, newer than this "
            f"studykit understands ({latest}); upgrade studykit",
        )


def backup(connection: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database next to itself before migrating; return the copy's path."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    target = path.with_name(f"{path.name}.v{version}-{stamp}-{os.getpid()}.bak")
    with sqlite3.connect(target) as copy:
        connection.backup(copy)
    copy.close()
    return target


def _migrate(connection: sqlite3.Connection, migrations: Sequence[str]) -> None:
    """Apply the missing migrations in one transaction (re-read under the write lock)."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        for number in range(version, len(migrations)):
            for statement in migrations[number].split(";"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {len(migrations)}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _prepare(connection: sqlite3.Connection, path: Path, migrations: Sequence[str]) -> None:
    """Check the version, switch to WAL and migrate (raise DataError if refused)."""
    version = _read_version(connection, path)
    _check_version(version, path, len(migrations))
    # WAL lets a reader and a writer work at once; NORMAL sync survives a killed process.
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    if version < len(migrations):
        if version > 0:
            backup(connection, path, version)
        _migrate(connection, migrations)


def _retry_while_locked(action: Callable[[], None]) -> None:
    """Run the action, retrying while another process holds the lock (two first starts)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as error:
            locked = "locked" in str(error) or "busy" in str(error)
            if not locked or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def connect(path: Path, migrations: Sequence[str] = MIGRATIONS) -> sqlite3.Connection:
    """Return a connection to an up-to-date database at `path`, creating it if missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as error:
        raise DataError(f"{path}: cannot open the progress database ({error})") from None
    try:
        _retry_while_locked(lambda: _prepare(connection, path, migrations))
    except sqlite3.DatabaseError as error:
        connection.close()
        raise _refuse(path, f"the progress database is damaged ({error})") from None
    except BaseException:
        connection.close()
        raise
    return connection
