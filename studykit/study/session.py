"""A study session: pick the next item, record answers, undo, suspend; the clock comes in.

Only review mode writes progress. Cram and exam modes change no schedule and log nothing,
as Anki's filtered decks with rescheduling turned off.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from studykit.errors import StudykitError
from studykit.model import ChoiceCard, OrderCard, StudyItem
from studykit.study.card_state import Rating, Schedule
from studykit.study.mode import Mode
from studykit.study.queue import LEARN_AHEAD, ListQueue, ReviewQueue, Source, is_intraday
from studykit.study.store import Answer, ItemProgress, ProgressStore

if TYPE_CHECKING:
    from studykit.study.grading import Grade
    from studykit.study.scheduler import Scheduler

MAX_ANSWER_TIME = timedelta(seconds=60)
"""Longer answers count as 60 s in the time statistics (Anki's default cap)."""


class Presented(NamedTuple):
    """An item on screen: the card, its stored progress and the shuffled choices or items."""

    item: StudyItem
    stored: ItemProgress
    shown_at: datetime
    number: int
    options: tuple[str, ...] = ()
    """Choices (choice cards) or items (order cards) in the order shown."""
    source: Source = Source("review")
    """Where the queue took the item from (undo returns it there)."""


class Outcome(NamedTuple):
    """What answering did: the rating, the schedule after it and any leech notice."""

    key: str
    rating: Rating
    grade: Grade | None
    before: ItemProgress
    after: Schedule | None
    review_id: int | None
    at: datetime
    leech: bool = False
    duration: timedelta = timedelta()


@dataclass(eq=False)  # mutable state: compared by identity
class Tally:
    """Running counts for the end-of-session summary."""

    answers: list[Outcome] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)
    leeches: list[str] = field(default_factory=list)
    buried: list[str] = field(default_factory=list)


class Buried(NamedTuple):
    """A bury to undo: the item the learner buried."""

    key: str


class SessionError(StudykitError):
    """A session command that cannot apply now (nothing to undo or to re-rate)."""


Lookup = Callable[[str], StudyItem | None]
Queue = ReviewQueue | ListQueue


class Session:
    """One sitting of study over a queue; every answer is stored the moment it is given."""

    def __init__(
        self,
        queue: Queue,
        lookup: Lookup,
        store: ProgressStore | None,
        scheduler: Callable[[], Scheduler],
        mode: Mode = Mode.REVIEW,
        session_id: str = "",
        seed: int = 0,
    ) -> None:
        self.queue = queue
        self.lookup = lookup
        self.store = store
        self.writes = store is not None and mode is Mode.REVIEW
        self._scheduler_factory = scheduler
        self._scheduler: Scheduler | None = None
        self.mode = mode
        self.id = session_id
        self.random = random.Random(seed)
        self.tally = Tally()
        self.current: Presented | None = None
        self._undo: list[tuple[Outcome | ItemProgress | Buried, Presented]] = []
        self._shown = 0

    @property
    def scheduler(self) -> Scheduler:
        """Return the scheduler, made on first use (importing fsrs costs startup time)."""
        if self._scheduler is None:
            self._scheduler = self._scheduler_factory()
        return self._scheduler

    def next(self, now: datetime) -> Presented | None:
        """Return the next item to show (skipping any answered elsewhere), or None when done."""
        while (key := self.queue.next(now)) is not None:
            item = self.lookup(key)
            if item is None:
                continue  # removed from its deck since the queue was built
            stored = self._stored(item)
            if self.writes and not self._still_due(stored, now):
                continue
            self._shown += 1
            options = self._options(item)
            self.current = Presented(item, stored, now, self._shown, options, self.queue.taken)
            return self.current
        self.current = None
        return None

    def _stored(self, item: StudyItem) -> ItemProgress:
        if self.store is None:
            return ItemProgress(item.key, item.deck_id, exists=False)
        return self.store.item(item.key, item.deck_id)

    def _still_due(self, stored: ItemProgress, now: datetime) -> bool:
        """Return whether the item is still to be studied now (another session may have)."""
        schedule = stored.schedule
        if stored.suspended:
            return False
        if not isinstance(self.queue, ReviewQueue) or self.queue.restored:
            return True
        if schedule.is_new or schedule.due is None:
            return True
        if schedule.due <= now + LEARN_AHEAD:
            return True
        if not is_intraday(schedule):
            return schedule.due < self.queue.review_end
        self.queue.wait_for(stored.key, schedule)  # a later step: wait for it
        return False

    def _options(self, item: StudyItem) -> tuple[str, ...]:
        """Return the choices or order items shuffled; an order never starts solved."""
        card = item.card
        if isinstance(card, ChoiceCard):
            return tuple(self.random.sample(card.choices, len(card.choices)))
        if isinstance(card, OrderCard):
            shown = list(card.items)
            for _ in range(10):
                self.random.shuffle(shown)
                if len(shown) < 2 or tuple(shown) != card.items:
                    break
            return tuple(shown)
        return ()

    def intervals(self, now: datetime) -> dict[Rating, Schedule]:
        """Return the schedule each rating would give the current item (for the keys)."""
        assert self.current is not None
        presented = self.current
        return self.scheduler.outcomes(presented.stored.schedule, now, presented.item.key)

    def answer(self, rating: Rating, now: datetime, grade: Grade | None = None) -> Outcome:
        """Record the answer to the current item and return what it did."""
        presented = self.current
        assert presented is not None, "no item on screen"
        outcome = self._apply(presented, rating, now, grade, replacing=None)
        self._undo.append((outcome, presented))
        self.tally.answers.append(outcome)
        if outcome.leech:
            self.tally.leeches.append(outcome.key)
        self.current = None
        return outcome

    def _apply(
        self,
        shown: Presented,
        rating: Rating,
        now: datetime,
        grade: Grade | None,
        replacing: int | None,
    ) -> Outcome:
        key, deck_id = shown.item.key, shown.item.deck_id
        duration = min(max(now - shown.shown_at, timedelta()), MAX_ANSWER_TIME)
        if not self.writes or self.store is None:
            if isinstance(self.queue, ListQueue):
                self.queue.answered_with(key, rating)
            return Outcome(key, rating, grade, shown.stored, None, None, now, duration=duration)
        answer = Answer(key, deck_id, rating, now, duration // timedelta(milliseconds=1))
        recorded = self.store.record(
            answer, lambda s: self.scheduler.review(s, rating, now, key), self.id, replacing
        )
        after = recorded.after
        if isinstance(self.queue, ReviewQueue):
            self.queue.answered(key, None if after.suspended else after.schedule, now)
        return Outcome(
            key, rating, grade, recorded.before, after.schedule, recorded.review_id, now,
            recorded.became_leech, duration,
        )  # fmt: skip

    def override(self, rating: Rating) -> Outcome:
        """Replace the rating of the last answer (an automatic grade the learner disagrees with)."""
        last, shown = self._undo[-1] if self._undo else (None, None)
        if not isinstance(last, Outcome) or shown is None:
            raise SessionError("there is no answer to re-rate")
        self.queue.unanswer(last.key)
        outcome = self._apply(shown, rating, last.at, last.grade, last.review_id)
        self._undo[-1] = (outcome, shown)
        self.tally.answers[-1] = outcome
        current = self.current
        if current is not None and current.item.key == last.key:
            # Back on screen through the replaced answer: it stays there, with the new state.
            self.queue.drop(last.key)
            self.current = current._replace(stored=self._stored(current.item))
        return outcome

    def suspend(self) -> None:
        """Suspend the item on screen; it leaves every queue until unsuspended.

        Its siblings are buried for the day, as after an answer (Anki does the same).
        """
        presented = self.current
        assert presented is not None, "no item on screen"
        item = presented.item
        before = presented.stored
        if self.store is not None:
            before = self.store.set_suspended(item.key, item.deck_id, True)
        self.queue.bury(item.key)
        self._undo.append((before, presented))
        self.tally.suspended.append(item.key)
        self.current = None

    def bury(self) -> None:
        """Bury the item on screen and its siblings until the next study day."""
        presented = self.current
        assert presented is not None, "no item on screen"
        key = presented.item.key
        if self.writes and self.store is not None and isinstance(self.queue, ReviewQueue):
            self.store.bury(key, self.queue.day_end)
        self.queue.bury(key)
        self._undo.append((Buried(key), presented))
        self.tally.buried.append(key)
        self.current = None

    def undo(self) -> str:
        """Undo the last answer, suspension or bury, restoring the exact stored state; return its key.

        The queue comes back as it was when the undone item was shown: the item on screen
        returns where it came from and the undone item is shown next, with its number.
        """
        if not self._undo:
            raise SessionError("there is nothing to undo")
        action, shown = self._undo[-1]
        if isinstance(action, Outcome):
            if self.writes and self.store is not None and action.review_id is not None:
                self.store.undo(action.review_id)
            self.tally.answers.pop()
            if action.leech:
                self.tally.leeches.remove(action.key)
            self.queue.unanswer(action.key)
        elif isinstance(action, Buried):
            if self.writes and self.store is not None:
                self.store.unbury(action.key)
            self.tally.buried.remove(action.key)
            self.queue.unanswer(action.key)
        else:
            if self.store is not None:
                self.store.restore(action)
            self.tally.suspended.remove(action.key)
            self.queue.unanswer(action.key)
        self._undo.pop()
        self._unshow_current(shown.item.key)
        self._shown -= 1
        self.queue.put_back(shown.item.key, shown.source)
        return shown.item.key

    def _unshow_current(self, undone: str) -> None:
        """Return the item on screen to the queue where it was before it was shown."""
        current, self.current = self.current, None
        if current is None:
            return
        self._shown -= 1
        if current.item.key != undone:  # else its undone answer brought it back: forget it
            self.queue.unshow(current.item.key, current.source)

    def summary(self, started: datetime, now: datetime) -> Summary:
        """Return the end-of-session summary."""
        answers = self.tally.answers
        graded = [a for a in answers if a.grade is not None]
        waiting = self.queue.waiting() if isinstance(self.queue, ReviewQueue) else None
        return Summary(
            mode=self.mode,
            answered=len(answers),
            passed=sum(1 for a in answers if a.rating is not Rating.AGAIN),
            ratings={r: sum(1 for a in answers if a.rating is r) for r in Rating},
            graded=len(graded),
            correct=sum(1 for a in graded if a.grade is not None and a.grade.correct),
            elapsed=now - started,
            answer_time=sum((a.duration for a in answers), timedelta()),
            next_due=self.store.next_due() if self.writes and self.store is not None else None,
            learning_waiting=waiting,
            leeches=tuple(self.tally.leeches),
            suspended=tuple(self.tally.suspended),
            misses=tuple(a for a in graded if a.grade is not None and not a.grade.correct),
        )


class Summary(NamedTuple):
    """What a session did: counts, accuracy, time and when to come back."""

    mode: Mode
    answered: int
    passed: int
    ratings: dict[Rating, int]
    graded: int
    correct: int
    elapsed: timedelta
    answer_time: timedelta
    next_due: datetime | None
    learning_waiting: datetime | None
    leeches: tuple[str, ...]
    suspended: tuple[str, ...]
    misses: tuple[Outcome, ...]

    @property
    def accuracy(self) -> float | None:
        """Return the share of answers not rated Again (None before any answer)."""
        return self.passed / self.answered if self.answered else None
