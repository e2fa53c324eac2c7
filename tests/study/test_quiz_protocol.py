"""The quiz protocol: what each key and line does at each stage of an item, for both front-ends."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from studykit.decks.folder import DeckFolder
from studykit.study.card_state import Rating
from studykit.study.config import Settings
from studykit.study.mode import Mode
from studykit.study.planner import Plan, start_session
from studykit.study.quiz_protocol import Act, Grading, Turn, grading
from studykit.study.scheduler import Scheduler
from studykit.study.session import Session
from studykit.study.store import ProgressStore
from tests.study.decks import NOW, every_kind

SETTINGS = Settings(fuzz=False)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "p.sqlite3")


def _session(store: ProgressStore, mode: Mode = Mode.REVIEW) -> Session:
    plan = Plan(seed=1, mode=mode, count=20 if mode is not Mode.REVIEW else None)
    return start_session(
        DeckFolder.of([every_kind()]), store, plan, SETTINGS, lambda: Scheduler(SETTINGS), NOW, UTC
    )


def _turn(session: Session, key: str) -> Turn:
    """Return the turn of the item `key`, answering (Easy) every item shown before it."""
    while (shown := session.next(NOW)) is not None:
        if shown.item.key == key:
            return Turn(session, shown, lambda: NOW)
        session.answer(Rating.EASY, NOW)
    raise AssertionError(f"{key} was never shown")


@pytest.mark.parametrize(
    ("key", "review", "exam"),
    [
        ("kinds/basic", "self", "self"),
        ("kinds/typed", "typed", "typed"),
        ("kinds/choice", "typed", "typed"),  # several answers: letters, enter
        ("kinds/tf", "key", "key"),
        ("kinds/cloze#c1", "self", "typed"),  # typed out in exams
        ("kinds/order", "typed", "typed"),
        ("kinds/hv.kvm.type", "self", "self"),
    ],
)
def test_grading_is_chosen_by_kind_and_mode(key: str, review: Grading, exam: Grading) -> None:
    item = DeckFolder.of([every_kind()]).item(key)
    assert item is not None
    assert (grading(item, Mode.REVIEW), grading(item, Mode.EXAM)) == (review, exam)


def test_a_self_graded_item_reveals_then_rates(store: ProgressStore) -> None:
    session = _session(store)
    turn = _turn(session, "kinds/basic")
    assert not turn.reads_line
    for ignored in ("", "1", "x", "\x1b"):  # an arrow key reads as ""; nothing to rate yet
        assert turn.key(ignored).act == "ignored"
    revealed = turn.key(" ")
    assert (revealed.act, revealed.then) == ("revealed", "stay")
    assert revealed.intervals is not None and set(revealed.intervals) == set(Rating)
    assert turn.key("").act == "ignored"  # an arrow key never rates
    answered = turn.key("2")
    assert (answered.act, answered.then) == ("answered", "next")
    assert answered.outcome is not None and answered.outcome.rating is Rating.HARD
    assert [a.rating for a in session.tally.answers] == [Rating.HARD]


def test_space_and_enter_rate_good_once_revealed(store: ProgressStore) -> None:
    turn = _turn(_session(store), "kinds/basic")
    turn.key("\r")
    outcome = turn.key("\n").outcome
    assert outcome is not None and outcome.rating is Rating.GOOD


def test_one_key_answers_then_waits_for_a_key(store: ProgressStore) -> None:
    session = _session(store)
    turn = _turn(session, "kinds/tf")
    assert turn.accepted_keys().startswith("tf")
    for ignored in ("x", "", "a"):  # not a letter of true/false; an arrow key
        assert turn.key(ignored).act == "ignored"
    assert not session.tally.answers[3:]
    graded = turn.key("T")  # case-blind; the statement is false
    assert (graded.act, graded.then) == ("answered", "stay")
    assert graded.outcome is not None and graded.outcome.grade is not None
    assert not graded.outcome.grade.correct and graded.intervals is not None
    assert turn.key("t").act == "ignored"  # answered: letters mean nothing now
    changed = turn.key("3")  # the learner overrides Again with Good
    assert (changed.act, changed.then) == ("rerated", "next")
    assert [a.rating for a in session.tally.answers][-1] is Rating.GOOD


@pytest.mark.parametrize(
    ("key", "act"),
    [("\r", "kept"), ("1", "kept"), ("s", "kept"), ("e", "edit"), ("q", "quit")],
)
def test_after_a_grade_a_key_keeps_edits_or_quits(store: ProgressStore, key: str, act: Act) -> None:
    session = _session(store)
    turn = _turn(session, "kinds/tf")
    turn.key("t")  # wrong: rated Again, so `1` keeps it
    response = turn.key(key)
    assert response.act is act and response.then is ("quit" if key == "q" else "next")
    assert session.tally.answers[-1].rating is Rating.AGAIN
    assert session.tally.suspended == []


def test_undo_after_a_grade_takes_the_answer_back(store: ProgressStore) -> None:
    session = _session(store)
    turn = _turn(session, "kinds/tf")
    turn.key("f")
    undone = turn.key("u")
    assert (undone.act, undone.then, undone.key) == ("undone", "next", "kinds/tf")
    assert session.next(NOW) is not None and session.current is not None
    assert session.current.item.key == "kinds/tf"


def test_typed_lines_answer_or_command(store: ProgressStore) -> None:
    session = _session(store)
    turn = _turn(session, "kinds/typed")
    assert turn.reads_line
    graded = turn.typed("rnuc")
    assert (graded.act, graded.then) == ("answered", "stay")
    assert graded.outcome is not None and graded.outcome.grade is not None
    assert graded.outcome.grade.typo and not turn.reads_line
    assert turn.key("\r").act == "kept"
    order = _turn(session, "kinds/order")
    invalid = order.typed("99")
    assert (invalid.act, invalid.then) == ("invalid", "stay")
    assert invalid.message.startswith("type each number from 1 to 4 once")
    assert order.typed(":1").act == "invalid"  # the terminal re-rates with keys, not lines
    assert order.typed(" :q ").act == "quit"


def test_commands_at_the_question(store: ProgressStore) -> None:
    session = _session(store)
    turn = _turn(session, "kinds/basic")
    nothing = turn.key("u")
    assert (nothing.act, nothing.then) == ("failed", "again")
    assert nothing.message == "there is nothing to undo"
    turn.key(" ")
    edit = turn.key("e")
    assert (edit.act, edit.then) == ("edit", "again")
    assert turn.key("1").act == "ignored"  # shown again from the question: not revealed
    suspended = turn.key("s")
    assert (suspended.act, suspended.then, suspended.key) == (
        "suspended",
        "next",
        "kinds/basic",
    )
    assert store.item("kinds/basic").suspended


def test_an_exam_grade_waits_for_enter_or_quit(store: ProgressStore) -> None:
    session = _session(store, Mode.EXAM)
    turn = _turn(session, "kinds/tf")
    graded = turn.key("f")
    assert graded.intervals is None  # exams change no schedule
    assert "1" not in turn.accepted_keys()
    assert turn.key("1").act == "ignored"
    assert turn.key("u").act == "kept"  # u goes on; the answer stays
    assert [a.key for a in session.tally.answers][-1] == "kinds/tf"


def test_the_line_protocol(store: ProgressStore) -> None:
    session = _session(store)
    first = _turn(session, "kinds/basic")
    early = first.line(":3")
    assert (early.act, early.then, early.message) == (
        "failed", "stay", "there is no answer to re-rate",
    )  # fmt: skip
    assert first.line("5").act == "invalid"
    rated = first.line("good")
    assert (rated.act, rated.then) == ("answered", "next")
    second = _turn(session, "kinds/typed")
    rerated = second.line(":2")
    assert (rerated.act, rerated.then) == ("rerated", "stay")
    assert session.tally.answers[-1].rating is Rating.HARD
    graded = second.line("runc")
    assert (graded.act, graded.then) == ("answered", "next")
    assert graded.intervals is None  # the line protocol shows no rating keys
    assert second.line(":e").then == "again"
