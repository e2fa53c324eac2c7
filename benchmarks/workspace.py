"""One synthetic collection on disk: decks, studykit progress, the Anki twin, plain docs.

Generating 10,000 cards with 100,000 reviews takes about a minute, so a workspace is kept
and reused while its parameters, the generator code and the study day are unchanged (Anki
counts due dates in days from the real clock, so a workspace expires with the day).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from benchmarks.anki_collection import write_anki
from benchmarks.history import simulate
from benchmarks.plain_site import write_plain_site
from benchmarks.progress_db import write_progress
from benchmarks.synthetic import study_keys, write_decks

CARDS_PER_DECK = 100
REVIEWS_PER_CARD = 10
MAX_AGE = timedelta(hours=6)
DAY_STARTS = timedelta(hours=4)
"""The study day rolls over at 4 AM (studykit's and Anki's default; this machine is UTC)."""
GENERATORS = ("synthetic", "history", "progress_db", "anki_collection", "plain_site", "workspace")


@dataclass(frozen=True)
class Workspace:
    """Where the files of one synthetic collection are, and the moment its history ends."""

    root: Path
    cards: int
    reviews: int
    now: datetime

    @property
    def decks(self) -> Path:
        """Return the deck folder."""
        return self.root / "decks"

    @property
    def progress(self) -> Path:
        """Return the pristine studykit progress database."""
        return self.root / "progress.sqlite3"

    @property
    def history(self) -> Path:
        """Return the simulated reviews, pickled (an older install writes its own database)."""
        return self.root / "history.pickle"

    @property
    def anki(self) -> Path:
        """Return the pristine Anki collection."""
        return self.root / "collection.anki2"

    @property
    def plain(self) -> Path:
        """Return the plain MkDocs project (mkdocs.yml and docs/)."""
        return self.root / "plain"


def _stamp(cards: int, reviews: int, seed: int) -> dict[str, object]:
    """Return what a reusable workspace must have been generated with."""
    here = Path(__file__).parent
    code = hashlib.sha1(b"".join((here / f"{n}.py").read_bytes() for n in GENERATORS))
    return {"cards": cards, "reviews": reviews, "seed": seed, "code": code.hexdigest()}


def _reusable(root: Path, stamp: dict[str, object], now: datetime) -> datetime | None:
    """Return when the workspace's history ends if it can be reused now, else None."""
    try:
        stored = json.loads((root / "stamp.json").read_text())
    except (OSError, ValueError):
        return None
    ended = datetime.fromisoformat(stored.pop("now"))
    same_day = (ended - DAY_STARTS).date() == (now - DAY_STARTS).date()
    return ended if stored == stamp and same_day and now - ended < MAX_AGE else None


def prepare(cards: int, parent: Path, seed: int = 7, fresh: bool = False) -> Workspace:
    """Return the workspace of `cards` cards under `parent`, generating it when needed."""
    reviews = cards * REVIEWS_PER_CARD
    root, stamp = parent / f"cards-{cards}", _stamp(cards, reviews, seed)
    now = datetime.now(UTC).replace(microsecond=0)
    ended = None if fresh else _reusable(root, stamp, now)
    if ended is not None:
        return Workspace(root, cards, reviews, ended)
    shutil.rmtree(root, ignore_errors=True)
    space = Workspace(root, cards, reviews, now)
    decks = cards // CARDS_PER_DECK
    write_decks(space.decks, decks, CARDS_PER_DECK)
    # The learner has not studied yet today, so today's limits leave a full queue.
    day_start = datetime.combine((now - DAY_STARTS).date(), time(4), UTC)
    history = simulate(study_keys(decks, CARDS_PER_DECK), reviews, day_start, seed)
    write_progress(space.progress, history)
    space.history.write_bytes(pickle.dumps(history))
    write_anki(space.anki, decks, CARDS_PER_DECK, history, now)
    write_plain_site(space.decks, space.plain)
    (root / "stamp.json").write_text(json.dumps({**stamp, "now": now.isoformat()}))
    return space
