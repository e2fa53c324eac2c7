"""The benchmark generator makes valid decks and exactly the review history asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.history import simulate
from benchmarks.progress_db import write_progress
from benchmarks.synthetic import KINDS, study_keys, write_decks
from studykit.load import load_decks
from studykit.model import study_items
from studykit.study.store import ProgressStore

END = datetime(2026, 6, 1, 4, tzinfo=UTC)


def test_decks_load_without_errors_and_cover_every_kind(tmp_path: Path) -> None:
    folder = write_decks(tmp_path / "decks", decks=3, cards=12)
    loaded = load_decks([folder])
    assert loaded.errors == ()
    assert len(loaded.decks) == 3
    assert {card.kind.value for deck in loaded.decks for card in deck.cards} == set(KINDS)
    keys = [(item.key, deck.id) for deck in loaded.decks for item in study_items(deck)]
    assert sorted(keys) == sorted(study_keys(3, 12))


def test_history_has_the_count_asked_for_and_reaches_the_store(tmp_path: Path) -> None:
    keys = study_keys(3, 12)
    history = simulate(keys, 300, END, seed=3)
    assert len(history) == 300
    assert [r.at for r in history] == sorted(r.at for r in history)
    assert END - timedelta(days=366) < history[0].at and history[-1].at < END
    assert {r.key for r in history} <= {key for key, _ in keys}
    store = ProgressStore(write_progress(tmp_path / "progress.sqlite3", history))
    try:
        assert len(store.reviews_since(END - timedelta(days=400))) == 300
    finally:
        store.close()
