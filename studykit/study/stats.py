"""Statistics of stored progress: counts per deck, due forecast, true retention, heatmap, streak.

True retention is Anki's: the first review of an item in Review state on each study day,
passed unless rated Again, over the last 30 days.

`read_stats` lets SQLite count and group (store.aggregates) and reads only aggregated rows;
the tests compare it with a plain-Python computation (tests/study/stats_reference.py).

A review's study day is the date of its local time minus the rollover hour (study_day).
SQLite computes it as `(ms + shift) // 1 day`, where the shift (UTC offset minus the hour)
is constant between two daylight-saving switches; the switches of the reviews' time span
are found here, in Python, from the zone's own rules, so every review gets exactly the day
study_day gives it. Hour buckets would split the days of half-hour zones (India, Lord
Howe's half-hour DST); day boundaries compared in SQL would need a CASE per day of the
window, where the shifts need one per switch. The forecast buckets due times with
day_start's boundaries (30 of them), computed here and compared in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from studykit.study.days import day_start, local, study_day
from studykit.study.store import (
    DayShifts,
    DeckIndex,
    ProgressStore,
    ReviewDay,
    Selection,
    StatsQueries,
    to_ms,
)

FORECAST_DAYS = 30
HEATMAP_WEEKS = 16
RETENTION_DAYS = 30
REVIEW_WINDOW = timedelta(weeks=HEATMAP_WEEKS + 1)
"""How far back reviews are read (the heatmap, and so the longest streak shown)."""
EPOCH = date(1970, 1, 1)
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SHIFT_PROBE_MS = 6 * 3_600_000
"""The step at which the UTC offset is sampled: no zone switches twice within six hours."""


@dataclass(frozen=True)
class DeckCounts:
    """How many items of a deck are in each state."""

    deck_id: str
    new: int = 0
    learning: int = 0
    review: int = 0
    suspended: int = 0
    leech: int = 0
    due: int = 0


@dataclass(frozen=True)
class Stats:
    """Everything `studykit stats` shows."""

    today: date
    decks: tuple[DeckCounts, ...]
    due_today: int
    due_week: int
    due_month: int
    forecast: tuple[int, ...]
    retention: tuple[int, int]
    """(passed, reviewed) of the first Review-state answers a day over 30 days."""
    heatmap: dict[date, int]
    streak: int
    seconds_per_card: float | None
    orphans: tuple[str, ...]


def streak_length(active: set[date], today: date) -> int:
    """Return how many days in a row up to today (or yesterday) had reviews."""
    day = today if today in active else today - timedelta(days=1)
    streak = 0
    while day in active:
        streak += 1
        day -= timedelta(days=1)
    return streak


def _shift(ms: int, day_hour: int, zone: tzinfo | None) -> int:
    """Return the UTC offset minus the rollover hour at a moment, in milliseconds."""
    # The same conversion as study_day's callers: the same offset at every millisecond.
    offset = local(datetime.fromtimestamp(ms / 1000, UTC), zone).utcoffset() or timedelta()
    return (offset - timedelta(hours=day_hour)) // timedelta(milliseconds=1)


def _switch(start: int, end: int, day_hour: int, zone: tzinfo | None) -> int:
    """Return the first millisecond after `start`, up to `end`, with another shift."""
    before = _shift(start, day_hour, zone)
    while end - start > 1:
        middle = (start + end) // 2
        if _shift(middle, day_hour, zone) == before:
            start = middle
        else:
            end = middle
    return end


def day_shifts(start: int, end: int, day_hour: int, zone: tzinfo | None) -> DayShifts:
    """Return the study-day shifts from `start` to `end` (unix ms), one per offset switch."""
    first = current = _shift(start, day_hour, zone)
    changes: list[tuple[int, int]] = []
    while start < end:
        probe = min(start + SHIFT_PROBE_MS, end)
        if _shift(probe, day_hour, zone) == current:
            start = probe
            continue
        start = _switch(start, probe, day_hour, zone)
        current = _shift(start, day_hour, zone)
        changes.append((start, current))
    return DayShifts(first, tuple(changes))


def _ceil_ms(moment: datetime) -> int:
    """Return the first whole millisecond at or after a moment (`due < moment` in SQL)."""
    return -(-((moment - UNIX_EPOCH) // timedelta(microseconds=1)) // 1000)


def _forecast_bounds(today: date, day_hour: int, zone: tzinfo | None) -> list[int]:
    """Return the starts of the study days after today, as in _due_counts (unix ms)."""
    starts = (
        day_start(today + timedelta(days=n + 1), day_hour, zone) for n in range(FORECAST_DAYS)
    )
    return [_ceil_ms(start) for start in starts]


def _review_days(
    queries: StatsQueries, since: int, day_hour: int, zone: tzinfo | None
) -> tuple[dict[date, ReviewDay], DayShifts]:
    """Return the reviews per study day since `since` and the shifts that dated them."""
    last = queries.last_review()
    if last is None or last < since:
        return {}, DayShifts(0)
    shifts = day_shifts(since, last, day_hour, zone)
    days = queries.review_days(since, shifts)
    return {EPOCH + timedelta(days=d.day): d for d in days}, shifts


def _long_streak(
    queries: StatsQueries, active: set[date], now: datetime, day_hour: int, zone: tzinfo | None
) -> int:
    """Return the streak, reading further back while it reaches the start of what was read."""
    today, window = study_day(now, day_hour, zone), REVIEW_WINDOW
    streak = streak_length(active, today)
    while streak and today - timedelta(days=streak) <= study_day(now - window, day_hour, zone):
        window *= 2
        older, _ = _review_days(queries, to_ms(now - window) or 0, day_hour, zone)
        if len(older) == len(active):
            break  # nothing older was studied
        active = set(older)
        streak = streak_length(active, today)
    return streak


def read_stats(
    index: DeckIndex,
    store: ProgressStore,
    deck_ids: Iterable[str],
    now: datetime,
    day_hour: int = 4,
    zone: tzinfo | None = None,
) -> Stats:
    """Return the statistics of the named decks (all when none), counted by SQLite."""
    today = study_day(now, day_hour, zone)
    queries = StatsQueries(index, store.path, Selection(tuple(deck_ids)), store.attach_uri)
    bounds = _forecast_bounds(today, day_hour, zone)
    forecast = queries.forecast(bounds)
    since = to_ms(now - REVIEW_WINDOW) or 0
    days, shifts = _review_days(queries, since, day_hour, zone)
    first = today - timedelta(days=RETENTION_DAYS - 1)
    recent = [d for day, d in days.items() if day >= first]
    timed = sum(d.timed for d in recent)
    heat_start = today - timedelta(days=HEATMAP_WEEKS * 7 - 1)
    return Stats(
        today=today,
        decks=tuple(DeckCounts(*row) for row in queries.deck_counts(bounds[0])),
        due_today=forecast[0],
        due_week=sum(forecast[:7]),
        due_month=sum(forecast),
        forecast=tuple(forecast),
        retention=queries.retention(since, shifts, (first - EPOCH).days) if days else (0, 0),
        heatmap={day: d.reviews for day, d in days.items() if day >= heat_start},
        streak=_long_streak(queries, set(days), now, day_hour, zone),
        seconds_per_card=sum(d.duration_ms for d in recent) / timed / 1000 if timed else None,
        orphans=tuple(sorted(queries.orphans())),
    )


def stats_json(stats: Stats) -> dict[str, object]:
    """Return the statistics as JSON-ready data (dates as ISO strings)."""
    passed, reviewed = stats.retention
    return {
        "today": stats.today.isoformat(),
        "decks": [vars(d) for d in stats.decks],
        "due": {"today": stats.due_today, "7_days": stats.due_week, "30_days": stats.due_month},
        "forecast": list(stats.forecast),
        "true_retention_30_days": {"passed": passed, "reviewed": reviewed,
                                   "rate": passed / reviewed if reviewed else None},
        "heatmap": {day.isoformat(): n for day, n in sorted(stats.heatmap.items())},
        "streak_days": stats.streak,
        "seconds_per_card": stats.seconds_per_card,
        "orphans": list(stats.orphans),
    }  # fmt: skip
