"""The progress store: atomic answers, exact undo, leeches, migrations and refusals."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from studykit.cli.support.errors import exit_code
from studykit.decks.folder import DeckFolder
from studykit.errors import DataError
from studykit.model import BasicCard, Deck
from studykit.study.card_state import NEW, Rating, Schedule, State
from studykit.study.config import Settings
from studykit.study.scheduler import Scheduler
from studykit.study.store import Answer, ConflictError, ProgressStore
from studykit.study.store.deck_index import Selection
from studykit.study.store.migrations import LATEST, MIGRATIONS
from studykit.study.store.rows import to_ms
from tests.study.decks import NOW

SCHEDULER = Scheduler(Settings(fuzz=False))
STUDIED = (State.LEARNING, State.REVIEW, State.RELEARNING)


def _catalog(store: ProgressStore) -> DeckFolder:
    """Return a catalog of deck `d` (cards a, early, late) reading the store's progress."""
    cards = tuple(BasicCard(id=i, front="q", back="a") for i in ("a", "early", "late"))
    catalog = DeckFolder.of([Deck(id="d", title="d", cards=cards)])
    catalog.attach_progress(store.path)
    return catalog


def started(store: ProgressStore) -> set[str]:
    """Return the keys of deck `d` that are no longer new."""
    catalog = _catalog(store)
    return catalog.keys() - {key for key, _ in catalog.index.new(Selection())}


def due_keys(store: ProgressStore, until: datetime) -> list[str]:
    """Return the keys of deck `d` due before `until`, earliest first."""
    return [row.key for row in _catalog(store).index.due(Selection(), to_ms(until) or 0, STUDIED)]


def answer(store: ProgressStore, key: str, rating: Rating, minutes: int = 0, session: str = "s"):  # type: ignore[no-untyped-def]
    moment = NOW + timedelta(minutes=minutes)
    return store.record(
        Answer(key, key.split("/")[0], rating, moment, 1500),
        lambda s: SCHEDULER.review(s, rating, moment),
        session,
    )


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3")


def test_new_database_is_wal_at_latest_version(store: ProgressStore) -> None:
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_answer_is_stored_with_state_before_and_after(store: ProgressStore) -> None:
    recorded = answer(store, "d/a", Rating.GOOD)
    assert not recorded.before.exists
    assert recorded.after.schedule == SCHEDULER.review(NEW, Rating.GOOD, NOW)
    reopened = ProgressStore(store.path)
    assert reopened.item("d/a").schedule == recorded.after.schedule
    with sqlite3.connect(store.path) as db:
        row = db.execute(
            "SELECT rating, duration_ms, state_before, state_after FROM reviews"
        ).fetchone()
    assert row == (3, 1500, State.NEW, State.LEARNING)


def test_undo_restores_the_exact_previous_schedule(store: ProgressStore) -> None:
    answer(store, "d/a", Rating.GOOD)
    first = store.item("d/a")
    second = answer(store, "d/a", Rating.AGAIN, minutes=10)
    assert store.item("d/a") != first
    restored = store.undo(second.review_id)
    assert restored == first and store.item("d/a") == first
    assert len(store.reviews_since(NOW - timedelta(days=1))) == 1


def test_undo_of_a_first_answer_makes_the_item_new_again(store: ProgressStore) -> None:
    recorded = answer(store, "d/a", Rating.EASY)
    store.undo(recorded.review_id)
    assert not store.item("d/a").exists
    assert started(store) == set()


def test_undo_refuses_when_another_session_answered_since(store: ProgressStore) -> None:
    first = answer(store, "d/a", Rating.GOOD)
    answer(store, "d/a", Rating.GOOD, minutes=10, session="other")
    with pytest.raises(ConflictError):
        store.undo(first.review_id)


def test_override_replaces_the_answer_in_one_step(store: ProgressStore) -> None:
    wrong = answer(store, "d/a", Rating.AGAIN)
    fixed = store.record(
        Answer("d/a", "d", Rating.GOOD, NOW),
        lambda s: SCHEDULER.review(s, Rating.GOOD, NOW),
        "s",
        replacing=wrong.review_id,
    )
    assert fixed.before == wrong.before
    assert store.item("d/a").schedule == SCHEDULER.review(NEW, Rating.GOOD, NOW)
    assert [r.rating for r in store.reviews_since(NOW)] == [3]


def test_eighth_lapse_tags_and_suspends_a_leech(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3", leech_threshold=8)
    review = Schedule(State.REVIEW, None, 5.0, 5.0, NOW, NOW - timedelta(days=5), 10, 7)
    store.restore(replace(store.item("d/a", "d"), schedule=review, exists=True))
    recorded = answer(store, "d/a", Rating.AGAIN)
    assert recorded.became_leech
    assert recorded.after.leech and recorded.after.suspended
    assert recorded.after.schedule.lapses == 8
    assert due_keys(store, NOW + timedelta(days=400)) == []


def test_suspend_and_restore(store: ProgressStore) -> None:
    before = store.set_suspended("d/a", "d", True)
    assert store.item("d/a").suspended and started(store) == {"d/a"}
    store.restore(before)
    assert not store.item("d/a").exists


def test_due_items_come_from_the_index_earliest_first(store: ProgressStore) -> None:
    answer(store, "d/late", Rating.GOOD)
    answer(store, "d/early", Rating.AGAIN)
    assert due_keys(store, NOW + timedelta(hours=1)) == ["d/early", "d/late"]
    with sqlite3.connect(store.path) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT key FROM items WHERE suspended = 0 AND state > 0 AND due < 5"
        ).fetchall()
    assert "items_due" in str(plan)


def _old_database(path: Path, version: int) -> None:
    with sqlite3.connect(path) as db:
        for number in range(version):
            db.executescript(MIGRATIONS[number])
        db.execute(f"PRAGMA user_version = {version}")
        db.execute("INSERT INTO items (key, deck_id, state, due) VALUES ('d/a', 'd', 2, 5)")
    db.close()


def test_migration_backs_up_first_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _old_database(path, 1)
    store = ProgressStore(path)
    assert store.item("d/a").schedule.state is State.REVIEW
    backups = list(tmp_path.glob("progress.sqlite3.v1-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT key FROM items").fetchall() == [("d/a",)]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    _old_database(path, LATEST)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    original = path.read_bytes()
    with pytest.raises(DataError, match="newer") as error:
        ProgressStore(path)
    assert exit_code(error.value) == 3
    assert path.read_bytes() == original
    assert not list(tmp_path.glob("*.bak"))


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-header"],
)
def test_corrupt_database_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(content)
    with pytest.raises(DataError, match="left untouched"):
        ProgressStore(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    db.close()
    original = path.read_bytes()
    with pytest.raises(DataError, match="not a studykit progress database"):
        ProgressStore(path)
    assert path.read_bytes() == original


def test_delete_items_removes_history(store: ProgressStore) -> None:
    answer(store, "d/a", Rating.GOOD)
    answer(store, "d/b", Rating.GOOD)
    assert store.delete_items(["d/a"]) == 1
    assert {i.key for i in store.items()} == {"d/b"}
    assert {r.key for r in store.reviews_since(NOW - timedelta(days=1))} == {"d/b"}
