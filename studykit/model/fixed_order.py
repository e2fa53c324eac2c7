"""One fixed, shuffled order for options shown where nothing can shuffle them (site, Anki)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def fixed_order(key: str, values: Sequence[str]) -> tuple[str, ...]:
    """Return the values in an order fixed by the key; never the given order if it can differ.

    The order depends only on the key and the values, so a re-export gives the same page or
    note, and the right answer of a choice card or the solution of an order card does not sit
    where the author wrote it. Equal values keep their count.
    """
    ranked = sorted(range(len(values)), key=lambda i: _rank(key, values[i], i))
    shown = tuple(values[i] for i in ranked)
    if shown == tuple(values) and len(set(values)) > 1:
        shown = shown[1:] + shown[:1]  # rotating values not all equal by one always moves one
    return shown


def _rank(key: str, value: str, position: int) -> bytes:
    """Return the sort key of one value: a hash of the key, the value and its position."""
    return hashlib.sha256(f"{key}\0{value}\0{position}".encode()).digest()
