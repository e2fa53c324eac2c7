"""Conversions between schedules and database rows (times as unix milliseconds, UTC)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from studykit.study.card_state import NEW, Schedule, State

ITEM_COLUMNS = (
    "key, deck_id, state, step, stability, difficulty, due, last_review, reps, lapses, "
    "suspended, leech, content_hash"
)


@dataclass(frozen=True)
class ItemProgress:
    """What the store holds about one item: its schedule and flags."""

    key: str
    deck_id: str
    schedule: Schedule = NEW
    suspended: bool = False
    leech: bool = False
    content_hash: str = ""
    exists: bool = field(default=True, compare=False)
    """False for an item the store has no row for (never answered or suspended)."""


class DueItem(NamedTuple):
    """A studied item due before the day ends, with its sibling group and due time."""

    key: str
    sibling: str
    due_ms: int
    """Unix milliseconds, UTC."""
    schedule: Schedule | None = None
    """Read only for items in a learning step (to tell same-day steps from later ones)."""


def to_ms(moment: datetime | None) -> int | None:
    """Return unix milliseconds of an aware datetime."""
    return None if moment is None else round(moment.timestamp() * 1000)


def from_ms(value: int | None) -> datetime | None:
    """Return the aware UTC datetime of unix milliseconds."""
    if value is None:
        return None
    return datetime.fromtimestamp(value // 1000, UTC).replace(microsecond=value % 1000 * 1000)


def item_from_row(row: tuple[Any, ...]) -> ItemProgress:
    """Return an ItemProgress from a row selected with ITEM_COLUMNS."""
    key, deck_id, state, step, stability, difficulty, due, last, reps, lapses, susp, leech, h = row
    schedule = Schedule(
        State(state), step, stability, difficulty, from_ms(due), from_ms(last), reps, lapses
    )
    return ItemProgress(key, deck_id, schedule, bool(susp), bool(leech), h)


def item_values(item: ItemProgress) -> tuple[Any, ...]:
    """Return the values of an item in ITEM_COLUMNS order."""
    s = item.schedule
    return (
        item.key, item.deck_id, int(s.state), s.step, s.stability, s.difficulty,
        to_ms(s.due), to_ms(s.last_review), s.reps, s.lapses,
        int(item.suspended), int(item.leech), item.content_hash,
    )  # fmt: skip


def item_json(item: ItemProgress) -> str:
    """Return the item as the JSON kept in the review log (before and after each answer)."""
    import json  # first needed at the first answer, not before the first card

    if not item.exists:
        return json.dumps({"exists": False})
    names = ITEM_COLUMNS.split(", ")
    return json.dumps(dict(zip(names, item_values(item), strict=True)), sort_keys=True)


def item_from_json(text: str, key: str, deck_id: str) -> ItemProgress:
    """Return the item a review-log JSON describes."""
    import json

    data = json.loads(text)
    if not data.get("exists", True):
        return ItemProgress(key, deck_id, exists=False)
    return item_from_row(tuple(data[name] for name in ITEM_COLUMNS.split(", ")))
