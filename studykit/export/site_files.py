"""The generated files of the study site: path and Markdown of every page."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.export.card_text import CardHtml
from studykit.export.markdown import deck_markdown
from studykit.export.page_paths import PRACTICE_INDEX, deck_page, practice_page
from studykit.export.site_pages import (
    glossary_items,
    glossary_page,
    home_markdown,
    practice_index_markdown,
    practice_markdown,
)
from studykit.markup.texts import RenderedTexts
from studykit.model import Deck
from studykit.model.runtime import RuntimeModel

ASSETS = "assets/studykit"
"""Where the plugin's own CSS and JavaScript are served from."""


def _runtime_pages(models: tuple[RuntimeModel, ...]) -> Iterator[tuple[str, str]]:
    """Yield the page of each runtime model; the simulator is imported only when there is one."""
    if not models:
        return
    from studykit.export.runtime_page import RUNTIME_PAGE, runtime_markdown

    for number, model in enumerate(models):
        yield RUNTIME_PAGE if number == 0 else f"runtime-{model.id}.md", runtime_markdown(model)


def site_files(
    decks: tuple[Deck, ...],
    *,
    with_home: bool,
    models: tuple[RuntimeModel, ...] = (),
    texts: RenderedTexts | None = None,
) -> Iterator[tuple[str, str]]:
    """Yield (source path, Markdown) of every generated page.

    Card text's HTML comes from `texts`, which the deck index rendered when it was built.
    """
    yield from _runtime_pages(models)
    if with_home:
        yield "index.md", home_markdown(decks)
    practice_pages, glossary = [], []
    html = CardHtml(texts)
    for deck in decks:
        practice_pages.append(practice_markdown(deck, html))
        glossary.append(glossary_items(deck, html))
        yield deck_page(deck.id), deck_markdown(deck, html)
    yield "glossary.md", glossary_page(glossary)
    yield PRACTICE_INDEX, practice_index_markdown(decks)
    for deck, page in zip(decks, practice_pages, strict=True):
        yield practice_page(deck.id), page
