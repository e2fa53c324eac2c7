"""Recognise Anki note types by what their card templates show, never by their names.

Names are translated ("Einfach") and renamed by learners, so a note type is recognised
from its templates. Four shapes become studykit cards:

- Basic: one template asking one field, whose answer shows one more field;
- Basic (and reversed card): two templates, the second asking the first's answer field
  and answered by its question field; "Basic (optional reversed card)" is the same with
  the second card shown only when a field is filled (`{{#Add Reverse}}...`);
- Basic (type in the answer): a question field and `{{type:Field}}`;
- Cloze: a cloze note type asking `{{cloze:Text}}`.

Further fields shown on the answer side (Anki's "Back Extra") become the card's
explanation. Anything else (two question fields, three templates, filters such as
furigana or tts, image occlusion) is reported with the reason and its notes skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studykit.export.anki_collection import AnkiNoteType, AnkiTemplate

_TAG = re.compile(r"\{\{\s*([#^/]?)\s*(.*?)\s*\}\}", re.DOTALL)
_SPECIAL = {"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag", "CardID"}
_PLAIN_FILTERS = {(), ("text",)}
_ANSWER_FILTERS = {(), ("text",), ("hint",)}


@dataclass(frozen=True)
class Shape:
    """How a note type's fields become a card: indices into the note's fields."""

    kind: str
    """`basic`, `reversed`, `typed` or `cloze`."""
    front: int
    back: int = -1
    extra: tuple[int, ...] = ()
    reverse_if: int = -1
    """For an optional reversed card: the field whose text asks for the reverse card."""


@dataclass(frozen=True)
class _Reference:
    filters: tuple[str, ...]
    field: str


def _references(template: str) -> tuple[list[_Reference], list[str]]:
    """Return the fields a template side shows (with filters) and the fields it tests."""
    shown, tested = [], []
    for match in _TAG.finditer(template):
        marker, body = match.groups()
        if marker in ("#", "^"):
            tested.append(body)
        elif not marker:
            *filters, field = [part.strip() for part in body.split(":")]
            if field not in _SPECIAL:
                shown.append(_Reference(tuple(filters), field))
    return shown, tested


class Unknown(Exception):
    """A note type studykit cannot turn into cards, with the reason."""


def _index(note_type: AnkiNoteType, field: str) -> int:
    if field not in note_type.fields:
        raise Unknown(f"its template shows '{field}', which is not one of its fields")
    return note_type.fields.index(field)


def _answer_extras(note_type: AnkiNoteType, back: str, used: set[str]) -> tuple[int, ...]:
    """Return the fields the answer side shows besides those already used, in order."""
    shown, _ = _references(back)
    extras = []
    for reference in shown:
        if reference.field in used:
            continue
        if reference.filters not in _ANSWER_FILTERS:
            raise Unknown(f"its answer uses the filter '{':'.join(reference.filters)}'")
        used.add(reference.field)
        extras.append(_index(note_type, reference.field))
    return tuple(extras)


def _cloze(note_type: AnkiNoteType) -> Shape:
    """Return the shape of a cloze note type: one template asking `{{cloze:Text}}`."""
    if len(note_type.templates) != 1:
        raise Unknown(f"a cloze note type with {len(note_type.templates)} templates")
    shown, _ = _references(note_type.templates[0].front)
    texts = {r.field for r in shown if r.filters and r.filters[-1] == "cloze"}
    others = [r.field for r in shown if not r.filters or r.filters[-1] != "cloze"]
    if len(texts) != 1 or others:
        raise Unknown("its question shows more than one cloze field")
    text = texts.pop()
    extras = _answer_extras(note_type, note_type.templates[0].back, {text})
    return Shape("cloze", _index(note_type, text), extra=extras)


def _question(note_type: AnkiNoteType, template: AnkiTemplate) -> tuple[str, str | None]:
    """Return the field a question shows and the field it types in (or None)."""
    shown, _ = _references(template.front)
    plain = [r.field for r in shown if r.filters in _PLAIN_FILTERS]
    typed = [r.field for r in shown if r.filters == ("type",)]
    if len(plain) != 1 or len(typed) > 1 or len(plain) + len(typed) != len(shown):
        fields = ", ".join(sorted({r.field for r in shown})) or "no field"
        raise Unknown(f"its question shows {fields}, not one field (and a type-in box)")
    return plain[0], typed[0] if typed else None


def _forward(note_type: AnkiNoteType, template: AnkiTemplate) -> Shape:
    """Return the shape of a one-sided card: Basic or type-in."""
    front, typed = _question(note_type, template)
    used = {front} | ({typed} if typed else set())
    if typed:
        extras = _answer_extras(note_type, template.back, used)
        return Shape("typed", _index(note_type, front), _index(note_type, typed), extras)
    answers = _answer_extras(note_type, template.back, used)
    if not answers:
        raise Unknown("its answer shows no field besides the question")
    return Shape("basic", _index(note_type, front), answers[0], answers[1:])


def _reversed(note_type: AnkiNoteType) -> Shape:
    """Return the shape of a Basic (and reversed card) or (optional reversed card) type."""
    shape = _forward(note_type, note_type.templates[0])
    second = note_type.templates[1]
    front, typed = _question(note_type, second)
    _, tested = _references(second.front)
    if shape.kind != "basic" or typed or front != note_type.fields[shape.back]:
        raise Unknown("its second card does not ask the first card's answer")
    answer, _ = _references(second.back)
    if note_type.fields[shape.front] not in {r.field for r in answer}:
        raise Unknown("its second card is not answered by the first card's question")
    condition = [_index(note_type, field) for field in tested if field != front]
    if len(condition) > 1:
        raise Unknown("its second card depends on several fields")
    reverse_if = condition[0] if condition else -1
    extras = tuple(i for i in shape.extra if i != reverse_if)
    return Shape("reversed", shape.front, shape.back, extras, reverse_if)


def note_shape(note_type: AnkiNoteType) -> Shape:
    """Return how a note type becomes cards; raise Unknown with the reason when it cannot."""
    if note_type.cloze:
        return _cloze(note_type)
    if len(note_type.templates) == 1:
        return _forward(note_type, note_type.templates[0])
    if len(note_type.templates) == 2:
        return _reversed(note_type)
    raise Unknown(f"it has {len(note_type.templates)} card templates")
