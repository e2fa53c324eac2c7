"""The CSV layout of one deck, both ways: a row per source and per card.

Columns, in this order: `id, kind, question, answer, choices, tags, source, explanation`.
The file is UTF-8, comma-separated, with a header row. Row numbers in messages count the
header as row 1, as a spreadsheet does.

| kind      | question  | answer                         | choices          |
|-----------|-----------|--------------------------------|------------------|
| basic     | front     | back                           |                  |
| basic-reversed | front (a basic card with `reverse: true`) | back |        |
| typed     | question  | accepted answers (a list)      |                  |
| choice    | question  | the correct choices (a list)   | every choice (a list) |
| truefalse | statement | `true` or `false` (any case)   |                  |
| cloze     | text with `{{c1::...}}` deletions | (empty)  |                  |
| order     | question  | the items in the right order (a list) |           |
| source    | title     | URL                            |                  |

A list cell holds one item per line (a line break inside the cell: Alt+Enter in most
spreadsheets), so items may contain commas and `|` (shell pipes); blank lines are ignored.
`tags` is a list too. `source` names a source id defined by a `source` row; on a `source`
row `explanation` holds the source's note. Unused cells must be empty. Text cells keep
their exact text, except that `\\r\\n` and `\\r` line breaks are read as `\\n`; text with a
NUL character cannot be exported (a file with NUL bytes is refused as UTF-16).

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
single quote in front, so that a spreadsheet shows it as text instead of running it as a
formula (OWASP, "CSV Injection"); so is a cell of quotes followed by one of those, so that
import can remove exactly the quote export added: a cell of one or more quotes and then
one of those characters loses its first quote, and every other cell is read as it is.

A deck's title, description, tags, tables and diagrams are not part of the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from studykit.errors import StudykitError
from studykit.model import (
    CARD_CLASSES,
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    Location,
    OrderCard,
    Source,
    TrueFalseCard,
    TypedCard,
)

COLUMNS = ("id", "kind", "question", "answer", "choices", "tags", "source", "explanation")
SOURCE_KIND = "source"
"""The `kind` of a row that defines a source instead of a card."""
REVERSED_KIND = "basic-reversed"
"""The `kind` of a basic card asked both ways (`reverse: true` in a deck file)."""
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CARD_OPTIONAL = ("tags", "source", "explanation")

REQUIRED: dict[str, tuple[str, ...]] = {
    "basic": ("question", "answer"),
    REVERSED_KIND: ("question", "answer"),
    "typed": ("question", "answer"),
    "choice": ("question", "answer", "choices"),
    "truefalse": ("question", "answer"),
    "cloze": ("question",),
    "order": ("question", "answer"),
    SOURCE_KIND: ("question",),
}
"""The cells each kind needs, besides `id` and `kind`."""
OPTIONAL: dict[str, tuple[str, ...]] = dict.fromkeys(REQUIRED, _CARD_OPTIONAL) | {
    SOURCE_KIND: ("answer", "explanation")
}
"""The cells each kind may leave empty; every other cell must be empty."""
BOOLEANS = {"true": True, "false": False}
_FORMULA = re.compile("'*[=+\\-@\t\r]")
"""A cell a spreadsheet would run as a formula, after any quotes that neutralise one."""


class CsvExportError(StudykitError):
    """A deck holds text the CSV layout cannot carry exactly."""


def join_list(items: Iterable[str], where: str) -> str:
    """Return list items one per line; refuse an item that holds a line break itself."""
    items = tuple(items)
    for item in items:
        if LINE_BREAK.search(item):
            raise CsvExportError(
                f"{where}: the item {item!r} has a line break, "
                "but a CSV list cell holds one item per line"
            )
    return "\n".join(items)


def split_list(cell: str) -> tuple[str, ...]:
    """Return the items of a list cell: its lines, blank ones left out."""
    return tuple(line for line in LINE_BREAK.split(cell) if line.strip())


def neutralized(cell: str) -> str:
    """Return the cell as written: a quote in front of a formula, or of quotes before one."""
    return f"'{cell}" if _FORMULA.match(cell) else cell


def restored(cell: str) -> str:
    """Return the cell as it was before `neutralized` (and a hand-quoted formula unquoted)."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def normal_text(cell: str) -> str:
    """Return a text cell with every line break as `\\n`."""
    return LINE_BREAK.sub("\n", cell)


_CELLS: dict[type[Card], Callable[[Any, str], dict[str, str]]] = {
    BasicCard: lambda c, w: {"question": c.front, "answer": c.back},
    TypedCard: lambda c, w: {"question": c.question, "answer": join_list(c.answers, w)},
    ChoiceCard: lambda c, w: {
        "question": c.question,
        "answer": join_list(c.answers, w),
        "choices": join_list(c.choices, w),
    },
    TrueFalseCard: lambda c, w: {"question": c.statement, "answer": str(c.answer).lower()},
    ClozeCard: lambda c, w: {"question": c.text},
    OrderCard: lambda c, w: {"question": c.question, "answer": join_list(c.items, w)},
}


def card_row(card: Card, deck_id: str) -> dict[str, str]:
    """Return the CSV row of a card."""
    where = f"deck '{deck_id}', card '{card.id}'"
    row = dict.fromkeys(COLUMNS, "")
    kind = REVERSED_KIND if isinstance(card, BasicCard) and card.reverse else str(card.kind)
    row |= {"id": card.id, "kind": kind, "source": card.source}
    row |= {"tags": join_list(card.tags, where), "explanation": card.explanation}
    return row | _CELLS[type(card)](card, where)


def source_row(source: Source) -> dict[str, str]:
    """Return the CSV row of a source."""
    row = dict.fromkeys(COLUMNS, "")
    row |= {"id": source.id, "kind": SOURCE_KIND, "question": source.title}
    return row | {"answer": source.url, "explanation": source.note}


def _checked(row: dict[str, str], deck_id: str) -> dict[str, str]:
    """Return the row as written, refusing a NUL character (import takes NUL for UTF-16)."""
    if any("\0" in cell for cell in row.values()):
        raise CsvExportError(f"deck '{deck_id}', {row['kind']} '{row['id']}': text holds a NUL")
    return {column: neutralized(cell) for column, cell in row.items()}


def deck_to_csv(deck: Deck) -> str:
    """Return the deck's sources and cards as CSV text (RFC 4180, CRLF between rows)."""
    rows = [source_row(source) for source in deck.sources]
    rows += [card_row(card, deck.id) for card in deck.cards]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(_checked(row, deck.id) for row in rows)
    return buffer.getvalue()


_BUILD: dict[str, Callable[[Mapping[str, str]], dict[str, Any]]] = {
    "basic": lambda c: {"front": c["question"], "back": c["answer"]},
    REVERSED_KIND: lambda c: {"front": c["question"], "back": c["answer"], "reverse": True},
    "typed": lambda c: {"question": c["question"], "answers": split_list(c["answer"])},
    "choice": lambda c: {
        "question": c["question"],
        "choices": split_list(c["choices"]),
        "answers": split_list(c["answer"]),
    },
    "truefalse": lambda c: {
        "statement": c["question"],
        "answer": BOOLEANS[c["answer"].strip().lower()],
    },
    "cloze": lambda c: {"text": c["question"]},
    "order": lambda c: {"question": c["question"], "items": split_list(c["answer"])},
}


def card_from_cells(cells: Mapping[str, str], location: Location) -> Card:
    """Return the card of a checked row (its cells already normalised)."""
    kind = cells["kind"]
    common: dict[str, Any] = {
        "id": cells["id"],
        "explanation": cells["explanation"],
        "tags": split_list(cells["tags"]),
        "source": cells["source"],
        "location": location,
    }
    card_class = CARD_CLASSES["basic" if kind == REVERSED_KIND else kind]
    return card_class(**common, **_BUILD[kind](cells))


def source_from_cells(cells: Mapping[str, str], location: Location) -> Source:
    """Return the source of a checked `source` row."""
    return Source(
        id=cells["id"],
        title=cells["question"],
        url=cells["answer"],
        note=cells["explanation"],
        location=location,
    )
