"""Each studied card's memory as FSRS models it: difficulty, stability, retrievability now.

Difficulty runs from 1 (easy) to 10 (hard); stability is the number of days after which
recall falls to 90%; retrievability is the probability of recall now, counted in whole
days since the last review as the scheduler counts them (`studykit show` and `stats
--json` print these, as Anki's card info does).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from studykit.study.card_state import State
from studykit.study.store import ItemProgress

if TYPE_CHECKING:
    from studykit.study.scheduler import Scheduler


class CardMemory(NamedTuple):
    """One card's FSRS memory state and counters."""

    key: str
    state: State
    due: datetime | None
    difficulty: float | None
    stability: float | None
    retrievability: float | None
    reps: int
    lapses: int
    suspended: bool
    leech: bool


def card_memory(item: ItemProgress, scheduler: Scheduler, now: datetime) -> CardMemory:
    """Return a card's memory at `now` (no difficulty, stability or recall when new)."""
    s = item.schedule
    recall = None if s.is_new else scheduler.retrievability(s, now)
    return CardMemory(
        item.key, s.state, s.due, s.difficulty, s.stability, recall, s.reps, s.lapses,
        item.suspended, item.leech,
    )  # fmt: skip


def memories(
    items: Iterable[ItemProgress], scheduler: Scheduler, now: datetime
) -> list[CardMemory]:
    """Return the memory of every card that is not new, in key order."""
    studied = (item for item in items if not item.schedule.is_new)
    return [card_memory(item, scheduler, now) for item in sorted(studied, key=lambda i: i.key)]


def memory_json(memory: CardMemory) -> dict[str, object]:
    """Return a card's memory as `stats --json` prints it."""
    return {
        "key": memory.key,
        "state": memory.state.name.lower(),
        "due": memory.due.isoformat() if memory.due else None,
        "difficulty": memory.difficulty,
        "stability_days": memory.stability,
        "retrievability": memory.retrievability,
        "reps": memory.reps,
        "lapses": memory.lapses,
        "suspended": memory.suspended,
        "leech": memory.leech,
    }
