"""Write a Deck back as deck-file YAML that the loader reads into an equal Deck."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import yaml

from studykit.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    Diagram,
    OrderCard,
    Source,
    Table,
    TrueFalseCard,
    TypedCard,
)

DEFAULT_SCHEMA = "../studykit/schema/deck.schema.json"
"""The modeline's schema path for a deck in the repository's `decks/` folder."""
FLOW_LIST_WIDTH = 72
"""Lists of short one-line texts are written inline (`[a, b]`) up to this many characters."""


class _FlowList(list[str]):
    """A list of short one-line texts, written inline."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper: multi-line text as `|` blocks, short text lists inline."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Indent list items under their key, as the shipped decks do."""
        super().increase_indent(flow, False)


_OTHER_BREAKS = frozenset("\r\x85\u2028\u2029")
"""Line breaks besides LF: YAML folds them unless escaped in double quotes."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _OTHER_BREAKS.intersection(text) else "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, items: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_FlowList, _represent_flow)


def _texts(items: tuple[str, ...]) -> list[str]:
    """Return a list that is written inline when its items are short and on one line."""
    one_line = all("\n" not in item for item in items)
    if one_line and sum(len(item) + 2 for item in items) <= FLOW_LIST_WIDTH:
        return _FlowList(items)
    return list(items)


_KIND_FIELDS: dict[type[Card], Callable[[Any], dict[str, object]]] = {
    BasicCard: lambda c: {"front": c.front, "back": c.back, "reverse": c.reverse or None},
    TypedCard: lambda c: {"question": c.question, "answers": _texts(c.answers)},
    ChoiceCard: lambda c: {
        "question": c.question,
        "choices": _texts(c.choices),
        "answer": c.answers[0] if len(c.answers) == 1 else _texts(c.answers),
    },
    TrueFalseCard: lambda c: {"statement": c.statement, "answer": c.answer},
    ClozeCard: lambda c: {"text": c.text},
    OrderCard: lambda c: {"question": c.question, "items": _texts(c.items)},
}


def _present(data: Mapping[str, object]) -> dict[str, object]:
    """Drop empty optional values (the loader's defaults) so the file stays short."""
    return {key: value for key, value in data.items() if value not in ("", (), [], None)}


def card_mapping(card: Card) -> dict[str, object]:
    """Return a card as the mapping a deck file holds."""
    data: dict[str, object] = {"id": card.id, "kind": str(card.kind)}
    data.update((k, v) for k, v in _KIND_FIELDS[type(card)](card).items() if v is not None)
    optional = {"explanation": card.explanation, "tags": _texts(card.tags), "source": card.source}
    return data | _present(optional)


def _source(source: Source) -> dict[str, object]:
    return _present(
        {"id": source.id, "title": source.title, "url": source.url, "note": source.note}
    )


def _table(table: Table) -> dict[str, object]:
    return _present(
        {
            "id": table.id,
            "title": table.title,
            "description": table.description,
            "columns": _texts(table.columns),
            "rows": [_texts(row) for row in table.rows],
            "quiz": table.quiz or None,
            "source": table.source,
        }
    )


def _diagram(diagram: Diagram) -> dict[str, object]:
    fields = ("id", "title", "caption", "source", "mermaid")
    return _present({name: getattr(diagram, name) for name in fields})


def deck_mapping(deck: Deck) -> dict[str, object]:
    """Return a deck as the mapping a deck file holds, keys in the documented order."""
    return _present(
        {
            "id": deck.id,
            "title": deck.title,
            "description": deck.description,
            "tags": _texts(deck.tags),
            "sources": [_source(s) for s in deck.sources],
            "cards": [card_mapping(c) for c in deck.cards],
            "tables": [_table(t) for t in deck.tables],
            "diagrams": [_diagram(d) for d in deck.diagrams],
        }
    )


def deck_to_yaml(deck: Deck, *, schema: str = DEFAULT_SCHEMA) -> str:
    """Return the deck as YAML text, with the editor's schema modeline on the first line."""
    body = yaml.dump(
        deck_mapping(deck),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return f"# yaml-language-server: $schema={schema}\n{body}"
