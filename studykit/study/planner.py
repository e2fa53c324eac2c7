"""Turn a selection of decks and the stored progress into a session of the chosen mode."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

from studykit.model import StudyItem
from studykit.study.card_state import State
from studykit.study.config import Settings
from studykit.study.days import day_start, next_day_start, study_day
from studykit.study.mode import Mode
from studykit.study.queue import ListQueue, ReviewQueue, Today, review_queue, shuffled
from studykit.study.session import Session
from studykit.study.store import DeckIndex, ProgressStore, Selection, to_ms

if TYPE_CHECKING:
    from studykit.study.scheduler import Scheduler

EXAM_SIZE = 20
AUTO_GRADED = frozenset({"typed", "choice", "truefalse", "order", "cloze"})
"""Kinds an exam can grade without the learner (a cloze is typed in an exam)."""


class Items(Protocol):
    """The study items of some decks: their index, and each item by key (a DeckFolder)."""

    index: DeckIndex

    def item(self, key: str) -> StudyItem | None:
        """Return the study item of a key, or None if no deck holds it."""
        ...


@dataclass(frozen=True)
class Plan:
    """What to study: the decks, a tag, the mode and how many items (cram and exam)."""

    deck_ids: tuple[str, ...] = ()
    tag: str | None = None
    mode: Mode = Mode.REVIEW
    count: int | None = None
    seed: int | None = None
    ahead: int = 0
    """Days to review ahead: cards due in the next `ahead` days are shown today too."""


def today(
    store: ProgressStore, index: DeckIndex, now: datetime, settings: Settings, zone: tzinfo | None
) -> Today:
    """Return what the review log says was studied since the study day began."""
    start = day_start(study_day(now, settings.day_starts_at, zone), settings.day_starts_at, zone)
    rows = store.reviews_since(start)
    new = {r.key for r in rows if r.state_before == State.NEW}
    reviews = sum(1 for r in rows if r.state_before == State.REVIEW)
    keys = frozenset(r.key for r in rows)
    hidden = frozenset(store.buried(now))
    siblings = index.siblings(keys | hidden)
    buried = frozenset(siblings.get(key, key) for key in keys | hidden)
    return Today(keys, len(new), reviews, buried, hidden)


def start_session(
    items: Items,
    store: ProgressStore,
    plan: Plan,
    settings: Settings,
    scheduler: Callable[[], Scheduler],
    now: datetime,
    zone: tzinfo | None = None,
) -> Session:
    """Return a session over the plan's selection, ready for its first item."""
    # os.urandom, not secrets: secrets imports hmac and OpenSSL (~5 ms before the first card).
    random = int.from_bytes(os.urandom(7))
    seed = plan.seed if plan.seed is not None else random >> 24
    session_id = f"{now:%Y%m%dT%H%M%S}-{random & 0xFFFFFF:06x}"
    queue: ReviewQueue | ListQueue
    if plan.mode is Mode.REVIEW:
        queue = _daily_queue(items.index, store, plan, settings, now, zone)
        store.start_session(session_id, plan.mode.value, now)
    elif plan.mode is Mode.CRAM:
        chosen = items.index.rows(Selection(plan.deck_ids, plan.tag))
        queue = ListQueue(shuffled((key for key, *_ in chosen), seed, plan.count))
    else:
        chosen = items.index.rows(Selection(plan.deck_ids, plan.tag))
        graded = (key for key, *_, kind in chosen if kind in AUTO_GRADED)
        queue = ListQueue(shuffled(graded, seed, plan.count or EXAM_SIZE), again=False)
    return Session(queue, items.item, store, scheduler, plan.mode, session_id, seed)


def _daily_queue(
    index: DeckIndex,
    store: ProgressStore,
    plan: Plan,
    settings: Settings,
    now: datetime,
    zone: tzinfo | None,
) -> ReviewQueue:
    """Return today's review queue over the plan's selection, read through the deck index."""
    day_end = next_day_start(now, settings.day_starts_at, zone)
    horizon = day_end + timedelta(days=plan.ahead)  # Anki's "review ahead"
    index.attach_progress(store.path)
    selection, until = Selection(plan.deck_ids, plan.tag), to_ms(horizon) or 0
    return review_queue(
        index.due(selection, until, (State.LEARNING, State.RELEARNING), schedules=True),
        index.due(selection, until, (State.REVIEW,)),
        index.new(selection),
        today(store, index, now, settings, zone),
        (settings.new_per_day, settings.reviews_per_day),
        day_end,
        horizon if plan.ahead else None,
    )
