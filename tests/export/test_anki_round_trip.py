"""A real-Anki round trip: export, import, review, edit, export again, import again."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from studykit.cli.app import app
from tests.conftest import FIXTURES
from tests.export.anki_support import import_package, notes_by_key

DECKS = FIXTURES / "csv" / "decks"


def _export(runner: CliRunner, decks: Path, out: Path) -> None:
    result = runner.invoke(app, ["export", "anki", "--decks", str(decks), "-o", str(out)])
    assert result.exit_code == 0, result.output


def _review(collection: Any, deck: str, answers: int) -> list[int]:
    """Answer the first cards Anki shows in a deck with Good; return their card ids."""
    collection.decks.select(collection.decks.id(deck))
    reviewed = []
    for _ in range(answers):
        card = collection.sched.getCard()
        assert card is not None
        collection.sched.answerCard(card, 3)
        reviewed.append(card.id)
    return reviewed


def _history(collection: Any) -> list[tuple[int, int, int]]:
    """Return (card id, button, interval) of every review Anki logged."""
    return [
        tuple(row) for row in collection.db.all("select cid, ease, ivl from revlog order by id")
    ]


def test_round_trip_keeps_history_and_updates_only_changed_notes(
    collection: Any, runner: CliRunner, tmp_path: Path
) -> None:
    decks = tmp_path / "decks"
    shutil.copytree(DECKS, decks)
    package = tmp_path / "studykit.apkg"
    _export(runner, decks, package)
    assert len(import_package(collection, package).new) == 12

    reviewed = _review(collection, "studykit::every-kind", 3)
    history = _history(collection)
    assert len(history) == 3
    notes = notes_by_key(collection)
    for key in ("every-kind/pid-one", "kernel/cgroups"):
        notes[key].add_tag("my-own-tag")
        collection.update_note(notes[key])

    kernel = decks / "kernel.yaml"
    text = kernel.read_text(encoding="utf-8")
    kernel.write_text(text.replace("The memory cgroup controller.", "memory.max"), "utf-8")
    _export(runner, decks, package)  # the same file again: its notes keep their times

    log = import_package(collection, package)
    assert not log.new and [note.fields[-1] for note in log.updated] == ["kernel/cgroups"]
    assert len(log.duplicate) == 11
    after = notes_by_key(collection)
    assert after["kernel/cgroups"]["Back"] == "memory.max"
    assert "my-own-tag" in after["every-kind/pid-one"].tags  # unchanged notes keep user tags
    assert _history(collection) == history  # the review log is untouched
    for card_id in reviewed:
        assert collection.get_card(card_id).reps == 1
    assert collection.note_count() == 12 and collection.card_count() == 14
