"""A year of simulated reviews with FSRS (fuzz off) and ratings weighted like real users."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from studykit.study.card_state import NEW, Rating, Schedule, State
from studykit.study.config import Settings
from studykit.study.scheduler import Scheduler

YEAR = timedelta(days=365)
RATINGS = (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY)
# Weights of Again, Hard, Good, Easy: learners fail new and relearning cards more often
# than reviews; at 0.9 desired retention about one review in ten is forgotten.
LEARNING_WEIGHTS = (20, 10, 65, 5)
REVIEW_WEIGHTS = (10, 8, 77, 5)
REVIEWS_PER_ITEM = 11.0
"""About how many reviews an item started at a uniform moment of the year gets by its end."""
LEECH_LAPSES = 8
"""After this many lapses the store suspends an item as a leech, so its reviews stop."""
LATE_DAYS = (0, 0, 0, 1, 2)
"""How many days after its due date a review is done (learners are sometimes late)."""


@dataclass(frozen=True)
class Review:
    """One simulated answer: the item, when, the rating, and its schedule before and after."""

    key: str
    deck_id: str
    at: datetime
    rating: Rating
    duration_ms: int
    before: Schedule
    after: Schedule


def _next_time(after: Schedule, rng: random.Random) -> datetime:
    """Return when the learner does the next review of an item."""
    assert after.due is not None
    if after.state is State.REVIEW:
        return after.due + timedelta(days=rng.choice(LATE_DAYS), minutes=rng.uniform(0, 600))
    return after.due + timedelta(minutes=rng.uniform(0, 5))


def _item_history(
    item: tuple[str, str], start: datetime, end: datetime, rng: random.Random, fsrs: Scheduler
) -> list[Review]:
    """Return the reviews of one item from `start`, each done when due, until `end`."""
    key, deck_id = item
    reviews: list[Review] = []
    schedule, moment = NEW, start
    while moment < end and schedule.lapses < LEECH_LAPSES:
        weights = REVIEW_WEIGHTS if schedule.state is State.REVIEW else LEARNING_WEIGHTS
        rating = rng.choices(RATINGS, weights)[0]
        after = fsrs.review(schedule, rating, moment)
        duration = rng.randint(1_500, 20_000)
        reviews.append(Review(key, deck_id, moment, rating, duration, schedule, after))
        schedule, moment = after, _next_time(after, rng)
    return reviews


def simulate(
    items: Sequence[tuple[str, str]], reviews: int, end: datetime, seed: int = 7
) -> list[Review]:
    """Return exactly `reviews` reviews of some of the items over the year before `end`.

    Items start in deck order, spread over the year (a learner adding new cards daily);
    whole items are then dropped at random until the count fits, and the busiest item
    loses its last few reviews to make the count exact.
    """
    rng = random.Random(seed)
    fsrs = Scheduler(Settings(), fuzz=False)
    started = min(len(items), math.ceil(reviews / REVIEWS_PER_ITEM * 1.25))
    histories = [
        _item_history(item, end - YEAR + YEAR * number / started, end, rng, fsrs)
        for number, item in enumerate(items[:started])
    ]
    total = sum(map(len, histories))
    if total < reviews:
        raise ValueError(f"{len(items)} items get only {total} reviews in a year, not {reviews}")
    for index in rng.sample(range(len(histories)), len(histories)):
        if total - len(histories[index]) >= reviews:
            total -= len(histories[index])
            histories[index] = []
    busiest = max(histories, key=len)
    del busiest[len(busiest) - (total - reviews) :]
    return sorted((r for h in histories for r in h), key=lambda r: r.at)
