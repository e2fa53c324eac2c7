"""Turn the notes of an Anki collection into studykit decks (pure).

- Each Anki deck holding notes becomes a deck, its id a slug of the deck's full name
  (`Lang::Words` is `lang-words`), unless one deck id is given for every note. A note
  belongs to the deck of its first card.
- A card's id comes from its note's GUID (`anki-` and 12 hex digits of its SHA-1), so
  importing a newer export of the same notes gives the same ids: studykit keeps their
  progress.
- Note types are recognised by their templates (`anki_note_types`); notes of other note
  types are counted per note type, with the reason, and skipped. So is a note whose card
  studykit could not study (an empty question, a cloze without deletions); the reason
  names the note.
- Fields become Markdown (`html_markdown`); a type-in answer becomes plain text, as the
  learner types it. Images and sounds refer to media files copied beside the decks.
- The review log comes along as `ImportedReview`s keyed like the quiz keys its items
  (`deck/card`, `deck/card#c2`, `deck/card#reverse`), for the progress import.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from studykit.export.anki_collection import AnkiCollection, AnkiNote
from studykit.export.anki_note_types import Shape, Unknown, note_shape
from studykit.export.html_markdown import html_to_markdown, html_to_text
from studykit.load import check_deck
from studykit.load.deck_checks import MAX_ID_LENGTH
from studykit.model import BasicCard, Card, ClozeCard, Deck, TypedCard
from studykit.model.study_item import REVERSE_SUFFIX, slugify

MEDIA_FOLDER = "media"
"""The folder beside the deck files that receives the media files."""
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_RATINGS = range(1, 5)
MAX_DURATION_MS = 86_400_000
"""The review log's longest answer time (a day); Anki caps its own at an hour."""
_MANUAL = {4, 5}
"""Review log types that are not reviews: manual rescheduling, "set due date"."""


class ImportedReview(NamedTuple):
    """One review from Anki's log: a stable id, the item's key, when, rating, time taken."""

    review_id: str
    key: str
    reviewed_at: datetime
    rating: int
    duration_ms: int


@dataclass
class AnkiImport:
    """What an Anki collection gives: decks, media to copy, what was skipped and why."""

    decks: list[Deck] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)
    """Anki's media file name -> its file name in the media folder, for the files used."""
    skipped_types: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Note type name -> (why studykit cannot read it, how many notes were skipped)."""
    skipped_notes: list[str] = field(default_factory=list)
    reviews: list[ImportedReview] = field(default_factory=list)


def card_id(guid: str) -> str:
    """Return the studykit card id of an Anki note: the same GUID, the same id."""
    return "anki-" + hashlib.sha1(guid.encode("utf-8")).hexdigest()[:12]


def _media_file_name(name: str, taken: set[str]) -> str:
    """Return a file name for a media file that needs no quoting and is not yet taken."""
    stem, dot, suffix = name.rpartition(".") if "." in name[1:] else (name, "", "")
    stem = _UNSAFE_NAME.sub("-", stem).strip("-.") or "media"
    suffix = _UNSAFE_NAME.sub("", suffix)
    candidate, number = f"{stem}{dot}{suffix}", 1
    while candidate.lower() in taken:  # folders on macOS and Windows ignore case
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    taken.add(candidate.lower())
    return candidate


class _Media:
    """Name the media files notes use, as they are met."""

    def __init__(self, available: Iterable[str]) -> None:
        self.available = set(available)
        self.names: dict[str, str] = {}
        self.taken: set[str] = set()

    def path(self, name: str) -> str | None:
        """Return the path of a media file from a deck file, or None when it is missing."""
        if name not in self.available:
            return None
        if name not in self.names:
            self.names[name] = _media_file_name(name, self.taken)
        return f"{MEDIA_FOLDER}/{self.names[name]}"


def _deck_ids(names: Iterable[str]) -> dict[str, str]:
    """Return a deck id for each Anki deck name: its slug, made unique."""
    ids: dict[str, str] = {}
    for name in sorted(set(names)):
        base = slugify(name)[: MAX_ID_LENGTH - 4].strip("-") or "anki"
        candidate, number = base, 1
        while candidate in ids.values():
            number += 1
            candidate = f"{base}-{number}"
        ids[name] = candidate
    return ids


def _field(note: AnkiNote, index: int) -> str:
    return note.fields[index] if 0 <= index < len(note.fields) else ""


class _Builder:
    """Build cards of notes, with the media they use."""

    def __init__(self, media: _Media) -> None:
        self.media = media

    def markdown(self, note: AnkiNote, index: int) -> str:
        return html_to_markdown(_field(note, index), self.media.path)

    def card(self, note: AnkiNote, shape: Shape) -> Card:
        """Return the studykit card of a note of a known shape."""
        extras = (self.markdown(note, index) for index in shape.extra)
        common: dict[str, Any] = {
            "id": card_id(note.guid),
            "explanation": "\n\n".join(text for text in extras if text),
            "tags": tuple(dict.fromkeys(note.tags)),
        }
        if shape.kind == "cloze":
            return ClozeCard(**common, text=self.markdown(note, shape.front))
        question = self.markdown(note, shape.front)
        if shape.kind == "typed":
            answer = html_to_text(_field(note, shape.back))
            return TypedCard(**common, question=question, answers=(answer,) if answer else ())
        reverse = shape.kind == "reversed" and (
            shape.reverse_if < 0 or bool(html_to_text(_field(note, shape.reverse_if)))
        )
        back = self.markdown(note, shape.back)
        return BasicCard(**common, front=question, back=back, reverse=reverse)


def _problem(card: Card, deck_id: str) -> str:
    """Return why studykit cannot study a card (as the loader would say), or ''."""
    if isinstance(card, TypedCard) and not card.answers:
        return "its answer field is empty"
    if isinstance(card, BasicCard) and not (card.front.strip() and card.back.strip()):
        return "its question or answer field is empty"
    issues = check_deck(Deck(id=deck_id, title=deck_id, cards=(card,)))
    return issues[0].message if issues else ""


def _home_decks(collection: AnkiCollection) -> dict[int, int]:
    """Return the home deck of each note: the deck of its first card."""
    first: dict[int, tuple[int, int]] = {}
    for card in collection.cards:
        if card.note not in first or card.ord < first[card.note][0]:
            first[card.note] = (card.ord, card.deck)
    return {note: deck for note, (_, deck) in first.items()}


def _shapes(collection: AnkiCollection, result: AnkiImport) -> dict[int, Shape]:
    """Return the shape of each note type in use; record the others with their reason."""
    used = Counter(note.note_type for note in collection.notes)
    shapes = {}
    for type_id, count in used.items():
        note_type = collection.note_types.get(type_id)
        try:
            if note_type is None:
                raise Unknown("the collection does not define it")
            shapes[type_id] = note_shape(note_type)
        except Unknown as reason:
            name = note_type.name if note_type else f"#{type_id}"
            result.skipped_types[name] = (str(reason), count)
    return shapes


def _deck_of_note(collection: AnkiCollection, deck_id: str | None) -> dict[int, tuple[str, str]]:
    """Return each note's studykit deck id and Anki deck name."""
    homes = _home_decks(collection)
    names = {n.id: collection.decks.get(homes.get(n.id, -1), "Default") for n in collection.notes}
    ids = dict.fromkeys(names.values(), deck_id) if deck_id else _deck_ids(names.values())
    return {note: (ids[name], name) for note, name in names.items()}


def import_collection(
    collection: AnkiCollection, media_names: Iterable[str] = (), deck_id: str | None = None,
    title: str | None = None,
) -> AnkiImport:  # fmt: skip
    """Return the decks, media and reviews of a collection's notes."""
    result, media = AnkiImport(), _Media(media_names)
    shapes, builder = _shapes(collection, result), _Builder(media)
    decks = _deck_of_note(collection, deck_id)
    cards: dict[str, list[Card]] = defaultdict(list)
    keys: dict[int, tuple[str, Card, Shape]] = {}
    for note in collection.notes:
        shape = shapes.get(note.note_type)
        if shape is None:
            continue
        deck = decks[note.id][0]
        card = builder.card(note, shape)
        reason = _problem(card, deck)
        if reason:
            result.skipped_notes.append(f"note {note.id} ({_first_words(note)}): {reason}")
            continue
        cards[deck].append(card)
        keys[note.id] = (deck, card, shape)
    titles = {deck: title or name for deck, name in decks.values()}
    result.decks = [Deck(id=d, title=titles[d], cards=tuple(c)) for d, c in cards.items()]
    result.media = dict(media.names)
    result.reviews = list(_reviews(collection, keys))
    return result


def _first_words(note: AnkiNote) -> str:
    """Return the start of a note's first field, to name it in a message."""
    text = html_to_text(note.fields[0] if note.fields else "")
    return repr(text[:40] + ("..." if len(text) > 40 else ""))


def item_key(deck: str, card: Card, shape: Shape, ord_: int) -> str:
    """Return the quiz key of an Anki card (a note's card `ord_`)."""
    key = f"{deck}/{card.id}"
    if shape.kind == "cloze":
        return f"{key}#c{ord_ + 1}"
    return key + REVERSE_SUFFIX if shape.kind == "reversed" and ord_ == 1 else key


def review_id(guid: str, ord_: int, anki_id: int) -> str:
    """Return a review's id in the review log: 32 hex digits, the same for the same review."""
    return hashlib.sha256(f"anki/{guid}/{ord_}/{anki_id}".encode()).hexdigest()[:32]


def _reviews(
    collection: AnkiCollection, keys: dict[int, tuple[str, Card, Shape]]
) -> Iterable[ImportedReview]:
    """Yield the reviews of the imported notes' cards, oldest first."""
    cards = {card.id: card for card in collection.cards}
    guids = {note.id: note.guid for note in collection.notes}
    for review in collection.reviews:
        card = cards.get(review.card)
        if card is None or card.note not in keys:
            continue
        if review.ease not in _RATINGS or review.kind in _MANUAL:
            continue
        deck, studied, shape = keys[card.note]
        yield ImportedReview(
            review_id=review_id(guids[card.note], card.ord, review.id),
            key=item_key(deck, studied, shape, card.ord),
            reviewed_at=datetime.fromtimestamp(review.id / 1000, UTC),
            rating=review.ease,
            duration_ms=min(max(0, review.duration_ms), MAX_DURATION_MS),
        )
