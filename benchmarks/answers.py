"""Time recording answers in-process through studykit's session and store, as the quiz does.

Run in a fresh process by the runner: python -m benchmarks.answers DECKS DB NOW COUNT
It prints JSON: every `Session.answer` time in seconds (one SQLite transaction each, with
the FSRS computation), excluding the time to pick and show the next card.
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from benchmarks.history import LEARNING_WEIGHTS, RATINGS, REVIEW_WEIGHTS
from studykit.decks import open_deck_folder
from studykit.decks.folder import DeckFolder
from studykit.study.card_state import State
from studykit.study.config import Settings
from studykit.study.planner import Plan, start_session
from studykit.study.scheduler import Scheduler
from studykit.study.session import Session
from studykit.study.store import ProgressStore

# Limits high enough that one session holds every answer asked for.
SETTINGS = Settings(new_per_day=100_000, reviews_per_day=100_000)


def _session(catalog: DeckFolder, store: ProgressStore, now: datetime) -> Session:
    return start_session(catalog, store, Plan(seed=1), SETTINGS, lambda: Scheduler(SETTINGS), now)


def answer_times(decks: Path, db: Path, now: datetime, count: int) -> list[float]:
    """Answer `count` cards with weighted ratings; return each answer's time.

    When a small collection has nothing left today, the next day's session goes on.
    """
    rng = random.Random(11)
    store = ProgressStore(db)
    catalog = open_deck_folder(decks)
    session = _session(catalog, store, now)
    times: list[float] = []
    while len(times) < count:
        shown = session.next(now)
        if shown is None:
            now += timedelta(days=1)
            session = _session(catalog, store, now)
            continue
        review = shown.stored.schedule.state is State.REVIEW
        rating = rng.choices(RATINGS, REVIEW_WEIGHTS if review else LEARNING_WEIGHTS)[0]
        start = time.perf_counter()
        session.answer(rating, now)
        times.append(time.perf_counter() - start)
        now += timedelta(seconds=rng.uniform(3, 12))
    store.close()
    return times


def main() -> None:
    """Print the answer times as JSON."""
    decks, db, now, count = sys.argv[1:5]
    print(json.dumps(answer_times(Path(decks), Path(db), datetime.fromisoformat(now), int(count))))


if __name__ == "__main__":
    main()
