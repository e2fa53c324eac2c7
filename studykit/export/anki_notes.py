"""What each card becomes in Anki: its note type and the HTML of the note's fields (pure).

Four note types, all with `Explanation`, `Source` and `Key` (`deck-id/card-id`, not shown
on cards) after their own fields:

- basic cards (and quiz-table cells): `studykit Basic`, Anki's Basic layout (Front, Back);
- cloze cards: `studykit Cloze`, a cloze note type; deletion numbers are kept as written;
- typed cards: `studykit Type-in`, `{{type:Answer}}` checks the first accepted answer;
- choice, truefalse and order cards: `studykit Quiz`, a front that shows the choices (or the
  items, in a fixed shuffled order) and a back with the answer.

A note type's fields are part of its identity in the collections that imported it: change
them only together with the note type's name (its id is derived from the name).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studykit.export.anki_html import AnkiHtml, anki_tag, link_html, plain_html
from studykit.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

_COMMON_FIELDS = ("Explanation", "Source", "Key")
_EXTRA = (
    "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}\n"
    "{{#Source}}<div class=source>Source: {{Source}}</div>{{/Source}}"
)
_ANSWER = "\n\n<hr id=answer>\n\n"
CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
  background-color: white; max-width: 40em; margin: 0 auto; }
.kind, .hint { font-size: 14px; color: #666; }
.explanation { margin-top: 1em; font-size: 16px; }
.source { margin-top: 1em; font-size: 14px; color: #666; }
.cloze { font-weight: bold; color: blue; }
.nightMode .cloze { color: lightblue; }
"""


@dataclass(frozen=True)
class NoteType:
    """An Anki note type: its fields and its one card template (cloze makes one per number)."""

    name: str
    fields: tuple[str, ...]
    front: str
    back: str
    cloze: bool = False


_FRONT_BACK = "{{FrontSide}}" + _ANSWER + "{{Back}}\n" + _EXTRA
BASIC = NoteType("studykit Basic", ("Front", "Back", *_COMMON_FIELDS), "{{Front}}", _FRONT_BACK)
CLOZE = NoteType(
    "studykit Cloze",
    ("Text", *_COMMON_FIELDS),
    "{{cloze:Text}}",
    "{{cloze:Text}}\n" + _EXTRA,
    cloze=True,
)
TYPED = NoteType(
    "studykit Type-in",
    ("Question", "Answer", "Accepted", *_COMMON_FIELDS),
    "{{Question}}\n\n{{type:Answer}}",
    "{{Question}}" + _ANSWER + "{{type:Answer}}\n"
    "{{#Accepted}}<div class=hint>Also accepted: {{Accepted}}</div>{{/Accepted}}\n" + _EXTRA,
)
QUIZ = NoteType(
    "studykit Quiz",
    ("Front", "Back", "Kind", *_COMMON_FIELDS),
    "<div class=kind>{{Kind}}</div>\n{{Front}}",
    _FRONT_BACK,
)
NOTE_TYPES = (BASIC, CLOZE, TYPED, QUIZ)


@dataclass(frozen=True)
class NoteContent:
    """One card as an Anki note: note type, field values (HTML) in field order, tags."""

    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def _letter(position: int) -> str:
    return chr(ord("A") + position) if position < 26 else str(position + 1)


def _choice_fields(card: ChoiceCard, html: AnkiHtml) -> dict[str, str]:
    listed = "".join(f"<li>{html.inline(choice)}</li>" for choice in card.choices)
    hint = f"<div class=hint>Choose {len(card.answers)}.</div>" if card.multiple else ""
    correct = [
        f"<li>{_letter(i)}. {html.inline(c)}</li>"
        for i, c in enumerate(card.choices)
        if c in card.answers
    ]
    return {
        "Front": f"{html.block(card.question)}\n<ol type=A>{listed}</ol>{hint}",
        "Back": f"<ul class=answers>{''.join(correct)}</ul>",
        "Kind": "Multiple choice",
    }


def _truefalse_fields(card: TrueFalseCard, html: AnkiHtml) -> dict[str, str]:
    return {
        "Front": f"{html.block(card.statement)}\n<div class=hint>True or false?</div>",
        "Back": f"<strong>{card.answer_text}</strong>",
        "Kind": "True or false",
    }


def shuffled(card: OrderCard, key: str) -> list[str]:
    """Return the items in an order fixed by the key (so re-exports do not change the note)."""
    return sorted(card.items, key=lambda item: hashlib.sha256(f"{key}\0{item}".encode()).digest())


def _order_fields(card: OrderCard, key: str, html: AnkiHtml) -> dict[str, str]:
    items = "".join(f"<li>{html.inline(item)}</li>" for item in shuffled(card, key))
    in_order = "".join(f"<li>{html.inline(item)}</li>" for item in card.items)
    return {
        "Front": f"{html.block(card.question)}\n<ul>{items}</ul>"
        "<div class=hint>Put these in order.</div>",
        "Back": f"<ol>{in_order}</ol>",
        "Kind": "Put in order",
    }


_KIND_FIELDS: dict[type[Card], tuple[NoteType, Callable[[Any, str, AnkiHtml], dict[str, str]]]] = {
    BasicCard: (BASIC, lambda c, k, h: {"Front": h.block(c.front), "Back": h.block(c.back)}),
    ClozeCard: (CLOZE, lambda c, k, h: {"Text": h.block(c.text)}),
    TypedCard: (
        TYPED,
        lambda c, k, h: {
            "Question": h.block(c.question),
            "Answer": plain_html(c.answers[0]),
            "Accepted": ", ".join(plain_html(a) for a in c.answers[1:]),
        },
    ),
    ChoiceCard: (QUIZ, lambda c, k, h: _choice_fields(c, h)),
    TrueFalseCard: (QUIZ, lambda c, k, h: _truefalse_fields(c, h)),
    OrderCard: (QUIZ, _order_fields),
}


def note_content(card: Card, deck: Deck, html: AnkiHtml | None = None) -> NoteContent:
    """Return what a card of a deck becomes in Anki (its text's HTML from `html`)."""
    html = html or AnkiHtml()
    key = f"{deck.id}/{card.id}"
    note_type, kind_fields = _KIND_FIELDS[type(card)]
    source = deck.source(card.source)
    values = kind_fields(card, key, html) | {
        "Explanation": html.block(card.explanation) if card.explanation else "",
        "Source": link_html(source.title, source.url) if source else "",
        "Key": key,
    }
    tags = tuple(dict.fromkeys(t for t in map(anki_tag, card.tags) if t))
    return NoteContent(note_type, tuple(values[name] for name in note_type.fields), tags)
