"""Each card's difficulty, stability and retrievability, as FSRS models them."""

from __future__ import annotations

from datetime import timedelta

from studykit.study.card_memory import memories, memory_json
from studykit.study.card_state import Rating
from studykit.study.config import Settings
from studykit.study.scheduler import Scheduler
from studykit.study.store import ItemProgress
from tests.study.decks import NOW

SCHEDULER = Scheduler(Settings(fuzz=False))


def test_memories_of_studied_cards_only_with_recall_falling_over_time() -> None:
    easy = SCHEDULER.review(
        SCHEDULER.review(ItemProgress("d/a", "d").schedule, Rating.GOOD, NOW), Rating.GOOD, NOW
    )
    items = [ItemProgress("d/b", "d"), ItemProgress("d/a", "d", easy, suspended=True)]
    (now,) = memories(items, SCHEDULER, NOW)
    (later,) = memories(items, SCHEDULER, NOW + timedelta(days=30))
    assert now.key == "d/a" and now.suspended
    assert (now.difficulty, now.stability) == (easy.difficulty, easy.stability)
    assert now.retrievability == 1.0 > later.retrievability > 0  # type: ignore[operator]
    data = memory_json(later)
    assert data["state"] == "review" and data["stability_days"] == easy.stability
