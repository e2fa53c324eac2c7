"""Open the progress database: refuse newer or corrupt files, back up, migrate, WAL mode."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import quote

from studykit.errors import DataError
from studykit.study.store.migrations import MIGRATIONS

BUSY_TIMEOUT_S = 10.0
"""How long a writer waits for another process's transaction before giving up."""
_CANNOT_WRITE = {
    errno.EROFS: "it is on a read-only file system",
    errno.EPERM: "the system lets no one change it (an immutable file: chattr +i?)",
    errno.EACCES: "you have no permission to write it",
}


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
    if version < len(migrations):
        copy = backup(connection, path, version) if version > 0 else None
        try:
            _migrate(connection, migrations)
        except BaseException:
            if copy is not None:  # rolled back: the database is the copy; one try, no copy
                copy.unlink(missing_ok=True)
            raise
    # WAL lets a reader and a writer work at once; NORMAL sync survives a killed process.
    # Switched after migrating, so that a refused or failed migration leaves the file as it was.
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")


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


def _why_unwritable(path: Path) -> str:
    """Return why the database or its folder cannot be written; an empty string when both can.

    The folder is where SQLite keeps the -wal and -shm files; a database that does not exist
    yet counts as writable.
    """
    try:
        os.close(os.open(path, os.O_RDWR | os.O_NONBLOCK))  # opening changes nothing
    except FileNotFoundError:
        pass
    except OSError as error:
        return _CANNOT_WRITE.get(error.errno or 0, f"it cannot be written ({error.strerror})")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
        return _CANNOT_WRITE[errno.EROFS]
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} cannot be written (SQLite keeps its -wal and -shm files there)"
    return ""


def _check_file(path: Path) -> None:
    """Raise DataError when the path exists but is not a regular file (a FIFO, a device)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise DataError(f"{path}: cannot reach the progress database ({error.strerror})") from None
    if not stat.S_ISREG(mode):
        raise _refuse(path, "not a regular file, so not a progress database")


def connect(path: Path, migrations: Sequence[str] = MIGRATIONS) -> sqlite3.Connection:
    """Return a connection to an up-to-date database at `path`, creating it if missing."""
    _check_file(path)
    if why := _why_unwritable(path):
        raise DataError(
            f"{path}: cannot write the progress database: {why}; nothing was changed "
            "(make it writable, or choose another with --db)"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(f"{path}: cannot create its folder ({error.strerror})") from None
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


def connect_for_reading(
    path: Path, migrations: Sequence[str] = MIGRATIONS
) -> tuple[sqlite3.Connection, str | None]:
    """Return a connection for commands that only read, and the URI to attach it by.

    Nothing is created: a missing database reads as an empty one (in memory). A database
    that can be written is opened (and migrated) as usual, and attached by its path (None).
    One that cannot be written (read-only file system, immutable, no permission) is opened
    immutable, so that SQLite writes nothing, not even -wal and -shm files next to it.
    """
    _check_file(path)
    if not os.path.lexists(path):
        return _empty(migrations)
    why = _why_unwritable(path)
    if not why:
        return connect(path, migrations), None
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        raise _refuse(path, f"it cannot be written ({why}) and {wal} holds answers not yet in it")
    uri = f"file:{quote(str(path.absolute()))}?immutable=1"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        version = _read_version(connection, path)
        _check_version(version, path, len(migrations))
        if version < len(migrations):
            raise _refuse(path, f"it needs an upgrade, but it cannot be written ({why})")
    except BaseException:
        connection.close()
        raise
    return connection, uri


def _empty(migrations: Sequence[str]) -> tuple[sqlite3.Connection, str]:
    """Return an empty, migrated database in memory, shared by name with whoever attaches it."""
    uri = f"file:studykit-empty-progress-{uuid.uuid4().hex}?mode=memory&cache=shared"
    connection = sqlite3.connect(uri, uri=True, isolation_level=None)
    _migrate(connection, migrations)
    return connection, uri
