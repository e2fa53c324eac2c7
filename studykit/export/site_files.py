"""The generated files of the study site: path and Markdown of every page."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.export.markdown import deck_markdown
from studykit.export.page_paths import PRACTICE_INDEX, deck_page, practice_page
from studykit.export.runtime_page import RUNTIME_PAGE, runtime_markdown
from studykit.export.site_pages import (
    glossary_markdown,
    home_markdown,
    practice_index_markdown,
    practice_markdown,
)
from studykit.model import Deck
from studykit.model.runtime import RuntimeModel

ASSETS = "assets/studykit"
"""Where the plugin's own CSS and JavaScript are served from."""


def site_files(
    decks: tuple[Deck, ...], *, with_home: bool, models: tuple[RuntimeModel, ...] = ()
) -> Iterator[tuple[str, str]]:
    """Yield (source path, Markdown) of every generated page."""
    for number, model in enumerate(models):
        yield RUNTIME_PAGE if number == 0 else f"runtime-{model.id}.md", runtime_markdown(model)
    if with_home:
        yield "index.md", home_markdown(decks)
    for deck in decks:
        yield deck_page(deck.id), deck_markdown(deck)
    yield "glossary.md", glossary_markdown(decks)
    yield PRACTICE_INDEX, practice_index_markdown(decks)
    for deck in decks:
        yield practice_page(deck.id), practice_markdown(deck)
