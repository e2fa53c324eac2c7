"""Frozen dataclasses (stdlib only) for decks, cards, tables, diagrams and sources."""

from studykit.model.deck import (
    CARD_CLASSES,
    BasicCard,
    Card,
    CardKind,
    ChoiceCard,
    ClozeCard,
    Deck,
    Diagram,
    Location,
    OrderCard,
    Source,
    Table,
    TrueFalseCard,
    TypedCard,
)
from studykit.model.issue import Issue, Severity, quoted
from studykit.model.study_item import StudyItem, study_items

__all__ = [
    "CARD_CLASSES",
    "BasicCard",
    "Card",
    "CardKind",
    "ChoiceCard",
    "ClozeCard",
    "Deck",
    "Diagram",
    "Issue",
    "Location",
    "OrderCard",
    "Severity",
    "Source",
    "StudyItem",
    "Table",
    "TrueFalseCard",
    "TypedCard",
    "quoted",
    "study_items",
]
