"""The keys a deck file may use, in one table shared by the reader and the JSON Schema."""

from __future__ import annotations

DECK_KEYS = (
    "id",
    "title",
    "description",
    "tags",
    "prerequisites",
    "sources",
    "cards",
    "tables",
    "diagrams",
)
SOURCE_KEYS = ("id", "title", "url", "note")
TABLE_KEYS = ("id", "title", "description", "columns", "rows", "quiz", "source")
DIAGRAM_KEYS = ("id", "title", "caption", "mermaid", "source")
CARD_COMMON_KEYS = ("id", "kind", "explanation", "tags", "source")

KIND_KEYS: dict[str, tuple[str, ...]] = {
    "basic": ("front", "back"),
    "typed": ("question", "answers"),
    "choice": ("question", "choices", "answer"),
    "truefalse": ("statement", "answer"),
    "cloze": ("text",),
    "order": ("question", "items"),
}
"""The required keys of each card kind, besides the common ones."""
OPTIONAL_KIND_KEYS: dict[str, tuple[str, ...]] = {"basic": ("reverse",)}
"""The optional keys of a card kind, besides the common ones."""


def kind_keys(kind: str) -> tuple[str, ...]:
    """Return every key a card of this kind may hold besides the common ones."""
    return KIND_KEYS[kind] + OPTIONAL_KIND_KEYS.get(kind, ())


ALL_CARD_KEYS = tuple(dict.fromkeys(CARD_COMMON_KEYS + sum(map(kind_keys, KIND_KEYS), ())))
