"""A course's hand-written pages (its docs folder): their Mermaid fences and catalogue marker.

The MkDocs plugin and `studykit export markdown` treat them alike: every Mermaid fence is
drawn at build time and shown as an image, and the marker `<!-- studykit:catalogue -->`
becomes the table of decks. A page is read up to `MAX_PAGE` bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from studykit.model import Deck

FENCE = re.compile(r"^(?P<mark>```|~~~)mermaid[^\n]*\n(?P<body>.*?)^(?P=mark)[ \t]*$", re.M | re.S)
"""A Mermaid fence of a hand-written page; `body` is the diagram's source."""
MAX_PAGE = 5 << 20
"""The most of a hand-written page read to find its fences, in bytes."""


def read_page(path: Path) -> str | None:
    """Return the text of a hand-written page (at most MAX_PAGE bytes), or None if unreadable."""
    try:
        with open(path, encoding="utf-8", errors="replace") as source:
            return source.read(MAX_PAGE)
    except OSError:
        return None


def fence_sources(text: str) -> list[str]:
    """Return the Mermaid sources of a page's fences."""
    return [match["body"] for match in FENCE.finditer(text)]


def finished_page(
    markdown: str, src_uri: str, decks: Iterable[Deck], undrawn: frozenset[str]
) -> str:
    """Return a hand-written page with its fences drawn and its catalogue marker filled."""
    from studykit.export.markdown import diagram_image
    from studykit.export.site_pages import CATALOGUE_MARKER, catalogue_markdown

    prefix = "../" * src_uri.count("/")
    if "mermaid" in markdown:
        markdown = FENCE.sub(
            lambda m: diagram_image(m["body"], "Diagram", undrawn, prefix), markdown
        )
    if CATALOGUE_MARKER in markdown:
        markdown = markdown.replace(CATALOGUE_MARKER, catalogue_markdown(decks, prefix))
    return markdown
