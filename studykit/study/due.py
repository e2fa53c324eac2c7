"""How much is due: the counts `studykit due` prints for scripts and shell prompts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from studykit.study.config import Settings
from studykit.study.days import next_day_start
from studykit.study.store import DeckIndex, ProgressStore, Selection, to_ms


@dataclass(frozen=True)
class DueCounts:
    """Items due before the study day ends, those due now, and the new ones."""

    due: int
    due_now: int
    new: int
    new_today: int
    decks: dict[str, int] = field(default_factory=dict)


def due_counts(
    index: DeckIndex, store: ProgressStore, deck_ids: tuple[str, ...], settings: Settings,
    now: datetime,
) -> DueCounts:  # fmt: skip
    """Count the selected decks' due and new items through the deck index."""
    index.attach_progress(store.path, store.attach_uri)
    selection = Selection(deck_ids)
    until = to_ms(next_day_start(now, settings.day_starts_at)) or 0
    rows = index.count_due(selection, until, to_ms(now) or 0)
    per_deck = {deck_id: due for deck_id, due, _ in rows}
    due, due_now = sum(row[1] for row in rows), sum(row[2] for row in rows)
    new = index.count_new(selection)
    return DueCounts(due, due_now, new, min(new, settings.new_per_day), per_deck)
