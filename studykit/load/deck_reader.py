"""Turn the located nodes of one deck file into a Deck, recording every problem."""

from __future__ import annotations

from collections.abc import Callable

from studykit.load.deck_fields import (
    ALL_CARD_KEYS,
    CARD_COMMON_KEYS,
    DECK_KEYS,
    DIAGRAM_KEYS,
    KIND_KEYS,
    SOURCE_KEYS,
    TABLE_KEYS,
    kind_keys,
)
from studykit.load.map_reader import SLUG, MapReader, Report, describe, suggestion
from studykit.load.yaml_source import Node
from studykit.model import (
    CARD_CLASSES,
    Card,
    Deck,
    Diagram,
    Location,
    Source,
    Table,
    quoted,
)
from studykit.model.study_item import slugify


def _mapping(node: Node, report: Report, what: str) -> bool:
    """Return whether a list item is a mapping, recording a problem when it is not."""
    if node.kind == "map":
        return True
    report.add(node, f"{what} must be a mapping, not {describe(node)}")
    return False


def _label(node: Node, what: str, position: int) -> str:
    """Return `card 'x': ` from the item's id, or `card #3: ` when it has no usable id."""
    children = node.children
    for key, value in zip(children[::2], children[1::2], strict=True):
        if key.value == "id" and value.kind in ("str", "int") and str(value.value).strip():
            return f"{what} {quoted(value.value)}: "
    return f"{what} #{position}: "


def _card_fields(reader: MapReader, kind: str) -> dict[str, object]:
    """Read the kind-specific fields of a card."""
    if kind == "basic":
        return {
            "front": reader.text("front", True),
            "back": reader.text("back", True),
            "reverse": bool(reader.boolean("reverse")),
        }
    if kind == "typed":
        return {
            "question": reader.text("question", True),
            "answers": tuple(reader.text_list("answers", True, one_is_list=True)),
        }
    if kind == "choice":
        return {
            "question": reader.text("question", True),
            "choices": tuple(reader.text_list("choices", True)),
            "answers": tuple(reader.text_list("answer", True, one_is_list=True)),
        }
    if kind == "truefalse":
        answer = reader.boolean("answer", True)
        return {"statement": reader.text("statement", True), "answer": bool(answer)}
    if kind == "cloze":
        return {"text": reader.text("text", True)}
    return {
        "question": reader.text("question", True),
        "items": tuple(reader.text_list("items", True)),
    }


def _card_kind(reader: MapReader) -> str | None:
    """Return the card's kind, recording a problem when it is missing or unknown."""
    kind = reader.text("kind", True)
    if kind and kind not in KIND_KEYS:
        known = ", ".join(KIND_KEYS)
        reader.problem(
            reader.value_node("kind"),
            f"unknown kind {quoted(kind)}{suggestion(kind, KIND_KEYS)} (one of: {known})",
        )
        return None
    return kind or None


def _peek(node: Node, name: str) -> Node | None:
    """Return the value node of a key without reading the mapping."""
    children = node.children
    for key, value in zip(children[::2], children[1::2], strict=True):
        if key.value == name:
            return value
    return None


def read_card(node: Node, report: Report, position: int) -> Card | None:
    """Read one card mapping, or return None when it is unusable."""
    if not _mapping(node, report, f"card #{position}"):
        return None
    peeked = _peek(node, "kind")
    kind = str(peeked.value) if peeked is not None and peeked.kind == "str" else ""
    known = kind in KIND_KEYS
    allowed = CARD_COMMON_KEYS + kind_keys(kind) if known else ALL_CARD_KEYS
    owner = f" for a {kind} card" if known else ""
    reader = MapReader(node, report, _label(node, "card", position), allowed, owner)
    kind = _card_kind(reader) or ""
    if kind not in CARD_CLASSES:
        return None
    common = {
        "id": reader.slug("id"),
        "explanation": reader.text("explanation"),
        "tags": tuple(reader.text_list("tags")),
        "source": reader.text("source"),
        "location": report.location(node),
    }
    return CARD_CLASSES[kind](**common, **_card_fields(reader, kind))


def read_source(node: Node, report: Report, position: int) -> Source | None:
    """Read one source mapping."""
    if not _mapping(node, report, f"source #{position}"):
        return None
    reader = MapReader(node, report, _label(node, "source", position), SOURCE_KEYS)
    return Source(
        id=reader.slug("id"),
        title=reader.text("title", True),
        url=reader.text("url"),
        note=reader.text("note"),
        location=report.location(node),
    )


def _rows(reader: MapReader) -> list[tuple[Node, tuple[str, ...]]]:
    """Read a table's rows (a list of lists of text), each with its node."""
    rows = []
    for position, row in enumerate(reader.sequence("rows", True), 1):
        if row.kind != "seq":
            reader.problem(row, f"row {position} must be a list of cells, not {describe(row)}")
            continue
        cells = [reader.text_of(cell, f"row {position} cell", False) for cell in row.children]
        rows.append((row, tuple(cell or "" for cell in cells)))
    _check_row_widths(reader, rows)
    return rows


def _column_nodes(reader: MapReader) -> list[Node]:
    """Return the items of a table's columns without reading them again (no new problems)."""
    listed = reader.value_node("columns")
    return listed.children if listed is not None and listed.kind == "seq" else []


def _check_row_widths(reader: MapReader, rows: list[tuple[Node, tuple[str, ...]]]) -> None:
    width = len(_column_nodes(reader))
    for position, (node, cells) in enumerate(rows, 1):
        if width and len(cells) != width:
            reader.problem(node, f"row {position} has {len(cells)} cells, expected {width} columns")


def _same_slugs(reader: MapReader, what: str, named: list[tuple[Node, str]], start: int) -> None:
    """Record a problem for each name whose slug, part of the cards' ids, an earlier one has."""
    first: dict[str, tuple[int, str]] = {}
    for position, (node, name) in enumerate(named, start):
        slug = slugify(name)
        if slug not in first:
            first[slug] = (position, name)
            continue
        earlier, other = first[slug]
        reader.problem(
            node,
            f"{what} {position} {quoted(name)} gives the same card ids as {what} {earlier} "
            f"{quoted(other)} (both {quoted(slug)}); make them differ in letters or digits",
        )


def _check_card_ids(reader: MapReader, rows: list[tuple[Node, tuple[str, ...]]]) -> None:
    """Check that every cell of a quiz table makes its own card id (row name and column)."""
    # Only text columns: the others are already problems of their own.
    text = ("str", "int", "float")
    columns = [(n, str(n.value)) for n in _column_nodes(reader) if n.kind in text]
    _same_slugs(reader, "column", columns[1:], 2)  # the first column names the rows
    _same_slugs(reader, "row", [(node, cells[0] if cells else "") for node, cells in rows], 1)


def read_table(node: Node, report: Report, position: int) -> Table | None:
    """Read one table mapping."""
    if not _mapping(node, report, f"table #{position}"):
        return None
    reader = MapReader(node, report, _label(node, "table", position), TABLE_KEYS)
    columns = tuple(reader.text_list("columns", True))
    if len(columns) == 1:
        reader.problem(reader.value_node("columns"), "'columns' needs at least two columns")
    rows, quiz = _rows(reader), bool(reader.boolean("quiz"))
    if quiz:
        _check_card_ids(reader, rows)
    return Table(
        id=reader.slug("id"),
        title=reader.text("title", True),
        columns=columns,
        rows=tuple(cells for _, cells in rows),
        quiz=quiz,
        source=reader.text("source"),
        description=reader.text("description"),
        location=report.location(node),
    )


def read_diagram(node: Node, report: Report, position: int) -> Diagram | None:
    """Read one diagram mapping."""
    if not _mapping(node, report, f"diagram #{position}"):
        return None
    reader = MapReader(node, report, _label(node, "diagram", position), DIAGRAM_KEYS)
    return Diagram(
        id=reader.slug("id"),
        title=reader.text("title", True),
        mermaid=reader.text("mermaid", True),
        caption=reader.text("caption"),
        source=reader.text("source"),
        location=report.location(node),
    )


def _items(reader: MapReader, name: str, read: Callable[[Node, Report, int], object]) -> tuple:  # type: ignore[type-arg]
    """Read every item of a list field with `read`, dropping unusable items."""
    found = (read(node, reader.report, i) for i, node in enumerate(reader.sequence(name), 1))
    return tuple(item for item in found if item is not None)


def read_deck(root: Node | None, report: Report) -> Deck | None:
    """Read a whole deck file's root node, or return None when it is not a mapping."""
    if root is None or root.kind != "map":
        shown = "empty" if root is None else describe(root)
        report.add(root, f"a deck file must be a mapping of deck fields, not {shown}")
        return None
    reader = MapReader(root, report, "", DECK_KEYS)
    prerequisites = _prerequisites(reader)
    return Deck(
        id=reader.slug("id"),
        title=reader.text("title", True),
        description=reader.text("description"),
        tags=tuple(reader.text_list("tags")),
        sources=_items(reader, "sources", read_source),
        cards=_items(reader, "cards", read_card),
        tables=_items(reader, "tables", read_table),
        diagrams=_items(reader, "diagrams", read_diagram),
        prerequisites=tuple(deck_id for deck_id, _ in prerequisites),
        prerequisite_locations=tuple(location for _, location in prerequisites),
        location=report.location(root),
    )


def _prerequisites(reader: MapReader) -> list[tuple[str, Location]]:
    """Read the prerequisite deck ids, each with where it is written."""
    found: list[tuple[str, Location]] = []
    for position, node in enumerate(reader.sequence("prerequisites"), 1):
        deck_id = reader.text_of(node, f"'prerequisites' item {position}", True)
        if deck_id is None:
            continue
        if not SLUG.match(deck_id):
            reader.problem(node, f"invalid deck id '{deck_id}' in 'prerequisites'")
            continue
        found.append((deck_id, reader.report.location(node)))
    return found
