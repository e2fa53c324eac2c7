"""A progress database that cannot be written: the quiz says why and exits 3, stats and due
still read it, and nothing is lost or left behind (no -wal or -shm files).

Made read-only three ways: permissions (chmod 444; root ignores them, so as root studykit runs
without CAP_DAC_OVERRIDE), the immutable attribute (chattr +i) and a read-only file system (a
read-only bind mount). The last two need root, which CI has.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from tests.cli.quiz_support import QUIZ_DECKS, START, quiz_env

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="chattr +i and mount need root")


def _studied(folder: Path) -> Path:
    """Return a progress database holding two answers, in a folder of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "progress.sqlite3"
    done = _run(db, "quiz", answers="3\nrunc\n")
    assert done.returncode == 0, done.stderr
    shutil.rmtree(folder / "cache")
    return db


def _run(
    db: Path, *command: str, bound: bool = False, answers: str = "3\n"
) -> subprocess.CompletedProcess[str]:
    """Run studykit in a real process (bound by file permissions if asked), answering cards."""
    # Root without the capabilities that override permissions, rather than another user: the
    # Python running the tests may sit where only root can read (pyenv under /root).
    caps = "-dac_override,-dac_read_search"
    prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"] if bound else []
    args = [*prefix, sys.executable, "-m", "studykit", *command, "--decks", str(QUIZ_DECKS)]
    env = quiz_env(db, XDG_CACHE_HOME=str(db.parent / "cache"))
    return subprocess.run(
        [*args, "--db", str(db)], input=answers, capture_output=True, text=True, timeout=60,
        env=env,
    )  # fmt: skip


def _assert_refused_untouched_and_readable(
    db: Path, original: bytes, why: str, bound: bool = False
) -> None:
    quiz = _run(db, "quiz", bound=bound)
    assert quiz.returncode == 3, quiz.stderr
    assert quiz.stderr.startswith(f"studykit: error: {db}: ") and why in quiz.stderr
    assert "not a readable" not in quiz.stderr and "Traceback" not in quiz.stderr
    due = _run(db, "due", bound=bound)
    assert (due.returncode, due.stdout) == (0, "2\n"), due.stderr
    stats = _run(db, "stats", "--json", bound=bound)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["decks"][0]["learning"] == 2
    assert db.read_bytes() == original
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [db.name]


def test_a_database_without_write_permission(tmp_path: Path) -> None:
    db = _studied(tmp_path / "data")
    original = db.read_bytes()
    db.chmod(0o444)
    _assert_refused_untouched_and_readable(db, original, "permission", bound=os.geteuid() == 0)


@ROOT_ONLY
def test_an_immutable_database(tmp_path: Path) -> None:
    db = _studied(tmp_path / "data")
    original = db.read_bytes()
    subprocess.run(["chattr", "+i", str(db)], check=True)
    try:
        _assert_refused_untouched_and_readable(db, original, "immutable")
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


@contextmanager
def _read_only_view(folder: Path) -> Iterator[Path]:
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    subprocess.run(["mount", "--bind", str(folder), str(view)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


@ROOT_ONLY
def test_a_database_on_a_read_only_file_system(tmp_path: Path) -> None:
    db = _studied(tmp_path / "data")
    original = db.read_bytes()
    with _read_only_view(db.parent) as view:
        _assert_refused_untouched_and_readable_on(view / db.name, original)


def _assert_refused_untouched_and_readable_on(db: Path, original: bytes) -> None:
    quiz = _run(db, "quiz")
    assert quiz.returncode == 3 and "read-only file system" in quiz.stderr, quiz.stderr
    assert "not a readable" not in quiz.stderr
    due = _run(db, "due")
    assert (due.returncode, due.stdout) == (0, "2\n"), due.stderr
    assert db.read_bytes() == original
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name)) == [db.name]


def test_read_only_commands_create_no_database_and_no_folder(
    tmp_path: Path, runner: CliRunner
) -> None:
    db = tmp_path / "missing" / "deeper" / "progress.sqlite3"
    for command in (["due"], ["stats", "--json"]):
        result = runner.invoke(
            app,
            [*command, "--decks", str(QUIZ_DECKS), "--db", str(db)],
            env={"STUDYKIT_NOW": START},
        )
        assert result.exit_code == 0, result.output
    assert not (tmp_path / "missing").exists()
    due = runner.invoke(app, ["due", "--json", "--decks", str(QUIZ_DECKS), "--db", str(db)])
    assert json.loads(due.stdout)["new"] == 10


def test_a_failed_migration_leaves_no_backup_behind(tmp_path: Path) -> None:
    from studykit.errors import DataError
    from studykit.study.store import ProgressStore
    from studykit.study.store.migrations import MIGRATIONS

    db = tmp_path / "progress.sqlite3"
    with sqlite3.connect(db) as connection:
        connection.executescript(MIGRATIONS[0])
        connection.execute("CREATE TABLE sessions (x)")  # migration 2 creates it: fails
        connection.execute("PRAGMA user_version = 1")
    connection.close()
    original = db.read_bytes()
    for _ in range(3):
        with pytest.raises(DataError):
            ProgressStore(db)
    assert db.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]
