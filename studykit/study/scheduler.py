"""FSRS-6 scheduling through py-fsrs: the only module that imports `fsrs`.

py-fsrs has no New state and no counters, so this wrapper adds them: a new item is
reviewed as a fresh fsrs Card, `reps` counts answers and `lapses` counts Again on an item
in Review (Anki's definition, used for leeches).
"""

from __future__ import annotations

import random
import zlib
from datetime import UTC, datetime

import fsrs

from studykit.study.card_state import Rating, Schedule, State
from studykit.study.config import Settings

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
"""FSRS-6's 21 default parameters (the ones `studykit optimize` is measured against)."""


def fuzz_seed(seed: str, reps: int, rating: Rating) -> int:
    """Return the CRC-32 of `seed/reps/rating` in UTF-8, the fuzz's random seed.

    An integer seed, not a string: Python seeds its Mersenne Twister from a string through
    SHA-512, from an integer directly, which the browser's port (fsrs.js) repeats exactly.
    """
    return zlib.crc32(f"{seed}/{reps}/{int(rating)}".encode())


def clamp_parameters(parameters: tuple[float, ...]) -> tuple[float, ...]:
    """Return parameters moved into py-fsrs's bounds (a fit in 32-bit floats may graze them)."""
    bounds = zip(
        fsrs.scheduler.LOWER_BOUNDS_PARAMETERS, fsrs.scheduler.UPPER_BOUNDS_PARAMETERS, strict=True
    )
    return tuple(min(high, max(low, p)) for p, (low, high) in zip(parameters, bounds, strict=True))


def parameters_problem(parameters: tuple[float, ...]) -> str:
    """Return why FSRS-6 cannot use these parameters (count or bounds), or an empty string."""
    if len(parameters) != len(DEFAULT_PARAMETERS):
        return f"FSRS-6 takes {len(DEFAULT_PARAMETERS)} parameters, not {len(parameters)}"
    try:
        fsrs.Scheduler(parameters=parameters)
    except ValueError as error:
        return str(error).replace("\n", "; ")
    return ""


class Scheduler:
    """Compute the next schedule of an item for a rating, with the settings' FSRS options."""

    def __init__(
        self,
        settings: Settings,
        fuzz: bool | None = None,
        parameters: tuple[float, ...] | None = None,
    ) -> None:
        self._fsrs = fsrs.Scheduler(
            parameters=parameters or DEFAULT_PARAMETERS,
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            relearning_steps=settings.relearning_steps,
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=settings.fuzz if fuzz is None else fuzz,
        )

    def review(self, schedule: Schedule, rating: Rating, now: datetime, seed: str = "") -> Schedule:
        """Return the schedule after answering with `rating` at `now` (an aware datetime).

        The fuzz is drawn from `seed` (Anki seeds it with the card and its review count), so
        the interval shown on a rating key is the one an answer then stores, and a replay of
        the review log (here or in the browser) gives the same.
        """
        moment = now.astimezone(UTC)
        saved = random.getstate()
        random.seed(fuzz_seed(seed, schedule.reps, rating))
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

    def retrievability(self, schedule: Schedule, now: datetime) -> float:
        """Return the probability of recall at `now` (0 for a new item; `show`, `stats --json`)."""
        if schedule.is_new:
            return 0.0
        card = _to_fsrs(schedule, now.astimezone(UTC))
        return float(self._fsrs.get_card_retrievability(card, current_datetime=now.astimezone(UTC)))


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
