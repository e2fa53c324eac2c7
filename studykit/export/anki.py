"""Write decks as an Anki package (.apkg) with genanki.

Ids are derived, never random, so exporting again gives the same notes, note types and
decks: a note's GUID hashes `deck-id/card-id` (Anki then updates the note instead of adding
a copy), note type ids hash the note type's name and deck ids hash the studykit deck id.

Each studykit deck becomes the Anki deck `studykit::<deck id>`: Anki finds the deck of an
import by its name, so a name built from the title split a retitled deck in two; the
title heads the deck's description instead. Quiz-table cells are exported as basic notes,
like the quiz studies them. A note carries its deck's tags, then its card's.

Notes and note types keep their modification time while they are unchanged
(`anki_stamps`, `anki_notes.NOTE_TYPES_CHANGED`), so importing a newer export updates only
the notes that changed and leaves the learner's tags, CSS and review history alone.

Media (images of cards) go in `media`: files the notes' HTML names by their file name
alone, as Anki keeps media in one flat folder; two files of one name are refused.
"""

from __future__ import annotations

import hashlib
import html
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.errors import StudykitError
from studykit.export.anki_html import AnkiHtml
from studykit.export.anki_notes import CSS, NOTE_TYPES, NOTE_TYPES_CHANGED, NoteType, note_content
from studykit.export.anki_stamps import Known, NoteClock, content_digest
from studykit.export.atomic_file import write_atomically
from studykit.export.card_images import anki_images, with_published_names, write_media
from studykit.markup.texts import RenderedTexts
from studykit.model import BasicCard, Card, ClozeCard, Deck
from studykit.model.study_item import table_cards

ROOT_DECK = "studykit"
"""The Anki deck every exported deck sits under."""


@dataclass(frozen=True)
class AnkiExport:
    """What an export wrote: decks, notes, and the cards Anki makes of them."""

    decks: int
    notes: int
    cards: int


def stable_id(name: str) -> int:
    """Return an id in genanki's recommended range [2**30, 2**31), derived from a name."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def note_guid(deck_id: str, card_id: str) -> str:
    """Return the GUID of a card's note: the same card always gets the same GUID."""
    from genanki import guid_for

    return str(guid_for("studykit", deck_id, card_id))


def anki_deck_name(deck: Deck) -> str:
    """Return the Anki deck name: built from the deck id, which never changes."""
    return f"{ROOT_DECK}::{deck.id}"


def deck_description(deck: Deck, texts: AnkiHtml) -> str:
    """Return the Anki deck description: the deck's title, then its description."""
    heading = f"<h3>{html.escape(deck.title)}</h3>"
    return heading + (f"\n{texts.block(deck.description)}" if deck.description else "")


def exported_cards(deck: Deck) -> Iterator[Card]:
    """Yield the cards of a deck that become notes: its cards, then quiz-table cells."""
    yield from deck.cards
    for table in deck.tables:
        yield from table_cards(table)


def _genanki_classes() -> tuple[type, type]:
    """Return genanki's Model and Note, each stamped with a time of its own, not the export's."""
    import genanki

    class StampedModel(genanki.Model):  # type: ignore[misc]
        def to_json(self, timestamp: float, deck_id: int) -> Any:
            return super().to_json(NOTE_TYPES_CHANGED, deck_id)

    class StampedNote(genanki.Note):  # type: ignore[misc]
        mtime = 0

        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
            super().write_to_db(cursor, self.mtime, deck_id, id_gen)

    return StampedModel, StampedNote


def _model(note_type: NoteType, model_class: type) -> Any:
    """Return the genanki model of a note type."""
    import genanki

    return model_class(
        stable_id(f"studykit note type {note_type.name}"),
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=CSS,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


@dataclass(frozen=True)
class _Writer:
    """What every deck of one export shares: note types, the note class, the clock, HTML."""

    models: dict[str, Any]
    note_class: type
    clock: NoteClock
    html: AnkiHtml
    images: Mapping[str, Mapping[str, str]]
    """By deck id, each image source of its card text and its media file's name."""


def _anki_deck(deck: Deck, writer: _Writer) -> Any:
    """Return the genanki deck of a studykit deck, with one note per exported card."""
    import genanki

    anki_deck = genanki.Deck(
        stable_id(f"studykit deck {deck.id}"),
        anki_deck_name(deck),
        deck_description(deck, writer.html),
    )
    models, note_class, clock = writer.models, writer.note_class, writer.clock
    for card in exported_cards(deck):
        content = note_content(card, deck, writer.html)
        guid = note_guid(deck.id, card.id)
        names = writer.images.get(deck.id, {})
        fields = [with_published_names(field, names) for field in content.fields]
        note = note_class(
            model=models[content.note_type.name],
            fields=fields,
            tags=list(content.tags),
            guid=guid,
        )
        digest = content_digest(content.note_type.name, fields, content.tags)
        note.mtime = clock.stamp(guid, digest, card.location.path or deck.location.path)
        anki_deck.add_note(note)
    return anki_deck


def _card_count(card: Card) -> int:
    if isinstance(card, ClozeCard):
        return len(card.deletions)
    return 2 if isinstance(card, BasicCard) and card.reverse else 1


def _media_paths(media: Sequence[Path]) -> list[str]:
    """Return the media files' paths, refusing two files of one name (Anki's folder is flat)."""
    seen: dict[str, Path] = {}
    for path in media:
        if path.name in seen and seen[path.name] != path:
            raise StudykitError(f"two media files are named {path.name}: {seen[path.name]}, {path}")
        seen[path.name] = path
    return [str(path) for path in seen.values()]


def build_package(
    decks: Sequence[Deck], texts: RenderedTexts | None = None, *, known: Known | None = None,
    now: float | None = None, media: Sequence[Path] = (),
    images: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Any, AnkiExport]:  # fmt: skip
    """Return the genanki package of the decks and what it holds (their text from `texts`)."""
    import genanki

    if not decks:
        raise StudykitError("no decks to export")
    model_class, note_class = _genanki_classes()
    writer = _Writer(
        models={note_type.name: _model(note_type, model_class) for note_type in NOTE_TYPES},
        note_class=note_class,
        clock=NoteClock(known or {}, time.time() if now is None else now),
        html=AnkiHtml(texts),
        images=images or {},
    )
    anki_decks = [_anki_deck(deck, writer) for deck in decks]
    cards = [card for deck in decks for card in exported_cards(deck)]
    summary = AnkiExport(len(decks), len(cards), sum(map(_card_count, cards)))
    return genanki.Package(anki_decks, media_files=_media_paths(media)), summary


def write_apkg(
    decks: Sequence[Deck], path: Path, *, known: Known | None = None, now: float | None = None,
    media: Sequence[Path] = (), texts: RenderedTexts | None = None, root: Path | None = None,
) -> AnkiExport:  # fmt: skip
    """Write the decks to an .apkg file; the file appears whole or not at all.

    The images of the card text go in as media (`card_images`); `root` is the deck folder
    they must stay in (None: each deck file's own folder).
    """
    names, images = anki_images(decks, root)
    with tempfile.TemporaryDirectory(prefix="studykit-media-") as folder:
        files = [*media, *write_media(images, Path(folder))]
        package, summary = build_package(
            decks, texts, known=known, now=now, media=files, images=names
        )
        stamps = [note.mtime for deck in package.decks for note in deck.notes]
        # Note and card ids count up from the package time: the newest note's keeps them stable.
        stamp = max(stamps, default=NOTE_TYPES_CHANGED)
        write_atomically(path, lambda temp: package.write_to_file(temp, timestamp=stamp))
    return summary
