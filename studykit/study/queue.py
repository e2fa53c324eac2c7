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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import NamedTuple

from studykit.study.card_state import Rating, Schedule, State
from studykit.study.store import DueItem

LEARN_AHEAD = timedelta(minutes=20)
CRAM_AGAIN_GAP = 4
"""Cram shows a failed item again after this many others (no schedule changes)."""


class Today(NamedTuple):
    """What was already studied this study day (from the review log)."""

    keys: frozenset[str] = frozenset()
    new_count: int = 0
    review_count: int = 0
    buried: frozenset[str] = frozenset()
    """The sibling groups of the items studied or buried today (until the next study day)."""
    hidden: frozenset[str] = frozenset()
    """Items buried by the learner: out of every queue today, learning steps too."""


@dataclass(eq=False)  # mutable state: compared by identity
class NewItems:
    """New items in deck order, read from their source only as far as the queue looks ahead."""

    source: Iterator[tuple[str, str]]
    """(key, sibling group) of every new item, in deck order."""
    siblings: dict[str, str]
    ahead: deque[str] = field(default_factory=deque)

    def fill(self, count: int, buried: set[str]) -> int:
        """Read until `count` unburied items wait (or none are left); return how many wait.

        Buried items stay in `ahead`, skipped: an undo can unbury them this session.
        """
        waiting = sum(1 for key in self.ahead if self.siblings[key] not in buried)
        while waiting < count:
            found = next(self.source, None)
            if found is None:
                break
            key, sibling = found
            self.siblings[key] = sibling
            self.ahead.append(key)
            waiting += sibling not in buried
        return waiting

    def pop(self, buried: set[str]) -> str | None:
        """Return the next unburied new item, or None."""
        if not self.fill(1, buried):
            return None
        key = next(k for k in self.ahead if self.siblings[k] not in buried)
        self.ahead.remove(key)
        return key


class Source(NamedTuple):
    """Where the review queue took an item from: `learn` (with its due time), `review` or `new`."""

    name: str
    due: datetime | None = None


@dataclass(eq=False)  # mutable state: compared by identity
class ReviewQueue:
    """The daily queue: learning items when due, then reviews, then new items.

    Undo restores it exactly: the item on screen goes back where it came from (a new item
    gets its slot of the day's limit back), the undone item is shown next and counted
    under where it first came from, and the siblings its answer buried are unburied.
    """

    reviews: deque[str]
    new: NewItems
    siblings: dict[str, str]
    new_left: int
    day_end: datetime
    learning: list[tuple[datetime, str]] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    front: list[tuple[str, Source]] = field(default_factory=list)
    taken: Source = Source("new")
    """Where the last key `next` returned came from."""
    restored: bool = False
    """Whether the last key `next` returned was put back by an undo (shown whatever is due)."""
    buried_by: list[tuple[str, str | None]] = field(default_factory=list)
    """(key, the sibling group its answer buried, if it was not buried yet), one per answer."""
    until: datetime | None = None
    """Reviews due before this are shown (review ahead); None: before the day ends."""

    @property
    def review_end(self) -> datetime:
        """Return the moment reviews due before it belong to this session."""
        return self.until or self.day_end

    def next(self, now: datetime) -> str | None:
        """Return the key to show now, or None when the session is done."""
        self.restored = bool(self.front)
        key: str | None
        if self.front:
            key, self.taken = self.front.pop()
            return key
        if self.learning and self.learning[0][0] <= now:
            return self._pop_learning()
        key = self._pop_unburied(self.reviews)
        self.taken = Source("review")
        if key is None and self.new_left > 0:
            key = self.new.pop(self.touched)
            self.new_left -= key is not None
            self.taken = Source("new")
        if key is None and self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            return self._pop_learning()
        return key

    def _pop_learning(self) -> str:
        due, key = heapq.heappop(self.learning)
        self.taken = Source("learn", due)
        return key

    def _pop_unburied(self, keys: deque[str]) -> str | None:
        while keys:
            key = keys.popleft()
            if self.siblings.get(key, key) not in self.touched:
                return key
        return None

    def answered(self, key: str, schedule: Schedule | None, now: datetime) -> None:
        """Bury the item's siblings; bring it back today if it is in a learning step."""
        group = self.siblings.get(key, key)
        self.buried_by.append((key, None if group in self.touched else group))
        self.touched.add(group)
        self.wait_for(key, schedule)

    def bury(self, key: str) -> None:
        """Take an item out of the session and bury its siblings (buried or suspended)."""
        group = self.siblings.get(key, key)
        self.buried_by.append((key, None if group in self.touched else group))
        self.touched.add(group)
        self.drop(key)

    def wait_for(self, key: str, schedule: Schedule | None) -> None:
        """Bring the item back today if it is in a learning step due before the day ends."""
        if schedule is None or schedule.due is None or not is_intraday(schedule):
            return
        if schedule.due < self.day_end:
            heapq.heappush(self.learning, (schedule.due, key))

    def unanswer(self, key: str) -> None:
        """Take back the last answer to the item: unbury its siblings, forget its next step."""
        if self.buried_by and self.buried_by[-1][0] == key:
            group = self.buried_by.pop()[1]
            if group is not None:
                self.touched.discard(group)
        self.drop(key)

    def put_back(self, key: str, source: Source) -> None:
        """Show an item again next (after an undo), counted under where it first came from."""
        self.drop(key)
        self.front.append((key, source))

    def unshow(self, key: str, source: Source) -> None:
        """Return the item on screen to where it came from (an undo goes back past it)."""
        if source.name == "new":
            self.new.ahead.appendleft(key)
            self.new_left += 1
        elif source.name == "review":
            self.reviews.appendleft(key)
        elif source.due is not None:
            heapq.heappush(self.learning, (source.due, key))

    def drop(self, key: str) -> None:
        """Forget an item for this session (suspended)."""
        if any(k == key for _, k in self.learning):
            self.learning = [(due, k) for due, k in self.learning if k != key]
            heapq.heapify(self.learning)

    def waiting(self) -> datetime | None:
        """Return when the next learning item is due, if one is waiting."""
        return self.learning[0][0] if self.learning else None

    def remaining(self) -> tuple[int, int, int]:
        """Return how many learning, review and new items are left (new capped by the limit)."""
        new = self.new.fill(self.new_left, self.touched) if self.new_left > 0 else 0
        ahead = [source.name for _, source in self.front]
        return (
            len(self.learning) + ahead.count("learn"),
            len(self.reviews) + ahead.count("review"),
            min(self.new_left, new) + ahead.count("new"),
        )


def is_intraday(schedule: Schedule) -> bool:
    """Return whether a learning step is shorter than a day (shown again the same day)."""
    if schedule.state not in (State.LEARNING, State.RELEARNING):
        return False
    if schedule.due is None or schedule.last_review is None:
        return True
    return schedule.due - schedule.last_review < timedelta(days=1)


def review_queue(
    learning: Iterable[DueItem],
    reviews: Iterable[DueItem],
    new: Iterator[tuple[str, str]],
    today: Today,
    limits: tuple[int, int],
    day_end: datetime,
    until: datetime | None = None,
) -> ReviewQueue:
    """Build the day's queue from the selected items due today and the new ones.

    `learning` holds the due items in a learning or relearning step and `reviews` the due
    items in review, each earliest first; `new` yields (key, sibling) of never-studied
    items in deck order; `today.buried` are the sibling groups studied today. Only as many
    reviews and new items are read as the limits (new per day, reviews per day) let through.
    `until`, later than `day_end`, reviews ahead: items due before it are shown today.
    """
    new_limit, review_limit = limits
    buried = set(today.buried)
    siblings: dict[str, str] = {}
    steps: list[tuple[datetime, str]] = []
    later: list[DueItem] = []
    for row in learning:
        if row.key in today.hidden:
            continue
        siblings[row.key] = row.sibling
        schedule = row.schedule
        if schedule is not None and is_intraday(schedule) and schedule.due is not None:
            steps.append((schedule.due, row.key))
        else:
            later.append(row)
    heapq.heapify(steps)
    merged = heapq.merge(later, reviews, key=lambda row: row.due_ms)
    unburied = (row for row in merged if row.sibling not in buried)
    chosen = list(islice(unburied, max(0, review_limit - today.review_count)))
    siblings.update((row.key, row.sibling) for row in chosen)
    new_left = max(0, new_limit - today.new_count)
    return ReviewQueue(
        deque(row.key for row in chosen), NewItems(new, siblings), siblings, new_left, day_end,
        steps, touched=buried, until=until,
    )  # fmt: skip


@dataclass(eq=False)  # mutable state: compared by identity
class ListQueue:
    """Cram and exam: a fixed shuffled list; cram brings a failed item back a little later."""

    keys: list[str]
    again: bool = True
    taken: Source = Source("review")
    """Where the last key `next` returned came from (always the list, counted as reviews)."""

    def next(self, now: datetime) -> str | None:
        """Return the next key, or None at the end."""
        return self.keys.pop(0) if self.keys else None

    def answered_with(self, key: str, rating: Rating) -> None:
        """Show a forgotten item again after a few others (cram only)."""
        if self.again and rating is Rating.AGAIN:
            self.keys.insert(min(CRAM_AGAIN_GAP, len(self.keys)), key)

    def unanswer(self, key: str) -> None:
        """Take back the last answer to the item: forget its repeat (cram, after Again)."""
        if key in self.keys[: CRAM_AGAIN_GAP + 1]:
            self.keys.remove(key)

    def put_back(self, key: str, source: Source) -> None:
        """Show an item again next (after an undo)."""
        self.keys.insert(0, key)

    unshow = put_back

    def drop(self, key: str) -> None:
        """Forget an item for this session."""
        self.keys = [k for k in self.keys if k != key]

    bury = drop

    def remaining(self) -> tuple[int, int, int]:
        """Return (0, items left, 0)."""
        return 0, len(self.keys), 0


def shuffled(keys: Iterable[str], seed: int, count: int | None = None) -> list[str]:
    """Return the keys in a random order (reproducible with the seed), at most `count`."""
    chosen = list(keys)
    random.Random(seed).shuffle(chosen)
    return chosen if count is None else chosen[:count]
