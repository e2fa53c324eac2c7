"""Write a simulated review history into a studykit progress database through its store."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmarks.history import Review
from studykit.study.card_state import Schedule
from studykit.study.store import Answer, ProgressStore


def _replay(review: Review) -> object:
    """Return a rescheduler that checks the stored schedule and gives the simulated one."""

    def reschedule(before: Schedule) -> Schedule:
        if before != review.before:
            raise AssertionError(f"{review.key}: stored {before}, simulated {review.before}")
        return review.after

    return reschedule


def write_progress(path: Path, history: Sequence[Review]) -> Path:
    """Record every review, oldest first, one study session a day, as the quiz would."""
    store = ProgressStore(path)
    session, last = "", None
    try:
        for review in history:
            day = f"bench-{review.at:%Y%m%d}"
            if day != session:
                if session and last is not None:
                    store.end_session(session, last)
                session = day
                store.start_session(session, "review", review.at)
            answer = Answer(
                review.key, review.deck_id, review.rating, review.at, review.duration_ms
            )
            store.record(answer, _replay(review), session)  # type: ignore[arg-type]
            last = review.at
        if session and last is not None:
            store.end_session(session, last)
    finally:
        store.close()
    return path
