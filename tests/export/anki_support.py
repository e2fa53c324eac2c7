"""Helpers for tests that check Anki packages with the real Anki backend (PyPI `anki`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def import_package(collection: Any, package: Path) -> Any:
    """Import a package the way Anki's File > Import does; return the import log."""
    from anki.collection import ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(package_path=str(package))
    return collection.import_anki_package(request).log


def notes_by_key(collection: Any, field: str = "Key") -> dict[str, Any]:
    """Return the collection's notes by a field (studykit's `Key` by default)."""
    notes = (collection.get_note(note_id) for note_id in collection.find_notes(""))
    return {note[field]: note for note in notes}


NOTES = [
    ("Basic", ["What is <b>runc</b>?", "The OCI runtime<br>reference"], ["oci"]),
    ("Basic (and reversed card)", ["chien", "dog"], ["french"]),
    ("Cloze", ["A {{c1::container}} shares the {{c2::kernel::what?}}", "<i>No</i> VM"], []),
    ("Basic (type in the answer)", ["Flag that caps memory?", "--memory"], []),
    ("Basic (optional reversed card)", ["chat", "cat", "y"], ["french"]),
    ("Basic (optional reversed card)", ["lapin", "rabbit", ""], ["french"]),
    ("Basic", ["Left blank by mistake", ""], []),
]
"""The notes an Anki-made package holds: note type (Anki's English name), fields, tags."""


def _two_sided_note_type(collection: Any) -> Any:
    """Add a note type studykit does not know: its question shows two fields."""
    models = collection.models
    note_type = models.new("Vocabulary")
    for name in ("Word", "Picture", "Meaning"):
        models.add_field(note_type, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"] = "{{Word}}<br>{{Picture}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}"
    models.add_template(note_type, template)
    models.add(note_type)
    return models.by_name("Vocabulary")


def build_anki_collection(collection: Any) -> int:
    """Fill a collection as a learner would in Anki: notes, an image, reviews; return the deck id."""
    deck_id = int(collection.decks.id("Containers::Basics"))
    for note_type, fields, tags in NOTES:
        note = collection.new_note(collection.models.by_name(note_type))
        for index, value in enumerate(fields):
            note.fields[index] = value
        note.tags = list(tags)
        collection.add_note(note, deck_id)
    image = collection.media.write_data("layer diagram.png", b"\x89PNG\r\n\x1a\n-image-")
    note = collection.new_note(collection.models.by_name("Basic"))
    note.fields[0], note.fields[1] = f'Which layer? <img src="{image}">', "The top one"
    collection.add_note(note, deck_id)
    note = collection.new_note(_two_sided_note_type(collection))
    note.fields[0], note.fields[1], note.fields[2] = "Haus", "house.png", "house"
    collection.add_note(note, deck_id)
    collection.decks.select(deck_id)
    for ease in (3, 1, 4):
        card = collection.sched.getCard()
        collection.sched.answerCard(card, ease)
    return deck_id


def export_anki_package(collection: Any, deck_id: int, path: Path, *, legacy: bool) -> Path:
    """Export a deck as Anki's File > Export does, with scheduling and media."""
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    options = ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=legacy)
    collection.export_anki_package(out_path=str(path), options=options, limit=DeckIdLimit(deck_id))
    return path
