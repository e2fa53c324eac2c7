"""Sessions over a real store: queue order, limits, burying, undo, suspend, edits, orphans."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studykit.decks.folder import DeckFolder
from studykit.model import BasicCard, Deck
from studykit.study.card_state import Rating, State
from studykit.study.config import Settings
from studykit.study.mode import Mode
from studykit.study.planner import Plan, start_session
from studykit.study.scheduler import Scheduler
from studykit.study.session import Session, SessionError
from studykit.study.store import ProgressStore
from tests.study.decks import NOW, every_kind
from tests.study.stats_reference import compute_stats

SETTINGS = Settings(fuzz=False)


def _session(store: ProgressStore, deck: Deck, now: datetime = NOW, **plan: object) -> Session:
    return start_session(
        DeckFolder.of([deck]), store, Plan(seed=1, **plan), SETTINGS,  # type: ignore[arg-type]
        lambda: Scheduler(SETTINGS), now, UTC,
    )  # fmt: skip


def _answer_all(session: Session, rating: Rating, now: datetime) -> list[str]:
    keys = []
    while (shown := session.next(now)) is not None:
        keys.append(shown.item.key)
        session.answer(rating, now)
    return keys


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "p.sqlite3")


def test_new_items_in_deck_order_with_siblings_buried(store: ProgressStore) -> None:
    keys = _answer_all(_session(store, every_kind()), Rating.EASY, NOW)
    assert keys == [
        "kinds/basic",
        "kinds/typed",
        "kinds/choice",
        "kinds/tf",
        "kinds/cloze#c1",
        "kinds/order",
        "kinds/hv.kvm.type",
        "kinds/hv.virtualbox.type",
    ]  # fmt: skip  (c2 and the second cell of each table row are buried)
    later = _answer_all(_session(store, every_kind(), NOW + timedelta(hours=1)), Rating.EASY, NOW)
    assert later == []  # buried until the study day rolls over
    next_day = NOW + timedelta(days=1)
    assert "kinds/cloze#c2" in _answer_all(
        _session(store, every_kind(), next_day), Rating.GOOD, next_day
    )


def test_daily_new_limit_counts_what_was_studied_today(store: ProgressStore) -> None:
    limited = replace(SETTINGS, new_per_day=3)
    session = start_session(
        DeckFolder.of([every_kind()]), store, Plan(), limited, lambda: Scheduler(limited), NOW, UTC
    )
    assert len(_answer_all(session, Rating.EASY, NOW)) == 3
    again = start_session(
        DeckFolder.of([every_kind()]), store, Plan(), limited, lambda: Scheduler(limited), NOW, UTC
    )
    assert again.next(NOW) is None


def test_learning_items_come_back_in_the_same_session(store: ProgressStore) -> None:
    session = _session(store, every_kind(), deck_ids=("kinds",))
    first = session.next(NOW)
    assert first is not None and first.item.key == "kinds/basic"
    session.answer(Rating.AGAIN, NOW)
    shown = []
    moment = NOW
    while (item := session.next(moment)) is not None:
        shown.append(item.item.key)
        session.answer(Rating.EASY, moment)
        moment += timedelta(seconds=20)
    # Again gives a 1-minute step: the item is back as soon as it is due, before new ones.
    assert shown.index("kinds/basic") == 3 and shown.count("kinds/basic") == 1


def test_undo_restores_the_exact_schedule_and_shows_the_item_again(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    shown = session.next(NOW)
    assert shown is not None
    session.answer(Rating.GOOD, NOW)
    first = store.item("kinds/basic")
    _answer_all_once = session.next(NOW)
    assert _answer_all_once is not None
    session.answer(Rating.AGAIN, NOW)
    assert session.undo() == "kinds/typed"
    assert not store.item("kinds/typed").exists
    assert session.undo() == "kinds/basic"
    assert not store.item("kinds/basic").exists
    again = session.next(NOW)
    assert again is not None and again.item.key == "kinds/basic"
    session.answer(Rating.GOOD, NOW)
    assert store.item("kinds/basic") == first
    with pytest.raises(SessionError):
        _session(store, every_kind()).undo()


def test_suspended_items_leave_the_queue_until_unsuspended(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    assert session.next(NOW) is not None
    session.suspend()
    keys = _answer_all(session, Rating.EASY, NOW)
    assert "kinds/basic" not in keys
    assert store.item("kinds/basic").suspended
    counts = compute_stats(
        DeckFolder.of([every_kind()]).entries(()), set(), store.items(), [], NOW, 4, UTC
    )
    assert counts.decks[0].suspended == 1


def test_an_edited_card_keeps_its_schedule(store: ProgressStore) -> None:
    deck = every_kind()
    session = _session(store, deck)
    assert session.next(NOW) is not None
    session.answer(Rating.GOOD, NOW)
    before = store.item("kinds/basic").schedule
    edited_card = BasicCard(id="basic", front="Reworded: what isolates a view?", back="namespaces")
    edited = replace(deck, cards=(edited_card, *deck.cards[1:]))
    later = NOW + timedelta(minutes=15)
    session = _session(store, edited, later)
    shown = session.next(later)
    assert shown is not None and shown.item.card.front.startswith("Reworded")
    assert shown.stored.schedule == before
    assert shown.stored.schedule.state is State.LEARNING


def test_a_removed_card_keeps_its_history_as_an_orphan(store: ProgressStore) -> None:
    deck = every_kind()
    session = _session(store, deck)
    assert session.next(NOW) is not None
    session.answer(Rating.GOOD, NOW)
    trimmed = replace(deck, cards=deck.cards[1:])
    later = NOW + timedelta(minutes=15)
    keys = _answer_all(_session(store, trimmed, later), Rating.EASY, later)
    assert "kinds/basic" not in keys
    assert store.item("kinds/basic").exists  # history kept
    catalog = DeckFolder.of([trimmed])
    stats = compute_stats(catalog.entries(()), catalog.keys(), store.items(), [], later, 4, UTC)
    assert stats.orphans == ("kinds/basic",)


def test_cram_and_exam_change_no_schedule(store: ProgressStore) -> None:
    cram = _session(store, every_kind(), mode=Mode.CRAM)
    shown = cram.next(NOW)
    assert shown is not None
    cram.answer(Rating.AGAIN, NOW)
    keys = _answer_all(cram, Rating.GOOD, NOW)
    assert shown.item.key in keys  # a forgotten card comes back in cram
    exam = _session(store, every_kind(), mode=Mode.EXAM, count=3)
    exam_keys = _answer_all(exam, Rating.GOOD, NOW)
    assert len(exam_keys) == 3
    assert not any(k.startswith("kinds/basic") or ".type" in k for k in exam_keys)
    assert store.items() == []


def test_override_replaces_the_rating(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    assert session.next(NOW) is not None
    session.answer(Rating.AGAIN, NOW)
    outcome = session.override(Rating.EASY)
    assert outcome.rating is Rating.EASY
    assert store.item("kinds/basic").schedule.state is State.REVIEW
    assert [r.rating for r in store.reviews_since(NOW)] == [4]


def test_summary_counts_answers_and_accuracy(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    for rating in (Rating.GOOD, Rating.AGAIN, Rating.EASY, Rating.HARD):
        assert session.next(NOW) is not None
        session.answer(rating, NOW + timedelta(seconds=5))
    summary = session.summary(NOW, NOW + timedelta(minutes=2))
    assert (summary.answered, summary.passed, summary.accuracy) == (4, 3, 0.75)
    assert summary.elapsed == timedelta(minutes=2)
    assert summary.next_due is not None


def test_review_ahead_shows_cards_due_in_the_next_days(store: ProgressStore) -> None:
    deck = Deck(id="d", title="d", cards=tuple(BasicCard(id=i, front="q", back="a") for i in "ab"))
    first = _session(store, deck)
    _answer_all(first, Rating.EASY, NOW)  # both into review, due in some days
    due = {key: store.item(key).schedule.due for key in ("d/a", "d/b")}
    days = max((d - NOW).days for d in due.values() if d is not None)
    later = NOW + timedelta(days=1)
    assert _answer_all(_session(store, deck, later), Rating.GOOD, later) == []
    ahead = _session(store, deck, later, ahead=days)
    shown = _answer_all(ahead, Rating.GOOD, later)
    assert sorted(shown) == ["d/a", "d/b"]
    assert all(store.item(k).schedule.due > due[k] for k in shown)  # type: ignore[operator]


def _until(session: Session, key: str, now: datetime) -> None:
    """Answer Easy until `key` is on screen."""
    while (shown := session.next(now)) is not None and shown.item.key != key:
        session.answer(Rating.EASY, now)
    assert shown is not None, key


def test_suspending_a_cloze_deletion_buries_its_siblings(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    _until(session, "kinds/cloze#c1", NOW)
    session.suspend()
    assert "kinds/cloze#c2" not in _answer_all(session, Rating.EASY, NOW)
    tomorrow = NOW + timedelta(days=1)
    assert "kinds/cloze#c2" in _answer_all(
        _session(store, every_kind(), tomorrow), Rating.EASY, tomorrow
    )


def test_a_buried_card_and_its_siblings_wait_for_the_next_day(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    _until(session, "kinds/cloze#c1", NOW)
    session.bury()
    later = NOW + timedelta(hours=2)
    rest = _answer_all(session, Rating.EASY, NOW) + _answer_all(
        _session(store, every_kind(), later), Rating.EASY, later
    )
    assert not {"kinds/cloze#c1", "kinds/cloze#c2"} & set(rest)
    tomorrow = NOW + timedelta(days=1)
    assert {"kinds/cloze#c1", "kinds/cloze#c2"} & set(
        _answer_all(_session(store, every_kind(), tomorrow), Rating.EASY, tomorrow)
    )


def test_undoing_a_bury_brings_the_card_back(store: ProgressStore) -> None:
    session = _session(store, every_kind())
    _until(session, "kinds/cloze#c1", NOW)
    session.bury()
    assert session.undo() == "kinds/cloze#c1"
    assert store.buried(NOW) == []
    shown = session.next(NOW)
    assert shown is not None and shown.item.key == "kinds/cloze#c1"


def test_a_buried_learning_card_waits_too(store: ProgressStore) -> None:
    deck = Deck(id="d", title="d", cards=(BasicCard(id="a", front="q", back="a"),))
    session = _session(store, deck)
    assert session.next(NOW) is not None
    session.answer(Rating.AGAIN, NOW)  # learning, due in a minute
    soon = NOW + timedelta(minutes=2)
    again = _session(store, deck, soon)
    assert again.next(soon) is not None
    again.bury()
    assert again.next(soon) is None
    assert _session(store, deck, soon).next(soon) is None
