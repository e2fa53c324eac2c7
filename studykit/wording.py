"""Numbers with their noun: one plural rule for every message (`1 deck`, `2 decks`)."""

from __future__ import annotations

_IRREGULAR = {"entry": "entries", "media file": "media files", "this": "these"}


def plural(noun: str) -> str:
    """Return the plural of a noun of studykit's messages."""
    return _IRREGULAR.get(noun, noun + "s")


def counted(number: int, noun: str) -> str:
    """Return the number (with thousands separators) and its noun, singular for exactly one."""
    return f"{number:,} {noun if number == 1 else plural(noun)}"
