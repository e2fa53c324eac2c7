"""Renderables for `studykit decks` and `studykit show`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from studykit.model import Card, CardKind, ChoiceCard, ClozeCard, Deck, OrderCard, study_items
from studykit.model.spans import Spans
from studykit.tui.card_spans import mark_style

if TYPE_CHECKING:
    from studykit.markup.texts import RenderedTexts
    from studykit.study.card_memory import CardMemory


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


Render = Callable[[str], Text]
"""Turn card Markdown into rich text."""


def rich_card_text(spans: Spans, style: str = "") -> Text:
    """Return card text's spans as rich text (the styles of the quiz's card text)."""
    out = Text(style=style)
    for text, marks in spans:
        out.append(text, style=mark_style(marks) if marks else "")
    return out


def _answer(card: Card, render: Render) -> Text:
    """Return a card's answer: choices marked right, items numbered, cloze filled in."""
    if isinstance(card, ChoiceCard):
        lines = [Text("✓ " if c in card.answers else "  ") + render(c) for c in card.choices]
        return Text("\n").join(lines)
    if isinstance(card, OrderCard):
        return Text("\n").join(Text(f"{n}. ") + render(i) for n, i in enumerate(card.items, 1))
    if isinstance(card, ClozeCard):
        return render(card.revealed())
    return render(card.answer_text)


def deck_heading(deck: Deck) -> Text:
    """Return the deck's title and id; the id only once when the title already holds it."""
    heading = Text(deck.title, style="bold")
    if f"({deck.id})" not in deck.title:
        heading.append(f" ({deck.id})")
    return heading


def memory_line(memory: CardMemory) -> str:
    """Return a card's FSRS memory in one line: state, due, D, S and R (as Anki's card info)."""
    due = f"due {memory.due:%Y-%m-%d %H:%M} UTC" if memory.due else "not due"
    flags = "".join(f" · {name}" for name in ("suspended", "leech") if getattr(memory, name))
    return (
        f"{memory.state.name.lower()} · {due} · difficulty {memory.difficulty:.1f} · "
        f"stability {memory.stability:.1f} d · retrievability {memory.retrievability:.0%} · "
        f"reviews {memory.reps}, lapses {memory.lapses}{flags}"
    )


def _memories(key: str, memories: Mapping[str, CardMemory]) -> Text:
    """Return the memory lines of a card's study items (one per cloze deletion)."""
    lines = [
        (f"{k[len(key) :]} " if k != key else "") + memory_line(m)
        for k, m in memories.items()
        if k == key or k.startswith(f"{key}#")
    ]
    return Text("\n" + "\n".join(lines), style="cyan") if lines else Text()


def deck_view(
    deck: Deck, texts: RenderedTexts, memories: Mapping[str, CardMemory] | None = None
) -> RenderableType:
    """Return every card of a deck as a panel with its prompt, answer and explanation.

    With `memories`, each studied card also shows its FSRS memory (state, due, D, S, R).
    """

    def render(text: str) -> Text:
        return rich_card_text(texts(text).spans)

    parts: list[RenderableType] = [deck_heading(deck)]
    if deck.description:
        parts.append(render(deck.description))
    for card in deck.cards:
        answer = _answer(card, render)
        answer.stylize_before("green")
        body = render(card.prompt).append("\n").append_text(answer)
        if card.explanation:
            body.append("\n").append_text(rich_card_text(texts(card.explanation).spans, "dim"))
        body.append_text(_memories(f"{deck.id}/{card.id}", memories or {}))
        title = f"{card.id} · {card.kind}" + (f" · {card.source}" if card.source else "")
        parts.append(Panel(body, title=escape(title), title_align="left"))
    return Group(*parts)
