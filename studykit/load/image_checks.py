"""`validate`'s checks of the images in a deck's card text, each problem at its place.

An image must be a file inside the deck folder, of an image type and a bounded size
(`load.images`). The renderer (studykit.markup) says which images a text has, so the
check sees what the outputs show; it is imported only for decks whose text holds `![`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from studykit.load.images import ImageProblem, image_file, read_image
from studykit.model import Deck, Issue, Location, quoted


def _texts(deck: Deck) -> Iterator[tuple[str, Location, str]]:
    """Yield (label, location, text) of every text of a deck that may hold an image."""
    from studykit.markup.deck_texts import card_texts

    yield f"deck {quoted(deck.id)}", deck.location, deck.description
    for card in deck.cards:
        for text in dict.fromkeys(card_texts(card)):
            yield f"card {quoted(card.id)}", card.location, text
    for table in deck.tables:
        for text in (table.description, *table.columns, *(c for row in table.rows for c in row)):
            yield f"table {quoted(table.id)}", table.location, text
    for diagram in deck.diagrams:
        yield f"diagram {quoted(diagram.id)}", diagram.location, diagram.caption


def _mentions_image(deck: Deck) -> bool:
    """Return whether any text the deck was written with holds `![` (a cheap first look)."""
    # Every rendered text derives from a card's str and tuple-of-str fields, so looking at
    # those finds each image at a third of the cost of rendering the texts (validate at
    # 10,000 cards). A false hit only means the exact walk of `_texts` runs.
    return any("![" in text for text in _written_texts(deck))


def _written_texts(deck: Deck) -> Iterator[str]:
    """Yield every string a deck's author wrote, ids and kinds included."""
    yield deck.description
    for card in deck.cards:
        for value in vars(card).values():
            if isinstance(value, str):
                yield value
            elif isinstance(value, tuple):
                yield from (v for v in value if isinstance(v, str))
    for table in deck.tables:
        yield from (table.description, *table.columns, *(c for row in table.rows for c in row))
    yield from (diagram.caption for diagram in deck.diagrams)


def image_issues(deck: Deck, deck_file: Path, root: Path) -> list[Issue]:
    """Return a problem for every image of the deck that cannot be shown."""
    if not _mentions_image(deck):
        return []
    from studykit.markup.images import images

    issues: list[Issue] = []
    lines: list[str] | None = None
    for label, where, text in _texts(deck):
        for image in images(text):
            try:
                read_image(image_file(deck_file, root, image.source), unquote(image.source))
            except ImageProblem as problem:
                if lines is None:
                    lines = _lines(deck_file)
                line, column = _place(lines, where, image.source)
                issues.append(Issue(where.path, line, column, f"{label}: {problem}"))
    return issues


def images_without_alt(deck: Deck) -> Iterator[tuple[str, Location, str]]:
    """Yield (label, location of its path, path) of every image of the deck without alt text."""
    if not _mentions_image(deck):
        return
    from studykit.markup.images import images

    lines: list[str] | None = None
    for label, where, text in _texts(deck):
        for image in images(text):
            if not image.alt.strip():
                if lines is None:
                    lines = _lines(Path(deck.location.path))
                line, column = _place(lines, where, image.source)
                yield label, Location(where.path, line, column), unquote(image.source)


def _lines(deck_file: Path) -> list[str]:
    try:
        return deck_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _place(lines: list[str], where: Location, source: str) -> tuple[int, int]:
    """Return the line and column of an image's path in the file, from its item on."""
    for wanted in dict.fromkeys((source, unquote(source))):
        for number in range(where.line - 1, len(lines)):
            column = lines[number].find(f"]({wanted}")
            if column >= 0:
                return number + 1, column + 3
    return where.line, where.column
