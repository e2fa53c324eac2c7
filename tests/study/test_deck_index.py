"""The deck index answers the day's due and new items from indexes, reading only what it needs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from studykit.decks.folder import DeckFolder
from studykit.model import BasicCard, Deck
from studykit.study.card_state import Rating, State
from studykit.study.queue import Today, review_queue
from studykit.study.store import Answer, ProgressStore
from studykit.study.store.deck_index import PAGE, Selection
from studykit.study.store.rows import to_ms
from tests.study.decks import NOW

STUDIED = (State.LEARNING, State.REVIEW, State.RELEARNING)


def _deck(deck_id: str, count: int, tags: tuple[str, ...] = ()) -> Deck:
    cards = tuple(BasicCard(id=f"c{n:04d}", front="q", back="a", tags=tags) for n in range(count))
    return Deck(id=deck_id, title=deck_id, cards=cards)


def _review(store: ProgressStore, key: str, days: float) -> None:
    """Answer an item Good now and move its due date to `days` from now."""
    due = NOW + timedelta(days=days)
    store.record(
        Answer(key, key.split("/")[0], Rating.GOOD, NOW),
        lambda s: s.__class__(State.REVIEW, None, 3.0, 5.0, due, NOW, 1, 0),
        "session",
    )


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "p.sqlite3")


def test_new_items_come_in_deck_order_without_started_or_suspended_ones(
    store: ProgressStore,
) -> None:
    catalog = DeckFolder.of([_deck("a", 5), _deck("b", 3)])
    _review(store, "a/c0001", 3)
    store.set_suspended("a/c0003", "a", True)
    catalog.attach_progress(store.path)
    keys = [key for key, _ in catalog.index.new(Selection())]
    assert keys == ["a/c0000", "a/c0002", "a/c0004", "b/c0000", "b/c0001", "b/c0002"]
    assert catalog.index.count_new(Selection(("b",))) == 3


def test_a_tag_selects_whole_tags_only() -> None:
    catalog = DeckFolder.of([_deck("a", 2, ("network",)), _deck("b", 2, ("net",))])
    assert [e.key for e in catalog.entries((), "net")] == ["b/c0000", "b/c0001"]
    assert catalog.entries((), "netw") == []
    assert catalog.entries(("a",))[0].tags == ("network",)


def test_due_items_come_earliest_first_across_pages_and_skip_other_decks(
    store: ProgressStore,
) -> None:
    count = PAGE * 2 + 10
    catalog = DeckFolder.of([_deck("a", count), _deck("b", 2)])
    for n in range(count):
        _review(store, f"a/c{n:04d}", -(n % 7) - 0.5 * (n / count) - 0.01)
    _review(store, "b/c0000", -1)
    _review(store, "gone/c0000", -1)  # an orphan: in the progress store, in no deck
    catalog.attach_progress(store.path)
    rows = list(catalog.index.due(Selection(("a",)), to_ms(NOW) or 0, STUDIED))
    assert len(rows) == count
    dues = [row.due_ms for row in rows]
    assert dues == sorted(dues)
    with_schedules = catalog.index.due(Selection(("a",)), to_ms(NOW) or 0, STUDIED, True)
    assert [to_ms(row.schedule.due) for row in with_schedules if row.schedule] == dues
    every = {row.key for row in catalog.index.due(Selection(), to_ms(NOW) or 0, STUDIED)}
    assert "b/c0000" in every and "gone/c0000" not in every


def test_the_queries_walk_indexes_not_the_whole_collection(store: ProgressStore) -> None:
    catalog = DeckFolder.of([_deck("a", 3)])
    catalog.attach_progress(store.path)
    db = catalog.index._db
    ran: list[str] = []
    db.set_trace_callback(ran.append)
    list(catalog.index.due(Selection(), 5, (State.LEARNING, State.RELEARNING), True))
    list(catalog.index.due(Selection(), 5, (State.REVIEW,)))
    list(catalog.index.new(Selection()))
    db.set_trace_callback(None)
    learning, reviews, new = (
        " ".join(str(step) for step in db.execute(f"EXPLAIN QUERY PLAN {sql}")) for sql in ran
    )
    assert "USING INDEX items_learning" in learning
    assert "USING COVERING INDEX items_due" in reviews or "USING INDEX items_due" in reviews
    assert "INTEGER PRIMARY KEY" in new
    assert all("TEMP B-TREE" not in plan for plan in (learning, reviews, new))


def test_the_queue_reads_only_as_many_new_items_as_the_limit_needs() -> None:
    read: list[str] = []

    def endless() -> object:
        for n in range(10**9):
            read.append(f"d/{n}")
            yield f"d/{n}", f"d/{n}"

    queue = review_queue([], [], endless(), Today(), (20, 200), NOW + timedelta(hours=12))  # type: ignore[arg-type]
    assert queue.remaining() == (0, 0, 20)
    shown = [queue.next(NOW) for _ in range(21)]
    assert shown[:20] == [f"d/{n}" for n in range(20)] and shown[20] is None
    assert len(read) <= 21
