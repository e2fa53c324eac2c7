"""The scheduler gives exactly py-fsrs's intervals and counts reps and lapses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.study.card_state import NEW, Rating, State
from studykit.study.config import Settings
from studykit.study.scheduler import Scheduler
from tests.study.decks import NOW

A, G = Rating.AGAIN, Rating.GOOD
# py-fsrs tests/test_basic.py: G x6, A x2, G x5 reviewed when due, fuzz off.
PY_FSRS_RATINGS = (G, G, G, G, G, G, A, A, G, G, G, G, G)
PY_FSRS_INTERVALS = [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


def intervals_of(ratings: tuple[Rating, ...], start: datetime) -> list[int]:
    scheduler = Scheduler(Settings(fuzz=False))
    schedule, moment, days = NEW, start, []
    for rating in ratings:
        schedule = scheduler.review(schedule, rating, moment)
        assert schedule.due is not None and schedule.last_review is not None
        days.append((schedule.due - schedule.last_review).days)
        moment = schedule.due
    return days


def test_interval_sequence_matches_py_fsrs_tests() -> None:
    start = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
    assert intervals_of(PY_FSRS_RATINGS, start) == PY_FSRS_INTERVALS


@settings(max_examples=60, deadline=None)
@given(
    ratings=st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=25),
    gaps=st.lists(st.integers(min_value=0, max_value=90 * 86400), min_size=25, max_size=25),
)
def test_every_schedule_equals_py_fsrs(ratings: list[Rating], gaps: list[int]) -> None:
    ours, theirs = Scheduler(Settings(fuzz=False)), fsrs.Scheduler(enable_fuzzing=False)
    schedule, card, moment = NEW, fsrs.Card(card_id=1, due=NOW), NOW
    for rating, gap in zip(ratings, gaps, strict=False):
        schedule = ours.review(schedule, rating, moment)
        card, _ = theirs.review_card(card, fsrs.Rating(int(rating)), review_datetime=moment)
        assert (schedule.state, schedule.step, schedule.due) == (card.state, card.step, card.due)
        assert (schedule.stability, schedule.difficulty) == (card.stability, card.difficulty)
        moment += timedelta(seconds=gap)


def test_reps_and_lapses_count_like_anki() -> None:
    scheduler = Scheduler(Settings(fuzz=False))
    schedule, moment = NEW, NOW
    for rating in (G, G, A, G, A):
        schedule = scheduler.review(schedule, rating, moment)
        assert schedule.due is not None
        moment = schedule.due
    # Again in learning is no lapse; Again on a review card is (twice here).
    assert (schedule.reps, schedule.lapses, schedule.state) == (5, 2, State.RELEARNING)


def test_first_answers_follow_the_default_steps() -> None:
    outcomes = Scheduler(Settings(fuzz=False)).outcomes(NEW, NOW)
    shown = {r: outcomes[r].due - NOW for r in Rating if outcomes[r].due is not None}  # type: ignore[operator]
    assert shown[Rating.AGAIN] == timedelta(minutes=1)
    assert shown[Rating.HARD] == timedelta(seconds=330)
    assert shown[Rating.GOOD] == timedelta(minutes=10)
    assert shown[Rating.EASY] >= timedelta(days=1)


def test_fuzzed_interval_shown_is_the_one_stored() -> None:
    scheduler = Scheduler(Settings(fuzz=True))
    schedule, moment = NEW, NOW
    for rating in (G, G, G, G):
        schedule = scheduler.review(schedule, rating, moment, seed="deck/card")
        assert schedule.due is not None
        moment = schedule.due
    preview = scheduler.outcomes(schedule, moment, seed="deck/card")
    again = {r: scheduler.review(schedule, r, moment, seed="deck/card") for r in Rating}
    assert preview == again


def test_settings_reach_fsrs() -> None:
    custom = Settings(fuzz=False, learning_steps=(timedelta(minutes=5),), maximum_interval=3)
    scheduler = Scheduler(custom)
    schedule, moment = NEW, NOW
    for _ in range(8):
        schedule = scheduler.review(schedule, Rating.EASY, moment)
        assert schedule.due is not None and schedule.due - moment <= timedelta(days=3)
        moment = schedule.due
    assert scheduler.review(NEW, Rating.AGAIN, NOW).due == NOW + timedelta(minutes=5)
