"""Read the notes, note types, decks, cards and review log of an Anki collection file.

The collection is a SQLite database from an Anki package (`anki_package`), opened
read-only and immutable: studykit never writes to it. Two layouts exist:

- schema 11 (legacy packages, genanki's): note types and decks as JSON in the `col` row;
- schema 15 and later (Anki 2.1.28 on; schema 18 in current packages): tables `notetypes`,
  `fields`, `templates` and `decks`, settings as protobuf, deck names with `\\x1f` between
  levels.

`notes`, `cards` and `revlog` are the same in both. This module and `study/store` are the
only importers of sqlite3: this one reads Anki's files, the store keeps studykit's own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.errors import StudykitError
from studykit.export import anki_protobuf


class CollectionError(StudykitError):
    """A file that is not an Anki collection studykit can read."""


@dataclass(frozen=True)
class AnkiTemplate:
    """One card template: its name and question and answer formats."""

    name: str
    front: str
    back: str


@dataclass(frozen=True)
class AnkiNoteType:
    """A note type: its fields in order, its templates, and whether it is a cloze type."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[AnkiTemplate, ...]
    cloze: bool
    css: str = ""
    mtime: int = 0


@dataclass(frozen=True)
class AnkiNote:
    """A note: its GUID, note type, modification time, tags and field values (HTML)."""

    id: int
    guid: str
    note_type: int
    mtime: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class AnkiCard:
    """A card: its note, its home deck (not a filtered deck it is borrowed by), its ord."""

    id: int
    note: int
    deck: int
    ord: int


@dataclass(frozen=True)
class AnkiReview:
    """One row of the review log: when (ms), which card, the button, time taken, its type."""

    id: int
    card: int
    ease: int
    duration_ms: int
    kind: int


@dataclass(frozen=True)
class AnkiCollection:
    """What studykit reads of a collection."""

    note_types: dict[int, AnkiNoteType]
    decks: dict[int, str]
    notes: tuple[AnkiNote, ...]
    cards: tuple[AnkiCard, ...]
    reviews: tuple[AnkiReview, ...]


def _unicase(left: str, right: str) -> int:
    """Compare like Anki's `unicase` collation, which schema 18 indexes use."""
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def _connect(path: Path) -> sqlite3.Connection:
    """Open a collection read-only, never touching the file or a journal beside it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    connection.create_collation("unicase", _unicase)
    connection.execute("PRAGMA trusted_schema = OFF")
    return connection


def _legacy_note_types(connection: sqlite3.Connection) -> dict[int, AnkiNoteType]:
    """Return the note types of a schema 11 collection (JSON in `col.models`)."""
    (models,) = connection.execute("SELECT models FROM col").fetchone()
    found = {}
    for model in json.loads(models or "{}").values():
        fields = sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
        templates = sorted(model.get("tmpls", []), key=lambda t: t.get("ord", 0))
        note_type = AnkiNoteType(
            id=int(model["id"]),
            name=str(model.get("name", "")),
            fields=tuple(str(f.get("name", "")) for f in fields),
            templates=tuple(
                AnkiTemplate(str(t.get("name", "")), str(t.get("qfmt", "")), str(t.get("afmt", "")))
                for t in templates
            ),
            cloze=model.get("type") == 1,
            css=str(model.get("css", "")),
            mtime=int(model.get("mod", 0)),
        )
        found[note_type.id] = note_type
    return found


def _grouped(rows: list[Any]) -> dict[int, list[Any]]:
    """Group rows by their first column (a note type id), keeping their order."""
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(int(row[0]), []).append(row)
    return grouped


def _note_types(connection: sqlite3.Connection) -> dict[int, AnkiNoteType]:
    """Return the note types of a schema 15+ collection (tables, protobuf settings)."""
    fields = _grouped(
        connection.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord").fetchall()
    )
    templates = _grouped(
        connection.execute("SELECT ntid, name, config FROM templates ORDER BY ntid, ord").fetchall()
    )
    found = {}
    for ntid, name, mtime, config in connection.execute(
        "SELECT id, name, mtime_secs, config FROM notetypes"
    ):
        config = bytes(config or b"")
        found[int(ntid)] = AnkiNoteType(
            id=int(ntid),
            name=str(name),
            fields=tuple(str(row[1]) for row in fields.get(ntid, [])),
            templates=tuple(
                AnkiTemplate(
                    str(row[1]),
                    anki_protobuf.text(bytes(row[2] or b""), 1),
                    anki_protobuf.text(bytes(row[2] or b""), 2),
                )
                for row in templates.get(ntid, [])
            ),
            cloze=anki_protobuf.integer(config, 1) == 1,
            css=anki_protobuf.text(config, 3),
            mtime=int(mtime),
        )
    return found


def _decks(connection: sqlite3.Connection, legacy: bool) -> dict[int, str]:
    """Return every deck's full name, levels joined by `::` as Anki shows them."""
    if legacy:
        (decks,) = connection.execute("SELECT decks FROM col").fetchone()
        return {int(d["id"]): str(d.get("name", "")) for d in json.loads(decks or "{}").values()}
    rows = connection.execute("SELECT id, name FROM decks")
    return {int(deck_id): str(name).replace("\x1f", "::") for deck_id, name in rows}


def _notes(connection: sqlite3.Connection) -> Iterator[AnkiNote]:
    for note_id, guid, mid, mtime, tags, flds in connection.execute(
        "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id"
    ):
        yield AnkiNote(
            int(note_id), str(guid), int(mid), int(mtime), tuple(str(tags).split()),
            tuple(str(flds).split("\x1f")),
        )  # fmt: skip


def read_collection(path: Path, *, reviews: bool = True) -> AnkiCollection:
    """Return the contents of a collection file; raise CollectionError when it is not one."""
    try:
        connection = _connect(path)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            legacy = "notetypes" not in tables
            cards = connection.execute(
                "SELECT id, nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord FROM cards"
            )
            log = "SELECT id, cid, ease, time, type FROM revlog ORDER BY id"
            return AnkiCollection(
                note_types=_legacy_note_types(connection) if legacy else _note_types(connection),
                decks=_decks(connection, legacy),
                notes=tuple(_notes(connection)),
                cards=tuple(AnkiCard(*map(int, row)) for row in cards),
                reviews=tuple(AnkiReview(*map(int, r)) for r in connection.execute(log))
                if reviews
                else (),
            )
        finally:
            connection.close()
    except (sqlite3.Error, ValueError, KeyError, TypeError) as error:
        raise CollectionError(f"not an Anki collection studykit can read: {error}") from None
