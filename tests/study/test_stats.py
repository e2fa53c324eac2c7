"""Statistics counted by SQLite agree with the plain-Python computation, to the millisecond."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from studykit.decks.folder import DeckFolder
from studykit.model import BasicCard, Deck
from studykit.study.days import day_start, study_day
from studykit.study.stats import (
    REVIEW_WINDOW,
    Stats,
    day_shifts,
    read_stats,
    stats_json,
)
from studykit.study.store import ProgressStore
from studykit.study.store.aggregates import RECENT
from studykit.study.store.migrations import MIGRATIONS
from studykit.study.store.rows import to_ms
from tests.study.stats_reference import compute_stats

DECKS = ("deck-a", "deck-b", "deck-c")
CARDS = 20
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
NOWS = (
    datetime(2026, 4, 8, 10, 0, tzinfo=UTC),  # after the spring switches, 17 weeks in winter
    datetime(2026, 11, 5, 3, 30, tzinfo=UTC),  # after the autumn switches
)

ItemRow = tuple[str, str, int, int | None, int, int]
ReviewRow = tuple[str, str, int, int, int | None, int]


def zone(name: str) -> tzinfo:
    """Return a time zone from the system's tz database (fail saying what is missing)."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        pytest.fail(f"time zone {name} not found: install tzdata (apt-get install tzdata)")


def decks() -> list[Deck]:
    """Return three decks of basic cards."""
    return [
        Deck(id=deck, title=deck, cards=tuple(
            BasicCard(id=f"c{n}", front=f"front {n}", back=f"back {n}") for n in range(CARDS)
        ))
        for deck in DECKS
    ]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite3")


def insert(store: ProgressStore, items: list[ItemRow], reviews: list[ReviewRow]) -> None:
    """Write items (key, deck, state, due, suspended, leech) and reviews into the store's file."""
    with sqlite3.connect(store.path) as db:
        db.executemany(
            "INSERT INTO items (key, deck_id, state, due, suspended, leech)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            items,
        )
        db.executemany(
            "INSERT INTO reviews (key, deck_id, reviewed_at, rating, duration_ms, state_before,"
            " state_after, before, after, session) VALUES (?, ?, ?, ?, ?, ?, 2, '{}', '{}', 's')",
            reviews,
        )
    db.close()


def reference(
    catalog: DeckFolder, store: ProgressStore, deck_ids: tuple[str, ...], now: datetime,
    hour: int, where: tzinfo,
) -> Stats:  # fmt: skip
    """Return the statistics computed in Python from every item and review, as `stats` did."""
    reviews = store.reviews_since(now - REVIEW_WINDOW)
    return compute_stats(
        catalog.entries(deck_ids), catalog.keys(), store.items(), reviews, now, hour, where
    )


def both(
    store: ProgressStore, now: datetime, hour: int, where: tzinfo, deck_ids: tuple[str, ...] = ()
) -> Stats:
    """Return read_stats's statistics after checking they equal the reference's."""
    catalog = DeckFolder.of(decks())
    counted = read_stats(catalog.index, store, deck_ids, now, hour, where)
    expected = reference(catalog, store, deck_ids, now, hour, where)
    assert counted == expected
    assert stats_json(counted) == stats_json(expected)
    return counted


def near_day_starts(rng: random.Random, now: datetime, hour: int, where: tzinfo) -> int:
    """Return a moment a millisecond around the start of a random study day of the window."""
    today = study_day(now, hour, where)
    start = day_start(today - timedelta(days=rng.randrange(-2, 125)), hour, where)
    return (to_ms(start) or 0) + rng.choice((-1, 0, 1))


def random_history(
    rng: random.Random, now: datetime, hour: int, where: tzinfo
) -> tuple[list[ItemRow], list[ReviewRow]]:
    """Return items and reviews: orphans, ties, untimed answers and day starts included."""
    keys = [f"{deck}/c{n}" for deck in DECKS for n in range(CARDS)]
    today = study_day(now, hour, where)
    items: list[ItemRow] = []
    for key in [*keys, "deck-a/gone", "lost/card"]:
        if key in keys and rng.random() < 0.15:
            continue
        bound = to_ms(day_start(today + timedelta(days=rng.randrange(-9, 32)), hour, where)) or 0
        due = rng.choice((None, bound - 1, bound, bound + rng.randrange(-9, 9) * 3_600_000))
        items.append((key, key.split("/")[0], rng.randrange(4), due,
                      int(rng.random() < 0.15), int(rng.random() < 0.1)))  # fmt: skip
    reviews: list[ReviewRow] = []
    first, last = to_ms(now - timedelta(days=125)) or 0, to_ms(now + timedelta(days=2)) or 0
    for _ in range(400):
        key = rng.choice([*keys, "deck-a/gone", "lost/card"])
        if reviews and rng.random() < 0.1:
            key, at = reviews[-1][0], reviews[-1][2]  # the same moment: ties go by id
        elif rng.random() < 0.4:
            at = near_day_starts(rng, now, hour, where)
        else:
            at = rng.randrange(first, last)
        duration = None if rng.random() < 0.1 else rng.randrange(500, 60_000)
        state = rng.choice((0, 1, 2, 2, 2, 3))
        reviews.append((key, key.split("/")[0], at, rng.randrange(1, 5), duration, state))
    return items, reviews


@pytest.mark.parametrize("name", ZONES)
@pytest.mark.parametrize("hour", [0, 2, 4, 23])
@pytest.mark.parametrize("now", NOWS, ids=["spring", "autumn"])
def test_counted_statistics_equal_the_python_reference(
    store: ProgressStore, name: str, hour: int, now: datetime
) -> None:
    rng = random.Random(f"{name}-{hour}-{now}")
    where = zone(name)
    insert(store, *random_history(rng, now, hour, where))
    counted = both(store, now, hour, where)
    assert (
        counted.heatmap and counted.retention[1] and counted.orphans == ("deck-a/gone", "lost/card")
    )
    assert sum(d.due for d in counted.decks) and counted.seconds_per_card
    both(store, now, hour, where, ("deck-b", "deck-c"))


def test_nothing_studied_yet(store: ProgressStore) -> None:
    counted = both(store, NOWS[0], 4, UTC)
    assert counted.heatmap == {} and counted.retention == (0, 0) and counted.streak == 0
    assert counted.seconds_per_card is None and counted.decks[0].new == CARDS


def review(key: str, at: datetime, rating: int = 3, state: int = 2) -> ReviewRow:
    """Return a review row at a moment."""
    return (key, key.split("/")[0], to_ms(at) or 0, rating, 1000, state)


def test_a_review_at_the_day_start_hour_belongs_to_the_new_day(store: ProgressStore) -> None:
    berlin = zone("Europe/Berlin")
    start = datetime(2026, 3, 2, 4, 0, tzinfo=berlin)
    insert(store, [], [
        review("deck-a/c0", start - timedelta(milliseconds=1)),
        review("deck-a/c1", start),
        review("deck-a/c2", start + timedelta(hours=23, minutes=59, seconds=59)),
    ])  # fmt: skip
    counted = both(store, datetime(2026, 3, 3, 12, tzinfo=UTC), 4, berlin)
    assert counted.heatmap == {date(2026, 3, 1): 1, date(2026, 3, 2): 2}


def at(month: int, day: int, hour: int, minute: int = 0, ms: int = 0) -> datetime:
    """Return a moment of 2026 in UTC."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC) + timedelta(milliseconds=ms)


def days_of(stats: Stats, month: int) -> dict[date, int]:
    """Return the heatmap of one month."""
    return {day: n for day, n in stats.heatmap.items() if day.month == month}


def test_study_days_follow_the_clock_across_daylight_saving_switches(
    store: ProgressStore,
) -> None:
    berlin = zone("Europe/Berlin")
    insert(store, [], [
        # Spring, 29 March: 04:00 local is 03:00 UTC the day before, 02:00 UTC that day.
        review("deck-a/c0", at(3, 28, 2, 59, 999)),  # 03:59:59.999 CET: the 27th
        review("deck-a/c0", at(3, 28, 3)),  # 04:00 CET: the 28th
        review("deck-a/c1", at(3, 29, 1, 59, 999)),  # 03:59:59.999 CEST: the 28th
        review("deck-a/c1", at(3, 29, 2)),  # 04:00 CEST: the 29th
        # Autumn, 25 October: 04:00 local is 02:00 UTC the day before, 03:00 UTC that day.
        review("deck-b/c1", at(10, 24, 1, 59, 999)),  # 03:59:59.999 CEST: the 23rd
        review("deck-b/c1", at(10, 24, 2)),  # 04:00 CEST: the 24th
        review("deck-b/c0", at(10, 25, 2, 59, 999)),  # 03:59:59.999 CET: the 24th
        review("deck-b/c0", at(10, 25, 3)),  # 04:00 CET: the 25th
    ])  # fmt: skip
    spring = both(store, at(4, 20, 12), 4, berlin)
    assert days_of(spring, 3) == {date(2026, 3, d): n for d, n in ((27, 1), (28, 2), (29, 1))}
    autumn = both(store, at(11, 20, 12), 4, berlin)
    assert days_of(autumn, 10) == {date(2026, 10, d): n for d, n in ((23, 1), (24, 2), (25, 1))}


def test_a_day_starting_in_the_skipped_or_repeated_hour(store: ProgressStore) -> None:
    berlin = zone("Europe/Berlin")
    insert(store, [], [
        review("deck-a/c0", at(3, 29, 0, 59, 999)),  # 01:59:59.999 CET: the 28th
        review("deck-a/c0", at(3, 29, 1)),  # 03:00 CEST, past the skipped 02:00: the 29th
        review("deck-b/c0", at(10, 24, 23, 59, 999)),  # 01:59:59.999 CEST: the 24th
        review("deck-b/c0", at(10, 25, 0, 30)),  # 02:30 CEST: the 25th
        review("deck-b/c0", at(10, 25, 1, 30)),  # 02:30 CET, the hour again: the 25th
    ])  # fmt: skip
    spring = both(store, at(4, 20, 12), 2, berlin)
    assert days_of(spring, 3) == {date(2026, 3, 28): 1, date(2026, 3, 29): 1}
    autumn = both(store, at(11, 1, 12), 2, berlin)
    assert days_of(autumn, 10) == {date(2026, 10, 24): 1, date(2026, 10, 25): 2}


def test_the_forecast_buckets_by_day_starts_across_a_switch(store: ProgressStore) -> None:
    berlin = zone("Europe/Berlin")
    tomorrow = to_ms(day_start(date(2026, 3, 28), 4, berlin)) or 0
    after_switch = to_ms(day_start(date(2026, 3, 30), 4, berlin)) or 0
    items: list[ItemRow] = []
    for bound, deck in ((tomorrow, "deck-a"), (after_switch, "deck-b")):
        items += [(f"{deck}/c0", deck, 2, bound - 1, 0, 0), (f"{deck}/c1", deck, 2, bound, 0, 0)]
    insert(store, items, [])
    counted = both(store, at(3, 27, 12), 4, berlin)  # the switch is two days ahead
    assert counted.forecast[:4] == (1, 1, 1, 1)
    assert [d.due for d in counted.decks] == [1, 0, 0]


def test_retention_takes_the_first_review_state_answer_of_a_day(store: ProgressStore) -> None:
    noon = datetime(2026, 3, 2, 12, tzinfo=UTC)
    insert(store, [], [
        review("deck-a/c0", noon, rating=3, state=1),  # a learning step: not counted
        review("deck-a/c0", noon + timedelta(hours=1), rating=1),  # first in Review: failed
        review("deck-a/c0", noon + timedelta(hours=2), rating=3),
        review("deck-a/c1", noon, rating=3),  # a tie in time: the first logged counts
        review("deck-a/c1", noon, rating=1),
        review("deck-a/c1", noon + timedelta(days=1), rating=1),
    ])  # fmt: skip
    counted = both(store, noon + timedelta(days=2), 4, UTC)
    assert counted.retention == (1, 3)


def test_day_shifts_change_exactly_at_the_switch() -> None:
    berlin = zone("Europe/Berlin")
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    shifts = day_shifts(to_ms(start) or 0, to_ms(end) or 0, 4, berlin)
    hour = 3_600_000
    assert shifts.first == -3 * hour
    assert shifts.changes == (
        (to_ms(datetime(2026, 3, 29, 1, tzinfo=UTC)), -2 * hour),
        (to_ms(datetime(2026, 10, 25, 1, tzinfo=UTC)), -3 * hour),
    )


def test_recent_reviews_come_from_the_covering_index_entry_by_entry(
    store: ProgressStore,
) -> None:
    catalog = DeckFolder.of(decks())
    catalog.attach_progress(store.path)
    plan = str(catalog.index.query(f"EXPLAIN QUERY PLAN SELECT r.rating FROM {RECENT}", [0]))
    assert "COVERING INDEX reviews_key_time (key=? AND reviewed_at>?)" in plan
    assert plan.index("SCAN e") < plan.index("SEARCH r")


def test_migration_4_backs_up_and_replaces_the_key_index(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:
        for number in range(3):
            db.executescript(MIGRATIONS[number])
        db.execute("PRAGMA user_version = 3")
    db.close()
    ProgressStore(path).close()
    assert len(list(tmp_path.glob("progress.sqlite3.v3-*.bak"))) == 1
    with sqlite3.connect(path) as db:
        names = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    db.close()
    assert "reviews_key_time" in names and "reviews_key" not in names


def test_a_streak_longer_than_the_heatmap_is_counted_whole(store: ProgressStore) -> None:
    now = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
    daily = [review("deck-a/c0", now - timedelta(days=n)) for n in range(300)]
    gap = now - timedelta(days=301)
    insert(store, [], [*daily, review("deck-a/c1", gap), review("deck-a/c1", gap - timedelta(1))])
    counted = read_stats(DeckFolder.of(decks()).index, store, (), now, 4, UTC)
    assert counted.streak == 300
    assert len(counted.heatmap) == 7 * 16  # the heatmap still shows 16 weeks
