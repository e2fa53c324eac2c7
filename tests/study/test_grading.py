"""Grading: typed answers tolerate case, spacing and small typos; choices, orders, true/false."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.study.card_state import Rating
from studykit.study.grading import (
    AnswerFormatError,
    edit_distance,
    grade_choice,
    grade_order,
    grade_typed,
    parse_choices,
    parse_order,
    parse_rating,
    parse_truefalse,
)
from tests.study.typed_answer_cases import Case, typed_answer_cases


@pytest.mark.parametrize(
    ("given", "correct", "typo"),
    [
        ("runc", True, False),
        ("  RUNC ", True, False),
        ("runc.", True, False),
        ("rnuc", True, True),  # swapped neighbours
        ("rnc", False, False),  # short answers: a missing letter is wrong
        ("contianerd", True, True),
        ("container", False, False),  # not containerd
        ("user namespce", True, True),
        ("user  namespace", True, False),
    ],
)
def test_typed_answers(given: str, correct: bool, typo: bool) -> None:
    grade = grade_typed(given, ("runc", "containerd", "user namespace"))
    assert (grade.correct, grade.typo) == (correct, typo)
    assert grade.rating is (Rating.GOOD if correct else Rating.AGAIN)


@pytest.mark.parametrize("case", typed_answer_cases(), ids=lambda c: f"{c.given!r}-{c.why}")
def test_the_terminal_follows_the_typed_answer_table(case: Case) -> None:
    grade = grade_typed(case.given, case.accepted)
    verdict = "typo" if grade.typo else "correct" if grade.correct else "wrong"
    assert verdict == case.verdict, case.why


def test_numbers_must_be_exact() -> None:
    assert not grade_typed("138", ("137",)).correct
    assert not grade_typed("exit 138", ("exit 137",)).correct
    assert grade_typed("137", ("137",)).correct


def test_diff_marks_missing_and_extra_letters() -> None:
    grade = grade_typed("contianerd", ("containerd",))
    assert "".join(p.text for p in grade.diff if p.kind != "missing") == "contianerd"
    assert "".join(p.text for p in grade.diff if p.kind != "extra") == "containerd"


def test_choices_by_letters() -> None:
    shown = ("crun", "ext4", "runc")
    assert parse_choices("a c", 3) == frozenset({0, 2})
    assert grade_choice(frozenset({0, 2}), shown, ("runc", "crun")).correct
    assert not grade_choice(frozenset({0}), shown, ("runc", "crun")).correct
    wrong = grade_choice(frozenset({0, 1}), shown, ("runc", "crun"))
    assert (wrong.missed, wrong.extra) == ((2,), (1,))  # c missed, b picked wrongly
    assert grade_choice(frozenset({2, 0}), shown, ("runc", "crun"))[5:] == ((), (), ())
    with pytest.raises(AnswerFormatError):
        parse_choices("z", 3)


def test_order_as_digits() -> None:
    shown = ("kill", "create", "start", "delete")
    assert parse_order("2314", 4) == (1, 2, 0, 3)
    assert grade_order((1, 2, 0, 3), shown, ("create", "start", "kill", "delete")).correct
    assert (
        grade_order((1, 2, 0, 3), shown, ("create", "start", "kill", "delete")).expected == "2314"
    )
    swapped = grade_order((1, 0, 2, 3), shown, ("create", "start", "kill", "delete"))
    assert swapped.misplaced == (1, 2)  # create, kill, start, delete: places 2 and 3 wrong
    assert grade_order((1, 2, 0, 3), shown, ("create", "start", "kill", "delete")).misplaced == ()
    for bad in ("231", "2344", "abcd"):
        with pytest.raises(AnswerFormatError):
            parse_order(bad, 4)


def test_truefalse_and_ratings() -> None:
    assert parse_truefalse("T") is True and parse_truefalse("no") is False
    assert parse_rating("3") is Rating.GOOD and parse_rating("again") is Rating.AGAIN
    with pytest.raises(AnswerFormatError):
        parse_rating("5")


@given(st.text(max_size=12), st.text(max_size=12))
def test_edit_distance_is_a_symmetric_bound(a: str, b: str) -> None:
    assert edit_distance(a, b) == edit_distance(b, a)
    assert edit_distance(a, a) == 0
    assert abs(len(a) - len(b)) <= edit_distance(a, b) <= max(len(a), len(b))
