"""The model's shared repr, equality and hash behave as generated dataclass methods would."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from studykit.model import BasicCard, Location, TypedCard


def _card(**changes: object) -> BasicCard:
    fields: dict[str, object] = {
        "id": "a",
        "front": "f",
        "back": "b",
        "location": Location("x", 1, 1),
    }
    return BasicCard(**(fields | changes))  # type: ignore[arg-type]


def test_equality_and_hash_skip_fields_not_compared() -> None:
    moved = _card(location=Location("y", 9, 9))
    assert moved == _card() and hash(moved) == hash(_card())
    assert _card(back="c") != _card()
    assert _card() != TypedCard(id="a", question="f", answers=("b",))


def test_repr_names_the_class_and_every_field() -> None:
    assert repr(Location("x", 2, 3)) == "Location(path='x', line=2, column=3)"
    assert repr(_card()).startswith("BasicCard(id='a', explanation='', tags=(), source='',")


def test_records_stay_frozen_and_pickle() -> None:
    card = _card()
    with pytest.raises(FrozenInstanceError):
        card.front = "g"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(card)) == card
