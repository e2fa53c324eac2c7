"""Turn a selection of decks and the stored progress into a session of the chosen mode."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from studykit.study.card_state import State
from studykit.study.catalog import AUTO_GRADED, Catalog, Entry
from studykit.study.config import Settings
from studykit.study.days import day_start, next_day_start, study_day
from studykit.study.queue import ListQueue, ReviewQueue, Today, review_queue, shuffled
from studykit.study.session import Mode, Session
from studykit.study.store import ProgressStore

if TYPE_CHECKING:
    from studykit.study.scheduler import Scheduler

EXAM_SIZE = 20


@dataclass(frozen=True)
class Plan:
    """What to study: the decks, a tag, the mode and how many items (cram and exam)."""

    deck_ids: tuple[str, ...] = ()
    tag: str | None = None
    mode: Mode = Mode.REVIEW
    count: int | None = None
    seed: int | None = None


def today(store: ProgressStore, now: datetime, settings: Settings, zone: tzinfo | None) -> Today:
    """Return what the review log says was studied since the study day began."""
    start = day_start(study_day(now, settings.day_starts_at, zone), settings.day_starts_at, zone)
    rows = store.reviews_since(start)
    new = {r.key for r in rows if r.state_before == State.NEW}
    reviews = sum(1 for r in rows if r.state_before == State.REVIEW)
    return Today(frozenset(r.key for r in rows), len(new), reviews)


def start_session(
    catalog: Catalog,
    store: ProgressStore,
    plan: Plan,
    settings: Settings,
    scheduler: Callable[[], Scheduler],
    now: datetime,
    zone: tzinfo | None = None,
) -> Session:
    """Return a session over the plan's selection, ready for its first item."""
    chosen = catalog.select(plan.deck_ids, plan.tag)
    seed = plan.seed if plan.seed is not None else secrets.randbits(32)
    session_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    queue: ReviewQueue | ListQueue
    if plan.mode is Mode.REVIEW:
        queue = _daily_queue(chosen, store, settings, now, zone)
        store.start_session(session_id, plan.mode.value, now)
    elif plan.mode is Mode.CRAM:
        queue = ListQueue(shuffled((e.key for e in chosen), seed, plan.count))
    else:
        graded = (e.key for e in chosen if e.kind in AUTO_GRADED)
        queue = ListQueue(shuffled(graded, seed, plan.count or EXAM_SIZE), again=False)
    return Session(queue, catalog.item, store, scheduler, plan.mode, session_id, seed)


def _daily_queue(
    chosen: list[Entry],
    store: ProgressStore,
    settings: Settings,
    now: datetime,
    zone: tzinfo | None,
) -> ReviewQueue:
    """Return today's review queue over the chosen entries."""
    day_end = next_day_start(now, settings.day_starts_at, zone)
    selected = {e.key for e in chosen}
    due = [(i.key, i.schedule) for i in store.due_items(day_end) if i.key in selected]
    return review_queue(
        [e.key for e in chosen],
        {e.key: e.sibling for e in chosen},
        due,
        store.started_keys(),
        today(store, now, settings, zone),
        (settings.new_per_day, settings.reviews_per_day),
        day_end,
    )
