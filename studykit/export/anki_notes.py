"""What each card becomes in Anki: its note type and the HTML of the note's fields (pure).

Five note types, all with `Explanation`, `Source` and `Key` (`deck-id/card-id`, not shown
on cards) after their own fields:

- basic cards (and quiz-table cells): `studykit Basic`, Anki's Basic layout (Front, Back);
- basic cards with `reverse: true`: `studykit Basic (and reversed card)`, a second card
  asks the back (Anki's "Basic (and reversed card)");
- cloze cards: `studykit Cloze`, a cloze note type; deletion numbers are kept as written;
- typed cards: `studykit Type-in`, `{{type:Answer}}` compares with the first accepted
  answer letter for letter, case included, while studykit accepts every listed answer in
  any case; the back lists the others and says so, so the learner rates by the list;
- choice, truefalse and order cards: `studykit Quiz`, a front that shows the choices or the
  items in an order fixed by the card's key (never the written order, so the right answer
  is not always A and an order card is never shown solved), and a back with the answer.

A note type's fields and card names are its schema in the collections that imported it:
change them only together with the note type's name (its id is derived from the name).
Anki then adds it as a new note type, and notes of the old one report a conflict.
Anything else (templates, CSS) may change: bump `NOTE_TYPES_CHANGED` so that Anki takes
the new version, unless the learner changed the note type in Anki since.
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
from studykit.model.fixed_order import fixed_order

NOTE_TYPES_CHANGED = 1_796_000_000
"""When studykit's note types last changed (Unix seconds): their modification time in Anki.

Anki replaces a note type on import only when the package's is newer, so a learner's own
CSS or template edits survive every re-import until studykit changes its note types. A
test pins a digest of the note types to this value: change both together, to the time of
the change."""

_COMMON_FIELDS = ("Explanation", "Source", "Key")
_EXTRA = (
    "{{#Explanation}}<div class=explanation>{{Explanation}}</div>{{/Explanation}}\n"
    "{{#Source}}<div class=source>Source: {{Source}}</div>{{/Source}}"
)
_ANSWER = "\n\n<hr id=answer>\n\n"
CSS = """\
.card { font-family: sans-serif; font-size: 20px; line-height: 1.4; text-align: left;
  color: #1a1a1a; background-color: #fff; max-width: 40em; margin: 0 auto; padding: 0 .5em; }
.kind, .hint, .source { font-size: 14px; color: #555; }
.explanation { margin-top: 1em; font-size: 16px; }
.source, .hint { margin-top: 1em; }
.cloze { font-weight: bold; color: #0645ad; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em;
  background: #f2f2f2; border-radius: 3px; padding: 0 .2em; }
pre { background: #f2f2f2; padding: .5em; border-radius: 4px; overflow-x: auto; }
pre code { background: none; padding: 0; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: .2em .4em; }
.nightMode.card, .nightMode .card, .night_mode .card { color: #e6e6e6; background-color: #1e1e1e; }
.nightMode .kind, .nightMode .hint, .nightMode .source { color: #aaa; }
.nightMode .cloze { color: #8ab4f8; }
.nightMode code, .nightMode pre { background: #333; color: #e6e6e6; }
.nightMode a { color: #8ab4f8; }
@media (max-width: 480px) {
  .card { font-size: 18px; padding: 0 .25em; }
  .explanation { font-size: 15px; }
  pre { white-space: pre-wrap; word-break: break-word; }
}
"""


@dataclass(frozen=True)
class Template:
    """One card of a note type: its name and question and answer formats."""

    name: str
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    """An Anki note type: its fields and card templates (a cloze type makes one per number)."""

    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    cloze: bool = False


_FRONT_BACK = "{{FrontSide}}" + _ANSWER + "{{Back}}\n" + _EXTRA
_BACK_FRONT = "{{FrontSide}}" + _ANSWER + "{{Front}}\n" + _EXTRA
_BASIC_FIELDS = ("Front", "Back", *_COMMON_FIELDS)
BASIC = NoteType("studykit Basic", _BASIC_FIELDS, (Template("Card 1", "{{Front}}", _FRONT_BACK),))
BASIC_REVERSED = NoteType(
    "studykit Basic (and reversed card)",
    _BASIC_FIELDS,
    (Template("Card 1", "{{Front}}", _FRONT_BACK), Template("Card 2", "{{Back}}", _BACK_FRONT)),
)
CLOZE = NoteType(
    "studykit Cloze",
    ("Text", *_COMMON_FIELDS),
    (Template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}\n" + _EXTRA),),
    cloze=True,
)
_TYPE_IN_HINT = (
    "<div class=hint>Anki compares your typing with the first answer, letter for letter "
    "and case included; rate yourself by the answers shown: each is right, in any case."
    "</div>"
)
TYPED = NoteType(
    "studykit Type-in",
    ("Question", "Answer", "Accepted", *_COMMON_FIELDS),
    (
        Template(
            "Card 1",
            "{{Question}}\n\n{{type:Answer}}",
            "{{Question}}" + _ANSWER + "{{type:Answer}}\n"
            "{{#Accepted}}<div class=accepted>Also right:<ul>{{Accepted}}</ul></div>{{/Accepted}}\n"
            + _TYPE_IN_HINT
            + "\n"
            + _EXTRA,
        ),
    ),
)
QUIZ = NoteType(
    "studykit Quiz",
    ("Front", "Back", "Kind", *_COMMON_FIELDS),
    (Template("Card 1", "<div class=kind>{{Kind}}</div>\n{{Front}}", _FRONT_BACK),),
)
NOTE_TYPES = (BASIC, BASIC_REVERSED, CLOZE, TYPED, QUIZ)


def note_types_digest() -> str:
    """Return a digest of every note type and the CSS, to pin `NOTE_TYPES_CHANGED` to."""
    return hashlib.sha256(repr((NOTE_TYPES, CSS)).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class NoteContent:
    """One card as an Anki note: note type, field values (HTML) in field order, tags."""

    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def _letter(position: int) -> str:
    return chr(ord("A") + position) if position < 26 else str(position + 1)


def _choice_fields(card: ChoiceCard, key: str, html: AnkiHtml) -> dict[str, str]:
    shown = fixed_order(key, card.choices)
    listed = "".join(f"<li>{html.inline(choice)}</li>" for choice in shown)
    hint = f"<div class=hint>Choose {len(card.answers)}.</div>" if card.multiple else ""
    correct = [
        f"<li>{_letter(i)}. {html.inline(c)}</li>" for i, c in enumerate(shown) if c in card.answers
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


def _order_fields(card: OrderCard, key: str, html: AnkiHtml) -> dict[str, str]:
    items = "".join(f"<li>{html.inline(item)}</li>" for item in fixed_order(key, card.items))
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
            "Accepted": "".join(f"<li>{plain_html(a)}</li>" for a in c.answers[1:]),
        },
    ),
    ChoiceCard: (QUIZ, _choice_fields),
    TrueFalseCard: (QUIZ, lambda c, k, h: _truefalse_fields(c, h)),
    OrderCard: (QUIZ, _order_fields),
}


def note_type_of(card: Card) -> NoteType:
    """Return the note type a card becomes."""
    if isinstance(card, BasicCard) and card.reverse:
        return BASIC_REVERSED
    return _KIND_FIELDS[type(card)][0]


def note_tags(card: Card, deck: Deck) -> tuple[str, ...]:
    """Return a note's tags: the deck's, then the card's, as Anki accepts them, once each."""
    return tuple(dict.fromkeys(t for t in map(anki_tag, deck.tags + card.tags) if t))


def note_content(card: Card, deck: Deck, html: AnkiHtml | None = None) -> NoteContent:
    """Return what a card of a deck becomes in Anki (its text's HTML from `html`)."""
    html = html or AnkiHtml()
    key = f"{deck.id}/{card.id}"
    kind_fields = _KIND_FIELDS[type(card)][1]
    source = deck.source(card.source)
    values = kind_fields(card, key, html) | {
        "Explanation": html.block(card.explanation) if card.explanation else "",
        "Source": link_html(source.title, source.url) if source else "",
        "Key": key,
    }
    note_type = note_type_of(card)
    fields = tuple(values[name] for name in note_type.fields)
    return NoteContent(note_type, fields, note_tags(card, deck))
