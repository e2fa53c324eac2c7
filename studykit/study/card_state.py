"""The scheduling state of one study item, independent of the fsrs library."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import NamedTuple


class State(IntEnum):
    """Where an item is in its life; the values 1-3 are fsrs's."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class Rating(IntEnum):
    """The four answer buttons; Hard is a passing grade, as in Anki."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        """Return the button name (`Again`)."""
        return self.name.capitalize()


class Schedule(NamedTuple):
    """The fsrs memory state of an item plus the counters fsrs does not keep."""

    state: State = State.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        """Return whether the item was never answered."""
        return self.state is State.NEW


NEW = Schedule()
"""The schedule of an item that was never answered."""
