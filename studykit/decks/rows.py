"""The rows of the deck index as JSON: decks, study items, their rendered text; FORMAT_VERSION.

Every row is explicit JSON (no pickles), so reading an index runs no code from it. A
location is stored relative to the deck folder ([file, line, column]) and shown relative
to the working folder when read, wherever the index was built from. Spans are a list of
runs, each a string (unmarked) or [text, marks].

Change FORMAT_VERSION with any change to what these rows hold or how they are rendered
(the renderer's output, the layout of the index's tables, the cards the lab's simulator
generates from a runtime model): an index of another version is rebuilt whole. tests/decks/test_index_format.py fails when the rows of its deck change
and the version does not.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from typing import Any

from studykit import __version__
from studykit.model import (
    CARD_CLASSES,
    Card,
    Deck,
    Diagram,
    Location,
    Source,
    StudyItem,
    Table,
)
from studykit.model.spans import ItemText, Spans

FORMAT_VERSION = 4
"""The layout of the index's rows; an index written with another is rebuilt whole.

2: image spans of card text; 3: a basic card's reverse item (`reverse: true`) is marked
in its row; 4: the runtime model's generated cards grew with the lab's simulator."""
INDEX_VERSION = f"{FORMAT_VERSION}/studykit-{__version__}"
"""What an index file records: the row layout and the studykit that rendered the rows (the
generated decks and rendered text depend on studykit's code)."""

Json = Any
Place = Callable[[str], str]
"""Turn a location's path into the path to store or show."""


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dumps(value: Json) -> str:
    """Return compact JSON text (non-ASCII kept: deck text is UTF-8 and has no surrogates)."""
    return _ENCODER.encode(value)


def spans_json(spans: Spans) -> Json:
    """Return spans as JSON: a string per unmarked run, [text, marks] per marked run."""
    return [text if not marks else [text, marks] for text, marks in spans]


def spans_from(data: Json) -> Spans:
    """Return spans from their JSON."""
    return tuple((run, "") if isinstance(run, str) else (run[0], run[1]) for run in data)


def location_json(location: Location, place: Place) -> Json:
    """Return a location as [path, line, column], its path as `place` gives it."""
    return [place(location.path), location.line, location.column]


def location_from(data: Json, place: Place) -> Location:
    """Return a location from its JSON, its path as `place` gives it."""
    return Location(place(data[0]), data[1], data[2])


_FIELDS: dict[type, tuple[tuple[str, object], ...]] = {}


def _init_fields(cls: type) -> tuple[tuple[str, object], ...]:
    """Return the name and default of each field a model class takes (cached per class)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple((f.name, f.default) for f in fields(cls) if f.init)
    return found


def _record_json(record: Any, place: Place) -> dict[str, Json]:
    """Return a model record's fields that differ from their defaults, as JSON."""
    out: dict[str, Json] = {}
    for name, default in _init_fields(type(record)):
        value = getattr(record, name)
        if value == default:
            continue
        if isinstance(value, Location):
            out[name] = location_json(value, place)
        elif isinstance(value, tuple):
            out[name] = [list(v) if isinstance(v, tuple) else v for v in value]
        else:
            out[name] = value
    return out


def _record_from(cls: Callable[..., Any], data: Mapping[str, Json], place: Place) -> Any:
    """Return a model record of `cls` from its JSON."""
    values: dict[str, Json] = {}
    for name, value in data.items():
        if name == "location":
            values[name] = location_from(value, place)
        elif isinstance(value, list):
            values[name] = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        else:
            values[name] = value
    return cls(**values)


def card_json(card: Card, place: Place) -> Json:
    """Return a card as JSON, its kind first."""
    return {"kind": card.kind.value, **_record_json(card, place)}


def card_from(data: Json, place: Place) -> Card:
    """Return a card from its JSON."""
    fields_ = dict(data)
    card: Card = _record_from(CARD_CLASSES[fields_.pop("kind")], fields_, place)
    return card


def deck_json(deck: Deck, place: Place) -> Json:
    """Return a whole deck as JSON."""
    data = _record_json(deck, place)
    data.pop("prerequisite_locations", None)  # kept in the outline
    parts: dict[str, Callable[[Any], Json]] = {
        "sources": lambda s: _record_json(s, place),
        "cards": lambda c: card_json(c, place),
        "tables": lambda t: _record_json(t, place),
        "diagrams": lambda d: _record_json(d, place),
    }
    for name, encode in parts.items():
        if name in data:
            data[name] = [encode(part) for part in getattr(deck, name)]
    return data


def deck_from(data: Json, outline: Json, place: Place) -> Deck:
    """Return a whole deck from its JSON and its outline."""
    parts: dict[str, Callable[[Json], Any]] = {
        "sources": lambda s: _record_from(Source, s, place),
        "cards": lambda c: card_from(c, place),
        "tables": lambda t: _record_from(Table, t, place),
        "diagrams": lambda d: _record_from(Diagram, d, place),
    }
    values = {name: value for name, value in data.items() if name not in parts}
    deck: Deck = _record_from(Deck, values, place)
    decoded: dict[str, Any] = {
        name: tuple(map(parts[name], data[name])) for name in parts if name in data
    }
    locations = tuple(location_from(loc, place) for loc in outline.get("prerequisites", ()))
    return replace(deck, prerequisite_locations=locations, **decoded)


def outline_json(deck: Deck, place: Place) -> Json:
    """Return what the folder's checks need of a deck besides its id (its prerequisites)."""
    return {
        "location": location_json(deck.location, place),
        "prerequisites": [location_json(loc, place) for loc in deck.prerequisite_locations],
        "ids": list(deck.prerequisites),
        "generated": deck.generated,
    }


def outline_deck(deck_id: str, data: Json, place: Place) -> Deck:
    """Return a stand-in deck holding only what the folder's checks read."""
    return Deck(
        deck_id,
        "",
        prerequisites=tuple(data["ids"]),
        prerequisite_locations=tuple(location_from(loc, place) for loc in data["prerequisites"]),
        location=location_from(data["location"], place),
        generated=data["generated"],
    )


def item_json(item: StudyItem, text: ItemText, place: Place, card: Json = None) -> Json:
    """Return a study item's card, deletion number and rendered text as JSON.

    `card`, when given, is the card's JSON already made.
    """
    data: dict[str, Json] = {"card": card if card is not None else card_json(item.card, place)}
    if item.cloze:
        data["cloze"] = item.cloze
    if item.reverse:
        data["reverse"] = True
    data["text"] = [spans_json(text.prompt), spans_json(text.answer), spans_json(text.explanation)]
    if text.parts:
        data["parts"] = {source: spans_json(spans) for source, spans in text.parts.items()}
    return data


def item_from(key: str, deck_id: str, sibling: str, data: Json, place: Place) -> StudyItem:
    """Return a study item, its rendered text included, from its JSON."""
    prompt, answer, explanation = (spans_from(spans) for spans in data["text"])
    parts = {source: spans_from(spans) for source, spans in data.get("parts", {}).items()}
    card = card_from(data["card"], place)
    text = ItemText(prompt, answer, explanation, parts)
    reverse = bool(data.get("reverse", False))
    return StudyItem(key, deck_id, card, data.get("cloze", 0), sibling, text, reverse)
