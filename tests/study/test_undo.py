"""Undo restores the session exactly: the item, its number, the header counts, the new budget."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.decks.folder import DeckFolder
from studykit.model import BasicCard, Deck
from studykit.study.card_state import Rating, State
from studykit.study.config import Settings
from studykit.study.planner import Plan, start_session
from studykit.study.scheduler import Scheduler
from studykit.study.session import Session
from studykit.study.store import ProgressStore
from tests.study.decks import NOW, every_kind

NEW_LIMIT = 3
SETTINGS = Settings(fuzz=False, new_per_day=NEW_LIMIT)


def seven() -> Deck:
    """Return a deck of seven basic cards (more new cards than the day's limit)."""
    cards = tuple(
        BasicCard(id=f"c{n}", front=f"Question {n}", back=f"Answer {n}") for n in range(1, 8)
    )
    return Deck(id="seven", title="Seven", cards=cards)


class Seen(NamedTuple):
    """What the learner sees when an item comes up: its key, its number and the header."""

    key: str
    number: int
    counts: tuple[int, int, int]


def _session(path: Path, deck: Deck, now: datetime) -> Session:
    store = ProgressStore(path)
    return start_session(
        DeckFolder.of([deck]), store, Plan(seed=1), SETTINGS, lambda: Scheduler(SETTINGS), now, UTC
    )


def _show(session: Session, now: datetime) -> Seen | None:
    shown = session.next(now)
    if shown is None:
        return None
    return Seen(shown.item.key, shown.number, session.queue.remaining())


def test_undo_at_the_third_new_card_gives_no_slot_back(tmp_path: Path) -> None:
    session = _session(tmp_path / "p.sqlite3", seven(), NOW)
    first = _show(session, NOW)
    session.answer(Rating.GOOD, NOW)
    second = _show(session, NOW)
    session.answer(Rating.GOOD, NOW)
    third = _show(session, NOW)
    assert (first, second, third) == (
        Seen("seven/c1", 1, (0, 0, 2)),
        Seen("seven/c2", 2, (1, 0, 1)),
        Seen("seven/c3", 3, (2, 0, 0)),
    )
    assert session.undo() == "seven/c2"
    assert _show(session, NOW) == second  # the same number and header as before the answer
    session.answer(Rating.GOOD, NOW)
    assert _show(session, NOW) == third
    session.answer(Rating.GOOD, NOW)
    keys = []
    while (shown := session.next(NOW)) is not None:
        keys.append(shown.item.key)
        session.answer(Rating.GOOD, NOW)
    assert sorted(set(keys)) == ["seven/c1", "seven/c2", "seven/c3"]  # no fourth new card


ACTIONS = st.lists(
    st.one_of(
        st.sampled_from([Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]),
        st.just("undo"),
        st.just("suspend"),
        st.sampled_from(["re-rate again", "re-rate easy"]),
    ),
    max_size=40,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS, deck=st.sampled_from(["seven", "kinds"]))
def test_every_undo_restores_what_the_learner_saw(
    tmp_path_factory: object, actions: list[object], deck: str
) -> None:
    """After any mix of answers, re-ratings, suspensions and undos, undo shows the past again."""
    folder = tmp_path_factory.mktemp("undo")  # type: ignore[attr-defined]
    session = _session(folder / "p.sqlite3", seven() if deck == "seven" else every_kind(), NOW)
    now = NOW
    history: list[Seen] = []  # what was on screen when each undoable action was taken
    answers: list[bool] = []  # whether each of those actions was an answer (re-ratable)
    seen = _show(session, now)
    for action in actions:
        if seen is None:
            break
        now += timedelta(seconds=7)
        if action == "undo":
            if not history:
                continue
            session.undo()
            seen = _show(session, now)
            assert seen == history.pop()
            answers.pop()
            continue
        if isinstance(action, str) and action.startswith("re-rate"):
            if answers and answers[-1]:  # the line protocol's :1-:4, next item on screen
                session.override(Rating.AGAIN if action.endswith("again") else Rating.EASY)
                seen = seen._replace(counts=session.queue.remaining())  # re-rating moves counts
            continue
        history.append(seen)
        answers.append(action != "suspend")
        if action == "suspend":
            session.suspend()
        else:
            assert isinstance(action, Rating)
            session.answer(action, now)
        seen = _show(session, now)
    _finish(session, now)


def _finish(session: Session, now: datetime) -> None:
    """Answer everything left; the day's new items never exceed the limit."""
    while session.next(now) is not None:
        session.answer(Rating.EASY, now)
    assert session.store is not None
    reviews = session.store.reviews_since(NOW)
    assert len({r.key for r in reviews if r.state_before == State.NEW}) <= NEW_LIMIT


def test_override_then_undo_restores_the_buried_siblings(tmp_path: Path) -> None:
    deck = every_kind()
    limited = replace(SETTINGS, new_per_day=20)
    store = ProgressStore(tmp_path / "p.sqlite3")
    session = start_session(
        DeckFolder.of([deck]), store, Plan(seed=1), limited, lambda: Scheduler(limited), NOW, UTC
    )
    while (shown := session.next(NOW)) is not None and shown.item.key != "kinds/cloze#c1":
        session.answer(Rating.EASY, NOW)
    assert shown is not None
    waiting = session.queue.remaining()  # the counts the quiz shows, c2 among the new
    session.answer(Rating.EASY, NOW)
    assert session.queue.remaining()[2] == waiting[2] - 1  # c2 buried by c1's answer
    session.override(Rating.GOOD)
    session.undo()  # cloze#c1 never answered: its sibling c2 is no longer buried
    shown = session.next(NOW)
    assert shown is not None and shown.item.key == "kinds/cloze#c1"
    assert session.queue.remaining() == waiting  # c2 waits again among the new items
