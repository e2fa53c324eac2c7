"""FSRS-6 scheduling through py-fsrs: the only module that imports `fsrs`.

py-fsrs has no New state and no counters, so this wrapper adds them: a new item is
reviewed as a fresh fsrs Card, `reps` counts answers and `lapses` counts Again on an item
in Review (Anki's definition, used for leeches).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import fsrs

from studykit.study.card_state import Rating, Schedule, State
from studykit.study.config import Settings

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
"""FSRS-6's 21 default parameters (the ones `studykit optimize` is measured against)."""


class Scheduler:
    """Compute the next schedule of an item for a rating, with the settings' FSRS options."""

    def __init__(self, settings: Settings, fuzz: bool | None = None) -> None:
        self._fsrs = fsrs.Scheduler(
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            relearning_steps=settings.relearning_steps,
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=settings.fuzz if fuzz is None else fuzz,
        )

    def review(self, schedule: Schedule, rating: Rating, now: datetime, seed: str = "") -> Schedule:
        """Return the schedule after answering with `rating` at `now` (an aware datetime).

        The fuzz is drawn from `seed` (Anki seeds it with the card and its review count), so
        the interval shown on a rating key is the one an answer then stores.
        """
        moment = now.astimezone(UTC)
        saved = random.getstate()
        random.seed(f"{seed}/{schedule.reps}/{int(rating)}")
        try:
            card, _log = self._fsrs.review_card(
                _to_fsrs(schedule, moment), fsrs.Rating(int(rating)), review_datetime=moment
            )
        finally:
            random.setstate(saved)
        lapsed = schedule.state is State.REVIEW and rating is Rating.AGAIN
        return Schedule(
            state=State(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=_ms(card.due),
            last_review=_ms(card.last_review),
            reps=schedule.reps + 1,
            lapses=schedule.lapses + int(lapsed),
        )

    def outcomes(self, schedule: Schedule, now: datetime, seed: str = "") -> dict[Rating, Schedule]:
        """Return the schedule each rating would give, so the keys can show their intervals."""
        return {rating: self.review(schedule, rating, now, seed) for rating in Rating}


def _ms(moment: datetime | None) -> datetime | None:
    """Truncate to the millisecond so a stored schedule reads back identical."""
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _to_fsrs(schedule: Schedule, now: datetime) -> fsrs.Card:
    """Return the fsrs Card for a schedule; a new item becomes a fresh Learning card."""
    # card_id given: fsrs.Card() without one sleeps a millisecond to make ids unique.
    if schedule.is_new:
        return fsrs.Card(card_id=0, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(schedule.state)),
        step=schedule.step,
        stability=schedule.stability,
        difficulty=schedule.difficulty,
        due=(schedule.due or now).astimezone(UTC),
        last_review=schedule.last_review.astimezone(UTC) if schedule.last_review else None,
    )
