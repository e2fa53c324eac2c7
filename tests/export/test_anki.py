"""The Anki export, checked by importing it with the real Anki backend (PyPI `anki`)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studykit.export.anki import (
    anki_deck_name,
    build_package,
    exported_cards,
    note_guid,
    stable_id,
    write_apkg,
)
from studykit.export.anki_html import anki_tag
from studykit.load import load_decks
from studykit.model import BasicCard, Deck
from tests.conftest import DECKS as SHIPPED
from tests.conftest import FIXTURES

DECKS = FIXTURES / "csv" / "decks"


def _decks() -> tuple[Deck, ...]:
    result = load_decks([DECKS])
    assert not result.errors
    return result.decks


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """Return a fresh, empty Anki collection."""
    try:
        from anki.collection import Collection
    except ImportError:
        pytest.fail("the Anki backend is missing: pip install anki", pytrace=False)
    opened = Collection(str(tmp_path / "collection.anki2"))
    yield opened
    opened.close()


def _import(collection: Any, package: Path) -> Any:
    """Import a package the way Anki's File > Import does; return the import log."""
    from anki.collection import ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(package))
    return collection.import_anki_package(request).log


def _notes(collection: Any) -> dict[str, Any]:
    """Return the collection's notes by their studykit key."""
    notes = (collection.get_note(note_id) for note_id in collection.find_notes(""))
    return {note["Key"]: note for note in notes}


@pytest.fixture
def imported(collection: Any, tmp_path: Path) -> tuple[Any, Any, dict[str, Any]]:
    """Export the fixture decks, import them, and return the collection, log and notes."""
    package = tmp_path / "decks.apkg"
    summary = write_apkg(_decks(), package)
    assert (summary.decks, summary.notes, summary.cards) == (2, 12, 14)
    return collection, _import(collection, package), _notes(collection)


def test_every_card_becomes_one_note_and_cloze_one_card_per_deletion(
    imported: tuple[Any, Any, dict[str, Any]],
) -> None:
    collection, log, notes = imported
    assert len(log.new) == 12 and not log.duplicate and not log.conflicting
    assert collection.note_count() == 12
    assert collection.card_count() == 14
    assert "kernel/isolation.pid-namespace.isolates" in notes  # quiz-table cells come along


def test_cloze_deletion_numbers_are_kept(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    gaps = notes["every-kind/gap-numbers"]
    assert gaps.note_type()["name"] == "studykit Cloze"
    assert sorted(card.ord for card in gaps.cards()) == [0, 2]  # c1 and c3, not c1 and c2
    lifecycle = sorted(notes["every-kind/oci-lifecycle"].cards(), key=lambda card: card.ord)
    assert [card.ord for card in lifecycle] == [0, 1]
    second = lifecycle[1]
    assert "[what runs?]" in second.question() and "user program" not in second.question()
    assert "user program" in second.answer()


def test_fields_hold_safe_html_from_markdown(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    listing = notes["every-kind/list-processes"]
    assert listing.note_type()["name"] == "studykit Basic"
    assert "<code>ps aux | grep runc</code>" in listing["Front"]
    assert "<pre><code>ps aux | grep runc\n</code></pre>" in listing["Back"]
    assert listing["Source"] == '<a href="https://docs.docker.com/">Docker docs</a>'
    escaped = notes["every-kind/escaped-html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in escaped["Front"]
    assert "<script" not in escaped["Front"] and escaped["Back"] == "Nothing &amp; nobody runs it."


def test_typed_cards_use_a_type_in_answer(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    typed = notes["every-kind/default-runtime"]
    assert typed.note_type()["name"] == "studykit Type-in"
    assert typed["Answer"] == "runc"
    assert typed["Accepted"] == "runc, the reference runtime, 1.0"
    assert typed["Explanation"] == "containerd starts <code>runc</code> through a shim."
    assert "[[type:Answer]]" in typed.cards()[0].question()  # the reviewer puts a box here


def test_quiz_cards_show_choices_and_answers(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    pid_one, namespaces = notes["every-kind/pid-one"], notes["every-kind/namespaces"]
    assert pid_one.note_type()["name"] == "studykit Quiz"
    assert "<li>tini</li><li>systemd</li><li>yes</li><li>runc</li>" in pid_one["Front"]
    assert pid_one["Back"] == "<ul class=answers><li>A. tini</li></ul>"
    assert "Choose 3." in namespaces["Front"]
    assert namespaces["Back"].count("<li>") == 3 and "cpu" not in namespaces["Back"]
    assert notes["every-kind/shares-kernel"]["Back"] == "<strong>True</strong>"
    assert notes["every-kind/vm-kernel"]["Kind"] == "True or false"
    order = notes["every-kind/lifecycle-order"]
    assert order["Back"] == "<ol><li>create</li><li>start</li><li>kill</li><li>delete</li></ol>"
    assert all(f"<li>{item}</li>" in order["Front"] for item in ("create", "kill", "delete"))


def test_tags_are_carried_without_spaces(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    _, _, notes = imported
    assert sorted(notes["every-kind/list-processes"].tags) == ["container_runtime", "processes"]
    assert notes["every-kind/oci-lifecycle"].tags == ["lifecycle"]
    assert notes["every-kind/escaped-html"].tags == []


def test_decks_sit_under_one_studykit_deck(imported: tuple[Any, Any, dict[str, Any]]) -> None:
    collection, _, notes = imported
    deck_of = {key: collection.decks.name(note.cards()[0].did) for key, note in notes.items()}
    assert deck_of["every-kind/pid-one"] == "studykit::Every kind"
    assert deck_of["kernel/cgroups"] == "studykit::Kernel features"
    assert set(deck_of.values()) == {"studykit::Every kind", "studykit::Kernel features"}
    assert collection.decks.by_name("studykit") is not None


def test_importing_again_adds_no_duplicates(
    imported: tuple[Any, Any, dict[str, Any]], tmp_path: Path
) -> None:
    collection, _, _ = imported
    again = _import(collection, tmp_path / "decks.apkg")
    assert not again.new and collection.note_count() == 12 and collection.card_count() == 14


def test_a_newer_export_updates_notes_in_place(
    imported: tuple[Any, Any, dict[str, Any]], tmp_path: Path
) -> None:
    collection, _, before = imported
    decks = list(_decks())
    edited = BasicCard(id="cgroups", front="What caps a container's memory?", back="memory.max")
    decks[1] = dataclasses.replace(decks[1], cards=(edited,))
    newer = tmp_path / "newer.apkg"
    write_apkg(decks, newer, timestamp=time.time() + 60)
    log = _import(collection, newer)
    after = _notes(collection)
    assert not log.new and "kernel/cgroups" in [note.fields[-1] for note in log.updated]
    assert collection.note_count() == 12
    assert after["kernel/cgroups"].id == before["kernel/cgroups"].id
    assert after["kernel/cgroups"]["Back"] == "memory.max"


def test_ids_are_derived_not_random() -> None:
    first, _ = build_package(_decks())
    second, _ = build_package(_decks())
    guids = [[note.guid for note in deck.notes] for deck in first.decks]
    assert guids == [[note.guid for note in deck.notes] for deck in second.decks]
    assert [deck.deck_id for deck in first.decks] == [deck.deck_id for deck in second.decks]
    assert note_guid("every-kind", "pid-one") != note_guid("kernel", "pid-one")
    # Pinned: changing how ids are derived would duplicate every learner's notes.
    assert note_guid("every-kind", "pid-one") == "PIdAI[cZQW"
    assert stable_id("studykit note type studykit Basic") == 1_537_615_167
    assert all(1 << 30 <= stable_id(name) < 1 << 31 for name in ("a", "b", "studykit"))


def test_names_and_tags_anki_accepts() -> None:
    assert anki_deck_name(Deck(id="d", title="Images::layers ")) == "studykit::Images:layers"
    assert anki_tag("  container  runtime ") == "container_runtime"


def test_the_shipped_decks_import_whole(collection: Any, tmp_path: Path) -> None:
    shipped = load_decks([SHIPPED]).decks
    package = tmp_path / "shipped.apkg"
    summary = write_apkg(shipped, package)
    assert summary.notes == sum(len(list(exported_cards(deck))) for deck in shipped)
    log = _import(collection, package)
    assert len(log.new) == summary.notes == collection.note_count()
    assert collection.card_count() == summary.cards
    assert not _import(collection, package).new
