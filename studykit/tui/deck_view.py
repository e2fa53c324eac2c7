"""Renderables for `studykit decks` and `studykit show`."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from studykit.model import CardKind, ChoiceCard, ClozeCard, Deck, OrderCard, study_items


def kind_counts(deck: Deck) -> dict[str, int]:
    """Return the number of authored cards of each kind, plus table cards and study items."""
    counts = {kind.value: 0 for kind in CardKind}
    for card in deck.cards:
        counts[card.kind.value] += 1
    items = list(study_items(deck))
    counts["table"] = sum(1 for i in items if "." in i.key.split("/", 1)[1])
    counts["items"] = len(items)
    return counts


def deck_table(decks: tuple[Deck, ...]) -> Table:
    """Return a table of decks with their card counts by kind."""
    table = Table(
        title="Decks",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    table.add_column("deck", no_wrap=True)
    # No title column: with eight counts it would not fit 80 columns (`show` prints titles).
    # Short headers keep the table readable at 80 columns.
    for column in ("basic", "typed", "choice", "t/f", "cloze", "order", "table", "items"):
        table.add_column(column, justify="right", no_wrap=True)
    for deck in decks:
        counts = kind_counts(deck)
        table.add_row(deck.id, *(str(n) for n in counts.values()))
    return table


def _answer(card: object) -> str:
    if isinstance(card, ChoiceCard):
        marks = [("✓ " if c in card.answers else "  ") + c for c in card.choices]
        return "\n".join(marks)
    if isinstance(card, OrderCard):
        return "\n".join(f"{n}. {item}" for n, item in enumerate(card.items, 1))
    if isinstance(card, ClozeCard):
        return card.revealed()
    return getattr(card, "answer_text", "")


def deck_heading(deck: Deck) -> Text:
    """Return the deck's title and id; the id only once when the title already holds it."""
    heading = Text(deck.title, style="bold")
    if f"({deck.id})" not in deck.title:
        heading.append(f" ({deck.id})")
    return heading


def deck_view(deck: Deck) -> RenderableType:
    """Return every card of a deck as a panel with its prompt, answer and explanation."""
    parts: list[RenderableType] = [deck_heading(deck)]
    if deck.description:
        parts.append(Text(deck.description))
    for card in deck.cards:
        body = Text(card.prompt + "\n")
        body.append(_answer(card), style="green")
        if card.explanation:
            body.append("\n" + card.explanation, style="dim")
        title = f"{card.id} · {card.kind}" + (f" · {card.source}" if card.source else "")
        parts.append(Panel(body, title=escape(title), title_align="left"))
    return Group(*parts)
