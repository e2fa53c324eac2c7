"""Which item to study next: the daily review queue, the cram queue and the exam queue.

Review order follows Anki: learning items that are due come first, then reviews due
today (earliest first, at most `reviews_per_day` a day), then new items in deck order (at
most `new_per_day` a day). An item answered into a learning step comes back in the same
session when its step is due; when nothing else is left, a learning item due within the
learn-ahead limit (20 minutes, Anki's default) is shown early. Answering an item buries
its siblings (the other deletions of a cloze, the other cells of a table row) until the
next study day; learning items are never buried.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from studykit.study.card_state import Rating, Schedule, State

LEARN_AHEAD = timedelta(minutes=20)
CRAM_AGAIN_GAP = 4
"""Cram shows a failed item again after this many others (no schedule changes)."""


@dataclass(frozen=True)
class Today:
    """What was already studied this study day (from the review log)."""

    keys: frozenset[str] = frozenset()
    new_count: int = 0
    review_count: int = 0


@dataclass
class ReviewQueue:
    """The daily queue: learning items when due, then reviews, then new items."""

    reviews: deque[str]
    new: deque[str]
    siblings: Mapping[str, str]
    new_left: int
    day_end: datetime
    learning: list[tuple[datetime, str]] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    front: list[str] = field(default_factory=list)

    def next(self, now: datetime) -> str | None:
        """Return the key to show now, or None when the session is done."""
        if self.front:
            return self.front.pop()
        if self.learning and self.learning[0][0] <= now:
            return heapq.heappop(self.learning)[1]
        key = self._pop_unburied(self.reviews)
        if key is None and self.new_left > 0:
            key = self._pop_unburied(self.new)
            self.new_left -= key is not None
        if key is None and self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            return heapq.heappop(self.learning)[1]
        return key

    def _pop_unburied(self, keys: deque[str]) -> str | None:
        while keys:
            key = keys.popleft()
            if self.siblings.get(key, key) not in self.touched:
                return key
        return None

    def answered(self, key: str, schedule: Schedule | None, now: datetime) -> None:
        """Bury the item's siblings; bring it back today if it is in a learning step."""
        self.touched.add(self.siblings.get(key, key))
        if schedule is None or schedule.due is None or not is_intraday(schedule):
            return
        if schedule.due < self.day_end:
            heapq.heappush(self.learning, (schedule.due, key))

    def put_back(self, key: str, was_new: bool) -> None:
        """Show an item again next (after an undo)."""
        self.learning = [(due, k) for due, k in self.learning if k != key]
        heapq.heapify(self.learning)
        self.new_left += was_new
        self.front.append(key)

    def drop(self, key: str) -> None:
        """Forget an item for this session (suspended)."""
        self.learning = [(due, k) for due, k in self.learning if k != key]
        heapq.heapify(self.learning)

    def waiting(self) -> datetime | None:
        """Return when the next learning item is due, if one is waiting."""
        return self.learning[0][0] if self.learning else None

    def remaining(self) -> tuple[int, int, int]:
        """Return how many learning, review and new items are left (new capped by the limit)."""
        return len(self.learning), len(self.reviews), min(self.new_left, len(self.new))


def is_intraday(schedule: Schedule) -> bool:
    """Return whether a learning step is shorter than a day (shown again the same day)."""
    if schedule.state not in (State.LEARNING, State.RELEARNING):
        return False
    if schedule.due is None or schedule.last_review is None:
        return True
    return schedule.due - schedule.last_review < timedelta(days=1)


def review_queue(
    order: Iterable[str],
    siblings: Mapping[str, str],
    due: Iterable[tuple[str, Schedule]],
    known: set[str],
    today: Today,
    limits: tuple[int, int],
    day_end: datetime,
) -> ReviewQueue:
    """Build the day's queue from the selected keys in deck order and the stored due items.

    `due` holds the selected studied items due before `day_end`, earliest first;
    `known` every key with stored progress; `limits` is (new per day, reviews per day).
    """
    new_limit, review_limit = limits
    buried = {siblings.get(k, k) for k in today.keys}
    learning: list[tuple[datetime, str]] = []
    reviews: deque[str] = deque()
    for key, schedule in due:
        if is_intraday(schedule) and schedule.due is not None:
            learning.append((schedule.due, key))
        elif siblings.get(key, key) not in buried:
            reviews.append(key)
    heapq.heapify(learning)
    while len(reviews) > max(0, review_limit - today.review_count):
        reviews.pop()
    new = deque(k for k in order if k not in known and siblings.get(k, k) not in buried)
    new_left = max(0, new_limit - today.new_count)
    return ReviewQueue(reviews, new, siblings, new_left, day_end, learning, touched=buried)


@dataclass
class ListQueue:
    """Cram and exam: a fixed shuffled list; cram brings a failed item back a little later."""

    keys: list[str]
    again: bool = True

    def next(self, now: datetime) -> str | None:
        """Return the next key, or None at the end."""
        return self.keys.pop(0) if self.keys else None

    def answered_with(self, key: str, rating: Rating) -> None:
        """Show a forgotten item again after a few others (cram only)."""
        if self.again and rating is Rating.AGAIN:
            self.keys.insert(min(CRAM_AGAIN_GAP, len(self.keys)), key)

    def put_back(self, key: str) -> None:
        """Show an item again next (after an undo)."""
        if key in self.keys[: CRAM_AGAIN_GAP + 1]:
            self.keys.remove(key)
        self.keys.insert(0, key)

    def drop(self, key: str) -> None:
        """Forget an item for this session."""
        self.keys = [k for k in self.keys if k != key]

    def remaining(self) -> tuple[int, int, int]:
        """Return (0, items left, 0)."""
        return 0, len(self.keys), 0


def shuffled(keys: Iterable[str], seed: int, count: int | None = None) -> list[str]:
    """Return the keys in a random order (reproducible with the seed), at most `count`."""
    chosen = list(keys)
    random.Random(seed).shuffle(chosen)
    return chosen if count is None else chosen[:count]
