"""Modification times of exported notes: a note keeps its time until its content changes.

Anki's importer replaces a note it already has (same GUID) only when the package's note
is newer than its own, and then takes the package's fields and tags; the same holds for
note types and their CSS. An export that stamped every note with the export time made
each re-import replace every note, with the tags the learner had added in Anki.

A note's time is the time its current content (note type, fields, tags) first appeared:

1. its time in the previous export, when the content is the same there (the previous
   export is `--previous`, by default the file the export replaces);
2. else, when the previous export holds the note with other content, a second after the
   export's time: it changed, and Anki must take it, even over an edit made in Anki in
   the second of the export (Anki compares whole seconds);
3. else (no previous export, or a new note), the modification time of the deck file the
   card was read from, when the text was last written; else the export's time.

A note the learner edited in Anki after it was imported (adding a tag stamps the note)
is left as the learner has it until its content changes in studykit; then studykit's
version wins, tags included, since Anki's importer replaces the whole note.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from studykit.export.anki_collection import read_collection
from studykit.export.anki_package import AnkiPackage

Known = Mapping[str, tuple[int, str]]
"""A previous export's notes: GUID -> (modification time, content digest)."""


def content_digest(note_type: str, fields: Iterable[str], tags: Iterable[str]) -> str:
    """Return a digest of what Anki replaces when it updates a note."""
    data = json.dumps([note_type, list(fields), sorted(tags)], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def previous_notes(path: Path) -> dict[str, tuple[int, str]]:
    """Return the notes of a package studykit exported before, by GUID."""
    with AnkiPackage(path) as package:
        collection = read_collection(package.collection, reviews=False)
    known = {}
    for note in collection.notes:
        note_type = collection.note_types.get(note.note_type)
        name = note_type.name if note_type else ""
        known[note.guid] = (note.mtime, content_digest(name, note.fields, note.tags))
    return known


class NoteClock:
    """Give each exported note its modification time (see the module docstring)."""

    def __init__(self, known: Known, now: float) -> None:
        self.known, self.now = known, int(now)
        self._file_times: dict[str, int] = {}

    def _file_time(self, path: str) -> int:
        """Return a file's modification time in whole seconds, or now when it has none."""
        if path not in self._file_times:
            try:
                self._file_times[path] = int(os.stat(path).st_mtime)
            except (OSError, ValueError):
                self._file_times[path] = self.now
        return self._file_times[path]

    def stamp(self, guid: str, digest: str, source: str) -> int:
        """Return the time of a note with this GUID and content, read from `source`."""
        known = self.known.get(guid)
        if known is None:
            return self._file_time(source)
        time, previous = known
        return time if previous == digest else max(self.now, time) + 1
