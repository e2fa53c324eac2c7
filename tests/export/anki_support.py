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
