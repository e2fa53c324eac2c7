"""`studykit import apkg`: packages made by Anki itself (the `anki` package) become decks."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.export.anki_import import card_id
from studykit.export.html_markdown import html_to_text
from studykit.load import load_decks
from studykit.model import BasicCard, ClozeCard, Deck, TypedCard, study_items
from tests.export.anki_support import (
    build_anki_collection,
    export_anki_package,
    import_package,
    notes_by_key,
)

FORMATS = ("latest", "legacy", "colpkg")


@pytest.fixture
def packages(collection: Any, tmp_path: Path) -> dict[str, Path]:
    """Return a package of each kind Anki writes, made by Anki from the same collection."""
    deck_id = build_anki_collection(collection)
    made = {
        "latest": export_anki_package(collection, deck_id, tmp_path / "a.apkg", legacy=False),
        "legacy": export_anki_package(collection, deck_id, tmp_path / "b.apkg", legacy=True),
    }
    collection.export_collection_package(str(tmp_path / "all.colpkg"), True, False)
    collection.reopen()
    return made | {"colpkg": tmp_path / "all.colpkg"}


def _import(runner: CliRunner, package: Path, out: Path, *args: str) -> Any:
    return runner.invoke(app, ["import", "apkg", str(package), "-o", str(out), *args])


def _deck(out: Path) -> Deck:
    result = load_decks([out])
    assert not result.errors, result.errors
    (deck,) = result.decks
    return deck


def _by_text(deck: Deck) -> dict[str, Any]:
    """Return the cards of a deck by their question's text."""
    found = {}
    for card in deck.cards:
        question = card.text if isinstance(card, ClozeCard) else card.prompt
        found[question.split(" ")[0]] = card
    return found


@pytest.mark.parametrize("kind", FORMATS)
def test_an_anki_made_package_becomes_a_deck(
    runner: CliRunner, packages: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    out = tmp_path / "decks"
    result = _import(runner, packages[kind], out)
    assert result.exit_code == 0, result.output
    assert "skipped 1 note of note type 'Vocabulary': its question shows Picture, Word" in (
        result.output
    )
    assert "('Left blank by mistake'): its question or answer field is empty" in result.output
    deck = _deck(out)
    assert (deck.id, deck.title, len(deck.cards)) == ("containers-basics", "Containers::Basics", 7)
    cards = _by_text(deck)
    assert isinstance(cards["What"], BasicCard) and cards["What"].front == "What is **runc**?"
    assert cards["What"].back == "The OCI runtime\\\nreference" and cards["What"].tags == ("oci",)
    assert cards["chien"].reverse and cards["chat"].reverse and not cards["lapin"].reverse
    cloze = cards["A"]
    assert isinstance(cloze, ClozeCard) and cloze.deletions == (1, 2)
    assert cloze.explanation == "*No* VM"
    assert isinstance(cards["Flag"], TypedCard) and cards["Flag"].answers == ("--memory",)
    assert cards["Which"].front == "Which layer? ![layer diagram.png](media/layer-diagram.png)"
    assert (out / "media" / "layer-diagram.png").read_bytes() == b"\x89PNG\r\n\x1a\n-image-"
    # Editors find the schema beside the decks, by a name that moves with the folder.
    (deck_file,) = out.glob("*.yaml")
    modeline = deck_file.read_text(encoding="utf-8").splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=deck.schema.json"
    assert json.loads((out / "deck.schema.json").read_text(encoding="utf-8"))["$id"]


def test_card_ids_come_from_the_notes_guids(
    runner: CliRunner, packages: dict[str, Path], collection: Any, tmp_path: Path
) -> None:
    assert _import(runner, packages["latest"], tmp_path / "d").exit_code == 0
    guids = {note.guid for note in _imported_notes(collection)}
    assert {card.id for card in _deck(tmp_path / "d").cards} == {card_id(g) for g in guids}


def test_a_newer_export_updates_the_same_cards_with_force(
    runner: CliRunner, packages: dict[str, Path], collection: Any, tmp_path: Path
) -> None:
    out = tmp_path / "decks"
    assert _import(runner, packages["latest"], out).exit_code == 0
    before = {card.id for card in _deck(out).cards}
    (note_id,) = collection.find_notes("chien")
    note = collection.get_note(note_id)
    note["Back"] = "dog (a canine)"
    collection.update_note(note)
    newer = export_anki_package(
        collection, collection.decks.id("Containers::Basics"), tmp_path / "n.apkg", legacy=False
    )
    refused = _import(runner, newer, out)
    assert refused.exit_code == 1 and "pass --force" in refused.output
    assert _import(runner, newer, out, "--force").exit_code == 0
    after = _deck(out)
    assert {card.id for card in after.cards} == before
    assert _by_text(after)["chien"].back == "dog (a canine)"


def test_review_history_comes_along_in_the_review_log_format(
    runner: CliRunner, packages: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "reviews.jsonl"
    args = ("--history", str(history))
    result = runner.invoke(
        app,
        ["import", "apkg", str(packages["latest"]), "-o", str(tmp_path / "d"), *args],
        env={"STUDYKIT_NOW": "2026-11-30T12:00:00+00:00"},
    )
    assert result.exit_code == 0, result.output
    header, *reviews = [json.loads(line) for line in history.read_text().splitlines()]
    assert header["format"] == "studykit-review-log" and header["version"] == 1
    assert header["exported_at"] == "2026-11-30T12:00:00.000Z" and header["origin"] == "anki"
    assert len(header["scheduler"]["parameters"]) == 21
    assert [review["rating"] for review in reviews] == [3, 1, 4]
    keys = {item.key for item in study_items(_deck(tmp_path / "d"))}
    assert {review["key"] for review in reviews} <= keys
    assert all(re.fullmatch("[0-9a-f]{32}", review["id"]) for review in reviews)
    assert len({review["id"] for review in reviews}) == 3
    assert all(r["time"].endswith("Z") and r["origin"] == "anki" for r in reviews)
    again = tmp_path / "again.jsonl"
    _import(runner, packages["latest"], tmp_path / "e", "--history", str(again))
    # The same reviews get the same ids, so a second progress import adds nothing.
    assert again.read_text().splitlines()[1:] == history.read_text().splitlines()[1:]


def test_the_review_log_reads_back_where_progress_import_exists(
    runner: CliRunner, packages: dict[str, Path], tmp_path: Path
) -> None:
    from studykit.study import review_log

    history = tmp_path / "reviews.jsonl"
    _import(runner, packages["latest"], tmp_path / "d", "--history", str(history))
    log = review_log.parse_log(history.read_bytes(), str(history))
    assert log.origin == "anki" and [int(r.rating) for r in log.reviews] == [3, 1, 4]


def test_an_imported_anki_deck_is_quizzed(
    runner: CliRunner, packages: dict[str, Path], tmp_path: Path
) -> None:
    out, db = tmp_path / "decks", tmp_path / "progress.sqlite3"
    assert _import(runner, packages["latest"], out).exit_code == 0
    quiz = ["quiz", "--decks", str(out), "--db", str(db), "--count", "2"]
    result = runner.invoke(app, quiz, input="3\n3\n", env={"STUDYKIT_NOW": "2026-03-02T12:00:00Z"})
    assert result.exit_code == 0, result.output
    assert "## 1 containers-basics/anki-" in result.output
    assert "What is runc?" in result.output or "What is **runc**?" in result.output
    with sqlite3.connect(db) as connection:
        rated = connection.execute("SELECT count(*) FROM reviews").fetchone()[0]
    connection.close()
    assert rated == 2


def _imported_notes(collection: Any) -> list[Any]:
    """Return the notes studykit imports: not the Vocabulary one nor the one left blank."""
    found = (collection.get_note(n) for n in collection.find_notes("-note:Vocabulary"))
    return [note for note in found if not note.fields[0].startswith("Left blank")]


def _texts(note: Any) -> list[str]:
    return [html_to_text(value) for value in note.fields[:2]]


def test_an_anki_made_package_round_trips_back_into_anki(
    runner: CliRunner, packages: dict[str, Path], collection: Any, tmp_path: Path
) -> None:
    from anki.collection import Collection

    out = tmp_path / "decks"
    assert _import(runner, packages["latest"], out).exit_code == 0
    package = tmp_path / "again.apkg"
    exported = runner.invoke(app, ["export", "anki", "--decks", str(out), "-o", str(package)])
    assert exported.exit_code == 0, exported.output
    (tmp_path / "fresh").mkdir()
    fresh = Collection(str(tmp_path / "fresh" / "collection.anki2"))
    try:
        log = import_package(fresh, package)
        assert len(log.new) == 7 and not log.conflicting
        again = notes_by_key(fresh)
        originals = _imported_notes(collection)
        for original in originals:
            note = again[f"containers-basics/{card_id(original.guid)}"]
            assert _texts(note)[0].replace("[...]", "") == _texts(original)[0]
            assert sorted(note.tags) == sorted(original.tags)
            assert len(note.cards()) == len(original.cards())
        assert (
            "<strong>runc</strong>"
            in again[f"containers-basics/{card_id(originals[0].guid)}"]["Front"]
        )
        # The image's file goes back into the package with issue 15's card images
        # (write_apkg's `media`); the note already names it.
    finally:
        fresh.close()


def test_only_unknown_note_types_is_an_error(
    runner: CliRunner, collection: Any, tmp_path: Path
) -> None:
    build_anki_collection(collection)
    vocabulary = collection.find_notes("note:Vocabulary")
    (deck_id,) = {collection.get_card(c).did for c in collection.card_ids_of_note(vocabulary[0])}
    collection.remove_notes(collection.find_notes("-note:Vocabulary"))
    package = export_anki_package(collection, deck_id, tmp_path / "v.apkg", legacy=False)
    result = _import(runner, package, tmp_path / "d")
    assert result.exit_code == 1
    assert "no notes studykit can import: 'Vocabulary' (its question shows" in result.output
    assert not (tmp_path / "d").exists()


def test_a_file_that_is_not_a_package_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.apkg"
    bogus.write_text("front,back\n", encoding="utf-8")
    result = _import(runner, bogus, tmp_path / "d")
    assert result.exit_code == 1 and "not an Anki package" in result.output
