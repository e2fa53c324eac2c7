"""Reviews leave and enter the store: export, import by review id, replay, migration 5."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from studykit.study.card_state import Rating, State
from studykit.study.config import Settings
from studykit.study.progress_sync import merge_reviews
from studykit.study.replay import replay
from studykit.study.review_log import ReviewLogError
from studykit.study.scheduler import DEFAULT_PARAMETERS, Scheduler, clamp_parameters
from studykit.study.store import Answer, Imported, LogReview, ProgressStore
from studykit.study.store.migrations import LATEST, MIGRATIONS
from tests.study.decks import NOW

SCHEDULER = Scheduler(Settings())
REPLAY = partial(replay, scheduler=SCHEDULER)


def _import(
    store: ProgressStore, reviews: list[LogReview], session: str, now: datetime
) -> Imported:
    return merge_reviews(store, reviews, SCHEDULER, now, session)


KEYS = ("d/a", "d/b", "d/c#c1", "d/c#c2")


def _answer(store: ProgressStore, key: str, rating: Rating, at: datetime) -> None:
    store.record(
        Answer(key, "d", rating, at, 2000), lambda s: SCHEDULER.review(s, rating, at, key), "s"
    )


def _study(store: ProgressStore, seed: int, start: datetime, count: int = 30) -> datetime:
    """Answer random cards of deck d, each when it falls due (or a little late)."""
    rng, at = random.Random(seed), start
    for _ in range(count):
        key = rng.choice(KEYS)
        _answer(store, key, Rating(rng.choices((1, 2, 3, 4), (2, 1, 6, 1))[0]), at)
        due = store.item(key).schedule.due
        assert due is not None
        at = max(at + timedelta(minutes=1), min(due, at + timedelta(days=rng.randint(0, 5))))
    return at


def _schedules(store: ProgressStore) -> dict[str, object]:
    return {item.key: (item.schedule, item.suspended, item.leech) for item in store.items()}


@pytest.fixture
def two(tmp_path: Path) -> tuple[ProgressStore, ProgressStore]:
    return ProgressStore(tmp_path / "a.sqlite3"), ProgressStore(tmp_path / "b.sqlite3")


def test_replaying_the_log_gives_the_stored_schedules(
    two: tuple[ProgressStore, ProgressStore],
) -> None:
    a, _ = two
    _study(a, 1, NOW, 60)
    history = REPLAY(a.log_reviews())
    assert {key: steps[-1].after for key, steps in history.items()} == {
        item.key: item.schedule for item in a.items()
    }


def test_two_stores_that_swap_logs_hold_the_same_schedules(
    two: tuple[ProgressStore, ProgressStore],
) -> None:
    a, b = two
    later = _study(a, 1, NOW)
    _study(b, 2, later)  # B studies after A, on the same cards
    from_a, from_b = a.log_reviews(), b.log_reviews()
    done = _import(b, from_a, "import-1", later)
    assert (done.added, done.items) == (len(from_a), len({r.key for r in from_a}))
    _import(a, from_b, "import-2", later)
    assert _schedules(a) == _schedules(b)
    assert a.log_reviews() == b.log_reviews()
    again = _import(a, from_b + from_a, "import-3", later)
    assert (again.added, again.items) == (0, 0)  # idempotent: nothing new, nothing replayed
    assert _schedules(a) == _schedules(b)


def test_importing_a_then_b_equals_b_then_a(tmp_path: Path) -> None:
    a, b = ProgressStore(tmp_path / "a.sqlite3"), ProgressStore(tmp_path / "b.sqlite3")
    end = max(_study(a, 3, NOW), _study(b, 4, NOW + timedelta(hours=1)))  # interleaved in time
    from_a, from_b = a.log_reviews(), b.log_reviews()
    ab, ba = ProgressStore(tmp_path / "ab.sqlite3"), ProgressStore(tmp_path / "ba.sqlite3")
    _import(ab, from_a, "1", end)
    _import(ab, from_b, "2", end)
    _import(ba, from_b, "1", end)
    _import(ba, from_a, "2", end)
    assert _schedules(ab) == _schedules(ba) != _schedules(a)
    assert (
        ab.log_reviews() == ba.log_reviews() == sorted(from_a + from_b, key=lambda r: (r.at, r.id))
    )
    before = _schedules(ab)
    assert _import(ab, from_b, "3", end) == Imported(0, 0, ())  # idempotent
    assert _schedules(ab) == before


def test_imported_reviews_count_in_the_day_and_undo_still_works(
    two: tuple[ProgressStore, ProgressStore],
) -> None:
    a, b = two
    _answer(b, "d/a", Rating.GOOD, NOW)
    _import(b, a.log_reviews(), "i", NOW)
    _answer(a, "d/b", Rating.AGAIN, NOW + timedelta(minutes=1))
    _import(b, a.log_reviews(), "i2", NOW)
    rows = b.reviews_since(NOW)
    assert [(r.key, r.state_before) for r in rows] == [("d/a", State.NEW), ("d/b", State.NEW)]
    assert b.item("d/b").schedule.state is State.LEARNING


def test_a_conflicting_review_changes_nothing(two: tuple[ProgressStore, ProgressStore]) -> None:
    a, b = two
    _study(a, 3, NOW, 10)
    _import(b, a.log_reviews(), "i", NOW)
    before = (_schedules(b), b.log_reviews())
    first = a.log_reviews()[0]
    forged: LogReview = first._replace(rating=Rating(first.rating % 4 + 1))
    new = LogReview("f" * 32, "d/z", NOW, Rating.GOOD, None, "browser")
    with pytest.raises(ReviewLogError, match="already known"):
        _import(b, [new, forged], "i2", NOW)
    assert (_schedules(b), b.log_reviews()) == before


def test_an_imported_lapse_can_make_a_leech(two: tuple[ProgressStore, ProgressStore]) -> None:
    a, b = two
    at = NOW
    for _ in range(30):  # Good into review, then Again, Good, Again... 8 lapses
        state = a.item("d/a").schedule.state
        rating = Rating.AGAIN if state is State.REVIEW else Rating.GOOD
        a.record(
            Answer("d/a", "d", rating, at),
            lambda s, r=rating, t=at: SCHEDULER.review(s, r, t, "d/a"),
            "s",
        )  # type: ignore[misc]
        due = a.item("d/a").schedule.due
        assert due is not None
        at = due
    assert a.item("d/a").leech
    done = _import(b, a.log_reviews(), "i", at)
    assert done.leeches == ("d/a",)
    assert b.item("d/a").suspended and b.item("d/a").leech


def test_migration_5_gives_old_reviews_ids_and_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        for number in range(4):
            db.executescript(MIGRATIONS[number])
        db.execute(
            "INSERT INTO reviews (key, deck_id, reviewed_at, rating, state_before, state_after,"
            " before, after, session) VALUES ('d/a', 'd', 1, 3, 0, 1, '{}', '{}', 's'),"
            " ('d/b', 'd', 2, 3, 0, 1, '{}', '{}', 's')"
        )
        db.execute("PRAGMA user_version = 4")
    db.close()
    store = ProgressStore(path)
    ids = [r.id for r in store.log_reviews()]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    assert {r.origin for r in store.log_reviews()} == {"terminal"}
    assert list(tmp_path.glob("old.sqlite3.v4-*.bak"))
    assert LATEST == 5
    store.close()
    assert [r.id for r in ProgressStore(path).log_reviews()] == ids


def test_fitted_parameters_are_kept_newest_first(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    assert store.fitted_parameters() is None
    store.save_parameters(tuple(range(21)), 10, {"why": 1}, NOW)
    store.save_parameters(tuple(float(n) / 2 for n in range(21)), 20, {}, NOW)
    assert store.fitted_parameters() == tuple(n / 2 for n in range(21))


def test_rescheduling_keeps_states_and_the_last_answer_undoable(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    end = _study(store, 5, NOW, 60)
    states = [(r.key, r.state_before) for r in store.reviews_since(NOW)]
    last = store.record(
        Answer("d/a", "d", Rating.GOOD, end, 2000),
        lambda s: SCHEDULER.review(s, Rating.GOOD, end, "d/a"), "s",
    )  # fmt: skip
    parameters = clamp_parameters(tuple(p * 1.2 for p in DEFAULT_PARAMETERS))
    fitted = Scheduler(Settings(), parameters=parameters)
    history = replay(store.log_reviews(), fitted)
    assert store.reschedule_all(partial(replay, scheduler=fitted)) == len(KEYS)
    assert _schedules(store) == {
        key: (steps[-1].after, False, False) for key, steps in history.items()
    }
    assert [(r.key, r.state_before) for r in store.reviews_since(NOW)][:-1] == states
    undone = store.undo(last.review_id)  # the item's last answer still undoes exactly
    assert undone.schedule == history["d/a"][-1].before != last.before.schedule


def test_statistics_count_imported_reviews(two: tuple[ProgressStore, ProgressStore]) -> None:
    from studykit.decks.folder import DeckFolder
    from studykit.model import BasicCard, Deck
    from studykit.study.stats import read_stats

    a, b = two
    deck = Deck(id="d", title="d", cards=tuple(BasicCard(id=i, front="q", back="a") for i in "abc"))
    at = NOW
    for day in range(12):  # one card reviewed into review state, then daily, Again twice
        rating = Rating.AGAIN if day in (5, 9) else Rating.GOOD
        _answer(a, "d/a", rating, at)
        at += timedelta(days=1)
    _import(b, a.log_reviews(), "i", at)  # B studied nothing itself
    folder = DeckFolder.of([deck])
    mine, theirs = (read_stats(folder.index, s, (), at, 4, UTC) for s in (a, b))
    assert theirs.retention == mine.retention and theirs.retention[1] > 0
    assert theirs.forecast == mine.forecast and sum(theirs.forecast) == 1
    assert theirs.heatmap == mine.heatmap and sum(theirs.heatmap.values()) == 12
