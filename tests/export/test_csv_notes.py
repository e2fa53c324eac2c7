"""`import csv` also reads Anki's text export and plain front,back CSV, every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studykit.export.anki_import import card_id
from studykit.export.csv_reader import CsvImportError, read_csv_deck
from studykit.model import BasicCard, ClozeCard, TypedCard
from tests.export.anki_support import build_anki_collection


def _anki_text(
    collection: Any, path: Path, note_ids: list[int] | None = None, **options: bool
) -> bytes:
    """Export notes as Anki's File > Export > Notes in Plain Text does."""
    from anki.collection import NoteIdsLimit

    limit = NoteIdsLimit(note_ids) if note_ids is not None else None
    collection.export_note_csv(out_path=str(path), limit=limit, **options)
    return path.read_bytes()


EVERYTHING = {
    "with_html": True,
    "with_tags": True,
    "with_deck": True,
    "with_notetype": True,
    "with_guid": True,
}


def _problems(data: bytes) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        read_csv_deck(data, "notes.txt", "d", "D")
    return [str(problem) for problem in caught.value.problems]


def test_anki_text_with_every_column_reads_like_the_package(
    collection: Any, tmp_path: Path
) -> None:
    build_anki_collection(collection)
    readable = [
        n for n in collection.find_notes("-note:Vocabulary")
        if not collection.get_note(n).fields[0].startswith("Left blank")
    ]  # fmt: skip
    data = _anki_text(collection, tmp_path / "notes.txt", readable, **EVERYTHING)
    assert data.startswith(b"#separator:tab\n#html:true\n")
    deck = read_csv_deck(data, "notes.txt", "d", "D")
    guids = {collection.get_note(n).guid for n in readable}
    assert {card.id for card in deck.cards} == {card_id(guid) for guid in guids}  # as import apkg
    cards = {card.prompt.split(" ")[0]: card for card in deck.cards}
    assert isinstance(cards["What"], BasicCard) and cards["What"].front == "What is **runc**?"
    assert cards["What"].tags == ("oci",)
    assert cards["chien"].reverse and cards["chat"].reverse and not cards["lapin"].reverse
    assert isinstance(cards["Flag"], TypedCard) and cards["Flag"].answers == ("--memory",)
    cloze = next(card for card in deck.cards if isinstance(card, ClozeCard))
    assert cloze.deletions == (1, 2) and cloze.explanation == "*No* VM"


def test_anki_text_reports_every_problem_at_once(collection: Any, tmp_path: Path) -> None:
    build_anki_collection(collection)
    problems = _problems(_anki_text(collection, tmp_path / "notes.txt", **EVERYTHING))
    assert len(problems) == 2
    assert "note type 'Vocabulary' is not one studykit reads" in problems[0] + problems[1]
    assert "the answer (second field) is empty" in problems[0] + problems[1]
    assert all(problem.startswith("row ") for problem in problems)


def test_anki_text_without_note_types_is_read_by_its_text(collection: Any, tmp_path: Path) -> None:
    build_anki_collection(collection)
    readable = list(collection.find_notes('-note:Vocabulary -"Left blank*"'))
    plain = {
        "with_html": False,
        "with_tags": True,
        "with_deck": False,
        "with_notetype": False,
        "with_guid": False,
    }
    deck = read_csv_deck(
        _anki_text(collection, tmp_path / "n.txt", readable, **plain), "n", "d", "D"
    )
    kinds = {card.id: type(card).__name__ for card in deck.cards}
    assert kinds["what-is-runc"] == "BasicCard" and "ClozeCard" in kinds.values()
    assert "TypedCard" not in kinds.values()  # without its note type, a type-in note is basic


def test_plain_front_back_csv_with_or_without_a_header() -> None:
    with_header = "Front,Back,tags\nWhat is runc?,The OCI runtime,oci tools\nWhat is *crun*?,Another runtime,\n"
    deck = read_csv_deck(with_header.encode(), "cards.csv", "d", "D")
    assert [(c.id, c.prompt, c.tags) for c in deck.cards] == [
        ("what-is-runc", "What is runc?", ("oci", "tools")),
        ("what-is-crun", "What is *crun*?", ()),
    ]
    bare = read_csv_deck(b"chien,dog\nchat,cat\n", "cards.csv", "d", "D")
    assert [(c.prompt, c.answer_text) for c in bare.cards] == [("chien", "dog"), ("chat", "cat")]


def test_plain_csv_problems_are_all_reported() -> None:
    text = "front,back\nchien,dog\nchat,\n,orphan\nchien,hound\n"
    assert _problems(text.encode()) == [
        "row 3: the answer (second field) is empty",
        "row 4: the question (first field) is empty",
        "row 5: the same question as row 2 (card id 'chien')",
    ]


def test_a_header_that_names_studykit_columns_is_studykits_layout() -> None:
    problems = _problems(b"id,kind\na,basic\n")
    assert problems[0].startswith("row 1: missing columns 'question'")


def test_an_unknown_separator_is_a_problem() -> None:
    assert _problems(b"#separator:Banana\n#html:false\nchien\tdog\n")[0] == (
        "row 1: unknown separator 'Banana'"
    )
