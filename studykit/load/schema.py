"""The JSON Schema of deck files, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json
from typing import Any

from studykit.load.deck_checks import MAX_ID_LENGTH
from studykit.load.deck_fields import CARD_COMMON_KEYS, KIND_KEYS, kind_keys

SCHEMA_ID = "https://studykit.invalid/schema/deck.schema.json"
_SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": MAX_ID_LENGTH}
_URL = {
    "type": "string",
    "description": "A web page or mail address: http://, https:// or mailto:.",
    "pattern": "^$|^(?:[hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)[^\\u0000-\\u001f\\u007f-\\u009f]*$",
}
_TEXT = {"type": ["string", "number"], "minLength": 1}
_TEXTS = {"type": "array", "items": _TEXT}
_DOC = {
    "front": "Markdown shown first.",
    "back": "Markdown shown after the reveal.",
    "question": "The question, in Markdown.",
    "answers": "Accepted answers; the first is the canonical one.",
    "choices": "Every choice; they are shuffled when quizzed.",
    "statement": "A statement to judge true or false.",
    "text": "Text with deletions written {{c1::answer}} or {{c1::answer::hint}}.",
    "items": "The items in the right order; they are shuffled when quizzed.",
    "reverse": "Also ask the back, answered by the front: a second study item (key CARD#reverse).",
}
_KIND_FIELDS: dict[str, dict[str, Any]] = {
    "front": _TEXT,
    "back": _TEXT,
    "question": _TEXT,
    "answers": {**_TEXTS, "minItems": 1},
    "choices": {**_TEXTS, "minItems": 2, "uniqueItems": True},
    "statement": _TEXT,
    "text": {"type": "string", "pattern": "\\{\\{c[0-9]+::"},
    "items": {**_TEXTS, "minItems": 2},
    "reverse": {"type": "boolean"},
}


def _card_schema(kind: str) -> dict[str, Any]:
    """Return the schema of one card kind."""
    properties: dict[str, Any] = {
        "id": _SLUG,
        "kind": {"const": kind},
        "explanation": {"type": "string", "description": "Why the answer is right (Markdown)."},
        "tags": {"type": "array", "items": {"type": "string"}},
        "source": {**_SLUG, "description": "The id of one of the deck's sources."},
    }
    for name in kind_keys(kind):
        properties[name] = {**_KIND_FIELDS.get(name, {}), "description": _DOC.get(name, "")}
    if kind == "choice":
        properties["answer"] = {
            "description": "The correct choice, or a list of them.",
            "anyOf": [_TEXT, {**_TEXTS, "minItems": 1}],
        }
    elif kind == "truefalse":
        properties["answer"] = {"type": "boolean"}
    required = ["id", "kind", *KIND_KEYS[kind]]
    return {
        "title": f"{kind} card",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _item(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def deck_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a deck file."""
    assert set(CARD_COMMON_KEYS) <= set(_card_schema("basic")["properties"])
    source = _item(
        {"id": _SLUG, "title": _TEXT, "url": _URL, "note": {"type": "string"}},
        ["id", "title"],
    )
    table = _item(
        {
            "id": _SLUG,
            "title": _TEXT,
            "description": {"type": "string"},
            "columns": {**_TEXTS, "minItems": 2},
            "rows": {"type": "array", "items": {"type": "array", "items": _TEXT}},
            "quiz": {"type": "boolean", "description": "Make a card of every body cell."},
            "source": _SLUG,
        },
        ["id", "title", "columns", "rows"],
    )
    diagram = _item(
        {
            "id": _SLUG,
            "title": _TEXT,
            "caption": {"type": "string"},
            "mermaid": {"type": "string", "description": "Mermaid source."},
            "source": _SLUG,
        },
        ["id", "title", "mermaid"],
    )
    card = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(KIND_KEYS)}},
        "allOf": [
            {"if": {"properties": {"kind": {"const": k}}}, "then": _card_schema(k)}
            for k in KIND_KEYS
        ],
    }
    deck = _item(
        {
            "id": {**_SLUG, "description": "Unique across decks; progress is keyed by it."},
            "title": _TEXT,
            "description": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "prerequisites": {
                "type": "array",
                "items": _SLUG,
                "uniqueItems": True,
                "description": "Ids of the decks to take first; they set the course order.",
            },
            "sources": {"type": "array", "items": source},
            "cards": {"type": "array", "items": card},
            "tables": {"type": "array", "items": table},
            "diagrams": {"type": "array", "items": diagram},
        },
        ["id", "title"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "studykit deck",
        **deck,
    }


def schema_text() -> str:
    """Return the schema as the JSON text shipped in studykit/schema/deck.schema.json."""
    return json.dumps(deck_schema(), indent=2) + "\n"
