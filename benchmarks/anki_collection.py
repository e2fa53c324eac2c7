"""The same cards and review history as a real Anki collection (the `anki` package).

Notes go in through Anki's own API (Basic, Basic (type in the answer) and Cloze note
types); card scheduling states through `update_cards` with FSRS memory states, and the
review log as rows of `revlog`, as Anki's importer writes them. FSRS is switched on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.history import Review
from benchmarks.synthetic import KINDS
from studykit.study.card_state import Schedule, State

if TYPE_CHECKING:
    from anki.cards import Card
    from anki.collection import Collection

NOTE_TYPES = {"cloze": "Cloze", "typed": "Basic (type in the answer)"}
LEARNING_STEPS = 2
"""Anki's default learning steps (1m 10m), the same as studykit's."""
PARENT_DECK = "Synthetic"
"""Every deck is a child of this one, selected, so Anki studies them all as `studykit quiz`."""
REVLOG_TYPE = {State.NEW: 0, State.LEARNING: 0, State.REVIEW: 1, State.RELEARNING: 2}


def _fields(kind: str, deck: int, number: int) -> list[str]:
    """Return the note fields of a synthetic card (the texts `write_decks` writes)."""
    if kind == "cloze":
        text = f"Item {number} of {deck}: a {{{{c1::hypervisor}}}} runs {{{{c2::guests}}}}."
        return [text, f"Generated card {number} of deck {deck}."]
    front, back = {
        "basic": (f"What is fact {number} of deck {deck}?", f"Answer {number}."),
        "typed": (f"Name term {number} of deck {deck}.", f"term{number}"),
        "choice": (f"Which option fits item {number} of deck {deck}? alpha beta gamma", "beta"),
        "truefalse": (f"Claim {number} of deck {deck} holds.", "true"),
        "order": (f"Order steps of item {number}, deck {deck}: one two three", "one two three"),
    }[kind]
    return [front, back]


def _add_notes(col: Collection, decks: int, cards: int) -> dict[int, str]:
    """Add every card as a note; return the key prefix (`deck-3/card-7`) of each note id."""
    from anki.collection import AddNoteRequest

    requests, keys = [], []
    for deck in range(decks):
        deck_id = col.decks.id(f"{PARENT_DECK}::deck-{deck}")
        assert deck_id is not None
        for number in range(cards):
            kind = KINDS[number % len(KINDS)]
            note = col.new_note(col.models.by_name(NOTE_TYPES.get(kind, "Basic")))  # type: ignore[arg-type]
            for index, value in enumerate(_fields(kind, deck, number)):
                note.fields[index] = value
            requests.append(AddNoteRequest(note=note, deck_id=deck_id))
            keys.append(f"deck-{deck}/card-{number}")
    col.add_notes(requests)
    return {int(r.note.id): key for r, key in zip(requests, keys, strict=True)}


def _card_ids(col: Collection, note_keys: dict[int, str]) -> dict[str, int]:
    """Return the Anki card id of every studykit item key (cloze ord 0 is `#c1`)."""
    cloze = col.models.by_name("Cloze")["id"]  # type: ignore[index]
    found = {}
    for card_id, note_id, ord_, note_type in col.db.all(
        "select c.id, c.nid, c.ord, n.mid from cards c join notes n on n.id = c.nid"
    ):
        key = note_keys[note_id]
        found[f"{key}#c{ord_ + 1}" if note_type == cloze else key] = card_id
    return found


def _study_day(moment: datetime) -> int:
    """Return a day number that rolls over at 4 AM (Anki's default), UTC as on this machine."""
    return (moment - timedelta(hours=4)).toordinal()


def _set_schedule(
    card: Card, schedule: Schedule, suspended: bool, now: datetime, today: int
) -> None:
    """Give an Anki card the state, due date, counters and FSRS memory of a schedule."""
    from anki.cards import FSRSMemoryState

    assert schedule.due is not None and schedule.last_review is not None
    card.type = int(schedule.state)  # type: ignore[assignment]  # Anki's 1-3 match fsrs's
    card.reps, card.lapses = schedule.reps, schedule.lapses
    card.memory_state = FSRSMemoryState(
        stability=schedule.stability, difficulty=schedule.difficulty
    )
    card.last_review_time = int(schedule.last_review.timestamp())
    if schedule.state is State.REVIEW:
        card.queue = 2  # type: ignore[assignment]
        card.due = today + _study_day(schedule.due) - _study_day(now)
        card.ivl = max(1, (schedule.due - schedule.last_review).days)
    else:
        card.queue = 1  # type: ignore[assignment]
        card.due = int(schedule.due.timestamp())
        steps = LEARNING_STEPS if schedule.state is State.LEARNING else 1
        card.left = max(1, steps - (schedule.step or 0))
        card.ivl = 0 if schedule.state is State.LEARNING else max(1, round(schedule.stability or 1))
    if suspended:
        card.queue = -1  # type: ignore[assignment]


def _revlog_interval(review: Review) -> int:
    """Return the interval Anki logs: days for a review, negative seconds for a step."""
    assert review.after.due is not None
    seconds = (review.after.due - review.at).total_seconds()
    return max(1, round(seconds / 86400)) if review.after.state is State.REVIEW else -round(seconds)


def _revlog_rows(history: Sequence[Review], card_ids: dict[str, int]) -> list[tuple[int, ...]]:
    """Return the revlog rows of the history (ids are unique review times in ms)."""
    rows, used, last_interval = [], set(), {}
    for review in history:
        stamp = round(review.at.timestamp() * 1000)
        while stamp in used:
            stamp += 1
        used.add(stamp)
        interval = _revlog_interval(review)
        # Anki keeps the FSRS difficulty in `factor` (percent, 100-1000).
        factor = round((review.after.difficulty or 0) * 100)
        rows.append((
            stamp, card_ids[review.key], -1, int(review.rating), interval,
            last_interval.get(review.key, 0), factor, min(review.duration_ms, 60_000),
            REVLOG_TYPE[review.before.state],
        ))  # fmt: skip
        last_interval[review.key] = interval
    return rows


def write_anki(
    path: Path, decks: int, cards: int, history: Sequence[Review], now: datetime
) -> Path:
    """Write an Anki collection of the synthetic cards with the same review history."""
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        col.set_config("fsrs", True)
        card_ids = _card_ids(col, _add_notes(col, decks, cards))
        col.decks.select(col.decks.id(PARENT_DECK))  # type: ignore[arg-type]
        final = {review.key: review.after for review in history}
        changed = []
        for key, schedule in final.items():
            card = col.get_card(card_ids[key])  # type: ignore[arg-type]
            _set_schedule(card, schedule, schedule.lapses >= 8, now, col.sched.today)
            changed.append(card)
        col.update_cards(changed, skip_undo_entry=True)
        col.db.executemany(
            "insert into revlog values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _revlog_rows(history, card_ids),
        )
    finally:
        col.close()
    return path
