"""The fixed order of options on the site and in Anki: stable, a permutation, never solved."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studykit.model.fixed_order import fixed_order

values = st.lists(st.text(max_size=5), min_size=0, max_size=8)


@given(st.text(max_size=20), values)
def test_a_permutation_fixed_by_key_and_values(key: str, items: list[str]) -> None:
    shown = fixed_order(key, items)
    assert sorted(shown) == sorted(items)
    assert fixed_order(key, list(items)) == shown


@given(st.text(max_size=20), values)
def test_never_the_written_order_when_another_exists(key: str, items: list[str]) -> None:
    if len(set(items)) > 1:
        assert fixed_order(key, items) != tuple(items)


def test_the_first_written_option_moves_about_across_cards() -> None:
    firsts = [fixed_order(f"deck/card-{n}", ["a", "b", "c", "d"])[0] for n in range(400)]
    assert {firsts.count(letter) for letter in "abcd"} <= set(range(60, 141))
