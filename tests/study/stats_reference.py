"""The plain-Python statistics that `read_stats` (counted by SQLite) must agree with."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from studykit.decks.folder import Entry
from studykit.study.card_state import Rating, State
from studykit.study.days import day_start, study_day
from studykit.study.stats import (
    FORECAST_DAYS,
    HEATMAP_WEEKS,
    RETENTION_DAYS,
    DeckCounts,
    Stats,
    streak_length,
)
from studykit.study.store import ItemProgress, ReviewRow


def _deck_counts(
    deck_id: str, keys: list[str], items: dict[str, ItemProgress], due_by: datetime
) -> DeckCounts:
    counts: Counter[str] = Counter()
    for key in keys:
        item = items.get(key)
        if item is None or (item.schedule.is_new and not item.suspended):
            counts["new"] += 1
            continue
        counts["leech"] += item.leech
        if item.suspended:
            counts["suspended"] += 1
        elif item.schedule.state is State.REVIEW:
            counts["review"] += 1
        elif not item.schedule.is_new:
            counts["learning"] += 1
        due = item.schedule.due
        counts["due"] += not item.suspended and due is not None and due < due_by
    return DeckCounts(deck_id, **counts)


def _study_days(
    rows: Iterable[ReviewRow], hour: int, zone: tzinfo | None
) -> list[tuple[date, ReviewRow]]:
    return [
        (study_day(datetime.fromtimestamp(r.reviewed_at / 1000, UTC), hour, zone), r) for r in rows
    ]


def _retention(days: list[tuple[date, ReviewRow]], since: date) -> tuple[int, int]:
    seen: set[tuple[date, str]] = set()
    passed = total = 0
    for day, row in days:
        if day < since or row.state_before != State.REVIEW or (day, row.key) in seen:
            continue
        seen.add((day, row.key))
        total += 1
        passed += row.rating != Rating.AGAIN
    return passed, total


def _due_counts(
    items: Iterable[ItemProgress], today: date, hour: int, zone: tzinfo | None
) -> list[int]:
    """Return how many items fall due on each of the next days (overdue ones count today)."""
    bounds = [day_start(today + timedelta(days=n + 1), hour, zone) for n in range(FORECAST_DAYS)]
    forecast = [0] * FORECAST_DAYS
    for item in items:
        due = item.schedule.due
        if item.suspended or item.schedule.is_new or due is None or due >= bounds[-1]:
            continue
        forecast[next(n for n, bound in enumerate(bounds) if due < bound)] += 1
    return forecast


def compute_stats(
    entries: list[Entry],
    known: set[str],
    items: list[ItemProgress],
    reviews: list[ReviewRow],
    now: datetime,
    day_hour: int = 4,
    zone: tzinfo | None = None,
) -> Stats:
    """Return the statistics of the selected entries; `known` holds every key of every deck."""
    today = study_day(now, day_hour, zone)
    by_key = {item.key: item for item in items}
    selected = {e.key for e in entries}
    decks: dict[str, list[str]] = {}
    for entry in entries:
        decks.setdefault(entry.deck_id, []).append(entry.key)
    due_by = day_start(today + timedelta(days=1), day_hour, zone)
    forecast = _due_counts((i for i in items if i.key in selected), today, day_hour, zone)
    days = _study_days((r for r in reviews if r.key in selected), day_hour, zone)
    heat_start = today - timedelta(days=HEATMAP_WEEKS * 7 - 1)
    heatmap = Counter(day for day, _ in days if day >= heat_start)
    recent = [r for day, r in days if day > today - timedelta(days=RETENTION_DAYS)]
    timed = [r.duration_ms for r in recent if r.duration_ms is not None]
    return Stats(
        today=today,
        decks=tuple(_deck_counts(d, keys, by_key, due_by) for d, keys in decks.items()),
        due_today=forecast[0],
        due_week=sum(forecast[:7]),
        due_month=sum(forecast),
        forecast=tuple(forecast),
        retention=_retention(days, today - timedelta(days=RETENTION_DAYS - 1)),
        heatmap=dict(heatmap),
        streak=streak_length({day for day, _ in days}, today),
        seconds_per_card=sum(timed) / len(timed) / 1000 if timed else None,
        orphans=tuple(sorted(k for k in by_key if k not in known)),
    )
