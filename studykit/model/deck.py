"""Decks and their parts: the six card kinds, tables, diagrams and sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from studykit.model.record import Record

CLOZE_PATTERN = re.compile(r"\{\{c(\d{1,3})::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
"""A cloze deletion: `{{c1::answer}}` or `{{c1::answer::hint}}`, numbered 1 to 999 (the
loader refuses other numbers; 5,000 digits made int() raise)."""
CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
"""The start of anything written as a deletion, whatever its number."""


@dataclass(frozen=True, repr=False, eq=False)
class Location(Record):
    """Where a node was written: file path as given, 1-based line and column."""

    path: str = "<memory>"
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class CardKind(StrEnum):
    """The card kinds a deck can hold."""

    BASIC = "basic"
    TYPED = "typed"
    CHOICE = "choice"
    TRUEFALSE = "truefalse"
    CLOZE = "cloze"
    ORDER = "order"


@dataclass(frozen=True, repr=False, eq=False)
class Source(Record):
    """An authoritative reference a card can cite by id."""

    id: str
    title: str
    url: str = ""
    note: str = ""
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class Card(Record):
    """Fields shared by every card kind; `id` is unique in its deck and never changes."""

    id: str
    explanation: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""
    location: Location = field(default_factory=Location, compare=False)

    kind: CardKind = field(init=False, default=CardKind.BASIC)

    @property
    def prompt(self) -> str:
        """Return the text the learner is asked."""
        raise NotImplementedError

    @property
    def answer_text(self) -> str:
        """Return the correct answer as display text."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class BasicCard(Card):
    """A front and a back; self-graded. With `reverse`, the back is asked too (Anki's reversed card)."""

    front: str
    back: str
    reverse: bool = False
    kind: CardKind = field(init=False, default=CardKind.BASIC)

    @property
    def prompt(self) -> str:
        """Return the front."""
        return self.front

    @property
    def answer_text(self) -> str:
        """Return the back."""
        return self.back


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class TypedCard(Card):
    """A question answered by typing; any of `answers` is accepted."""

    question: str
    answers: tuple[str, ...]
    kind: CardKind = field(init=False, default=CardKind.TYPED)

    @property
    def prompt(self) -> str:
        """Return the question."""
        return self.question

    @property
    def answer_text(self) -> str:
        """Return the first accepted answer."""
        return self.answers[0] if self.answers else ""


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class ChoiceCard(Card):
    """Multiple choice; `answers` holds the correct choices (one or several)."""

    question: str
    choices: tuple[str, ...]
    answers: tuple[str, ...]
    kind: CardKind = field(init=False, default=CardKind.CHOICE)

    @property
    def multiple(self) -> bool:
        """Return whether more than one choice is correct."""
        return len(self.answers) > 1

    @property
    def prompt(self) -> str:
        """Return the question."""
        return self.question

    @property
    def answer_text(self) -> str:
        """Return the correct choices joined by `; `."""
        return "; ".join(self.answers)


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class TrueFalseCard(Card):
    """A statement to judge true or false."""

    statement: str
    answer: bool
    kind: CardKind = field(init=False, default=CardKind.TRUEFALSE)

    @property
    def prompt(self) -> str:
        """Return the statement."""
        return self.statement

    @property
    def answer_text(self) -> str:
        """Return `True` or `False`."""
        return "True" if self.answer else "False"


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class ClozeCard(Card):
    """Text with `{{cN::...}}` deletions; each deletion number is studied separately."""

    text: str
    kind: CardKind = field(init=False, default=CardKind.CLOZE)

    @property
    def deletions(self) -> tuple[int, ...]:
        """Return the deletion numbers in ascending order."""
        return tuple(sorted({int(m.group(1)) for m in CLOZE_PATTERN.finditer(self.text)}))

    def masked(self, number: int) -> str:
        """Return the text with deletion `number` shown as `[...]` (or `[hint]`)."""

        def mask(m: re.Match[str]) -> str:
            if int(m.group(1)) == number:
                return f"[{m.group(3)}]" if m.group(3) else "[...]"
            return m.group(2)

        return CLOZE_PATTERN.sub(mask, self.text)

    def revealed(self) -> str:
        """Return the text with every deletion filled in."""
        return CLOZE_PATTERN.sub(lambda m: m.group(2), self.text)

    def gapped(self) -> str:
        """Return the text with every deletion shown as `[...]` (or `[hint]`): the question."""
        return CLOZE_PATTERN.sub(lambda m: f"[{m.group(3) or '...'}]", self.text)

    def answers_for(self, number: int) -> tuple[str, ...]:
        """Return the hidden texts of deletion `number`, in order."""
        return tuple(
            m.group(2) for m in CLOZE_PATTERN.finditer(self.text) if int(m.group(1)) == number
        )

    @property
    def prompt(self) -> str:
        """Return the text with the first deletion masked."""
        return self.masked(self.deletions[0]) if self.deletions else self.text

    @property
    def answer_text(self) -> str:
        """Return the text with every deletion filled in."""
        return self.revealed()


@dataclass(frozen=True, kw_only=True, repr=False, eq=False)
class OrderCard(Card):
    """Items to put in order; `items` is the right order."""

    question: str
    items: tuple[str, ...]
    kind: CardKind = field(init=False, default=CardKind.ORDER)

    @property
    def prompt(self) -> str:
        """Return the question."""
        return self.question

    @property
    def answer_text(self) -> str:
        """Return the items in order, joined by ` -> `."""
        return " -> ".join(self.items)


CARD_CLASSES: dict[str, Callable[..., Card]] = {
    CardKind.BASIC: BasicCard,
    CardKind.TYPED: TypedCard,
    CardKind.CHOICE: ChoiceCard,
    CardKind.TRUEFALSE: TrueFalseCard,
    CardKind.CLOZE: ClozeCard,
    CardKind.ORDER: OrderCard,
}
"""The card class of each kind name, for readers that build cards from text."""


@dataclass(frozen=True, repr=False, eq=False)
class Table(Record):
    """A comparison table; with `quiz`, each body cell becomes a basic card."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    quiz: bool = False
    source: str = ""
    description: str = ""
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True, repr=False, eq=False)
class Diagram(Record):
    """A Mermaid diagram with a caption."""

    id: str
    title: str
    mermaid: str
    caption: str = ""
    source: str = ""
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True, repr=False, eq=False)
class Deck(Record):
    """One deck file: metadata, sources, cards, tables and diagrams."""

    id: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    cards: tuple[Card, ...] = ()
    tables: tuple[Table, ...] = ()
    diagrams: tuple[Diagram, ...] = ()
    prerequisites: tuple[str, ...] = ()
    """The ids of the decks a learner should take before this one (the course order)."""
    prerequisite_locations: tuple[Location, ...] = field(default=(), compare=False, repr=False)
    """Where each prerequisite id is written, for located errors."""
    location: Location = field(default_factory=Location, compare=False)
    generated: bool = False
    """True for decks built from a runtime model rather than read from a deck file."""

    def source(self, source_id: str) -> Source | None:
        """Return the source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

    def card(self, card_id: str) -> Card | None:
        """Return the authored card with this id, or None."""
        return next((c for c in self.cards if c.id == card_id), None)
