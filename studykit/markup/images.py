"""The images of a card text as the renderer reads them: where each points, what it shows.

`validate` checks each image's file and `lint` its alt text from this reading, so they see
exactly the images the site, Anki and the terminal show (an image inside a code span is
text, a reference-style image is an image).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from studykit.markup.render import parser

if TYPE_CHECKING:
    from markdown_it.token import Token


class Image(NamedTuple):
    """An image of card text: its source as the renderer keeps it, and its alt text."""

    source: str
    """Percent-encoded, as in the `src` of the HTML."""
    alt: str


def images(text: str) -> list[Image]:
    """Return the images of a card text, in order (none without parsing when it has no `![`)."""
    if "![" not in text:
        return []
    return list(_images(parser().parse(text, {})))


def _images(tokens: Sequence[Token]) -> Iterator[Image]:
    for token in tokens:
        if token.type == "image":
            yield Image(str(token.attrGet("src") or ""), token.content)
        if token.children:
            yield from _images(token.children)
