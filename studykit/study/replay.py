"""Merge review logs by review id and replay them through FSRS: one history, one schedule.

Merging is a union by review id, so importing is idempotent (a review already known adds
nothing) and the order of imports does not matter (A then B equals B then A). A review id
that comes back with other content is a conflict and refuses the whole import.

Replaying answers each item's reviews again, oldest first (ties by id), from a new
schedule, with the scheduler's fuzz seeded by the item key and its review count, exactly
as the quiz answered them. Two sides holding the same reviews and the same scheduler
settings therefore hold the same schedules; progress_log.js does the same in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple, Protocol

from studykit.study.card_state import NEW, Rating, Schedule
from studykit.study.review_log import ReviewLogError, iso_ms
from studykit.study.store import History, LogReview, Replayed


class Reviewer(Protocol):
    """What replaying needs of a scheduler (studykit.study.scheduler.Scheduler)."""

    def review(self, schedule: Schedule, rating: Rating, now: datetime, seed: str = "") -> Schedule:
        """Return the schedule after answering with `rating` at `now`."""
        ...


class Merged(NamedTuple):
    """The union of two logs in replay order, and the reviews the second one added."""

    reviews: tuple[LogReview, ...]
    added: tuple[LogReview, ...]


def replay_order(review: LogReview) -> tuple[datetime, str]:
    """Return the key reviews are replayed by: time, then id (two sides agree on ties)."""
    return review.at, review.id


def merge(known: Iterable[LogReview], incoming: Iterable[LogReview]) -> Merged:
    """Return the union by review id; raise ReviewLogError when an id has two contents."""
    by_id = {review.id: review for review in known}
    added: dict[str, LogReview] = {}
    for review in incoming:
        held = by_id.get(review.id) or added.get(review.id)
        if held is None:
            added[review.id] = review
        elif held != review:
            raise ReviewLogError(
                f"review {review.id} is already known with other content ({held.key} at "
                f"{iso_ms(held.at)}, rating {int(held.rating)}; the file says {review.key} at "
                f"{iso_ms(review.at)}, rating {int(review.rating)}); nothing imported"
            )
    union = sorted([*by_id.values(), *added.values()], key=replay_order)
    return Merged(tuple(union), tuple(sorted(added.values(), key=replay_order)))


def replay(reviews: Iterable[LogReview], scheduler: Reviewer) -> History:
    """Return each key's reviews, oldest first, with the schedules replaying them gives."""
    history: History = {}
    for review in sorted(reviews, key=replay_order):
        steps = history.setdefault(review.key, [])
        before = steps[-1].after if steps else NEW
        after = scheduler.review(before, review.rating, review.at, review.key)
        steps.append(Replayed(review, before, after))
    return history
