"""Write decks as an Anki package (.apkg) with genanki.

Ids are derived, never random, so exporting again gives the same notes, note types and
decks: a note's GUID hashes `deck-id/card-id` (Anki then updates the note instead of adding
a copy), note type ids hash the note type's name and deck ids hash the studykit deck id.
Each studykit deck becomes the Anki deck `studykit::<deck title>`; quiz-table cells are
exported as basic notes, like the quiz studies them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studykit.errors import StudykitError
from studykit.export.anki_html import AnkiHtml
from studykit.export.anki_notes import CSS, NOTE_TYPES, NoteType, note_content
from studykit.export.atomic_file import write_atomically
from studykit.markup.texts import RenderedTexts
from studykit.model import Card, ClozeCard, Deck
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
    """Return the Anki deck name; `::` in a title would nest decks, so it becomes `:`."""
    return f"{ROOT_DECK}::{deck.title.replace('::', ':').strip()}"


def exported_cards(deck: Deck) -> Iterator[Card]:
    """Yield the cards of a deck that become notes: its cards, then quiz-table cells."""
    yield from deck.cards
    for table in deck.tables:
        yield from table_cards(table)


def _model(note_type: NoteType) -> Any:
    """Return the genanki model of a note type."""
    import genanki

    return genanki.Model(
        stable_id(f"studykit note type {note_type.name}"),
        note_type.name,
        fields=[{"name": name} for name in note_type.fields],
        templates=[{"name": "Card 1", "qfmt": note_type.front, "afmt": note_type.back}],
        css=CSS,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def _anki_deck(deck: Deck, models: dict[str, Any], html: AnkiHtml) -> Any:
    """Return the genanki deck of a studykit deck, with one note per exported card."""
    import genanki

    anki_deck = genanki.Deck(
        stable_id(f"studykit deck {deck.id}"),
        anki_deck_name(deck),
        description=html.block(deck.description) if deck.description else "",
    )
    for card in exported_cards(deck):
        content = note_content(card, deck, html)
        note = genanki.Note(
            model=models[content.note_type.name],
            fields=list(content.fields),
            tags=list(content.tags),
            guid=note_guid(deck.id, card.id),
        )
        anki_deck.add_note(note)
    return anki_deck


def _card_count(card: Card) -> int:
    return len(card.deletions) if isinstance(card, ClozeCard) else 1


def build_package(
    decks: Sequence[Deck], texts: RenderedTexts | None = None
) -> tuple[Any, AnkiExport]:
    """Return the genanki package of the decks and what it holds (their text from `texts`)."""
    import genanki

    if not decks:
        raise StudykitError("no decks to export")
    models = {note_type.name: _model(note_type) for note_type in NOTE_TYPES}
    html = AnkiHtml(texts)
    anki_decks = [_anki_deck(deck, models, html) for deck in decks]
    cards = [card for deck in decks for card in exported_cards(deck)]
    summary = AnkiExport(len(decks), len(cards), sum(map(_card_count, cards)))
    return genanki.Package(anki_decks), summary


def write_apkg(
    decks: Sequence[Deck],
    path: Path,
    *,
    timestamp: float | None = None,
    texts: RenderedTexts | None = None,
) -> AnkiExport:
    """Write the decks to an .apkg file; the file appears whole or not at all."""
    package, summary = build_package(decks, texts)
    write_atomically(path, lambda temporary: package.write_to_file(temporary, timestamp=timestamp))
    return summary
