"""The generated files of the study site: path and Markdown of every page."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from studykit.export.card_images import ImageHtml, PublishedImage
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


def _runtime_pages(
    models: tuple[RuntimeModel, ...], undrawn: frozenset[str]
) -> Iterator[tuple[str, str]]:
    """Yield the page of each runtime model; the simulator is imported only when there is one."""
    if not models:
        return
    from studykit.export.runtime_page import RUNTIME_PAGE, runtime_markdown

    for number, model in enumerate(models):
        path = RUNTIME_PAGE if number == 0 else f"runtime-{model.id}.md"
        yield path, runtime_markdown(model, undrawn)


def diagram_sources(decks: tuple[Deck, ...], models: tuple[RuntimeModel, ...]) -> list[str]:
    """Return the Mermaid source of every diagram the generated pages show."""
    sources = [diagram.mermaid for deck in decks for diagram in deck.diagrams]
    if models:
        from studykit.runtime.diagrams import state_diagram

        sources += [state_diagram(m, engine.id) for m in models for engine in m.engines]
    return sources


def site_files(
    decks: tuple[Deck, ...],
    *,
    with_home: bool,
    models: tuple[RuntimeModel, ...] = (),
    undrawn: frozenset[str] = frozenset(),
    texts: RenderedTexts | None = None,
    images: Mapping[str, Mapping[str, PublishedImage]] | None = None,
    directory_urls: bool = True,
) -> Iterator[tuple[str, str]]:
    """Yield (source path, Markdown) of every generated page.

    Card text's HTML comes from `texts` (rendered when the deck index was built); `undrawn`
    diagrams show their source; `images` (by deck id, `card_images.site_images`) are the
    published card images, which the HTML points at from pages in folders (`directory_urls`,
    MkDocs' default) or not.
    """
    yield from _runtime_pages(models, undrawn)
    if with_home:
        yield "index.md", home_markdown(decks)
    practice_pages, glossary = [], []
    html = CardHtml(texts)
    depth = "../../" if directory_urls else "../"  # from decks/ID/ or decks/ID.html to the root
    for deck in decks:
        published = (images or {}).get(deck.id)
        page_html = ImageHtml(texts, published, depth) if published else html
        glossary_html = ImageHtml(texts, published, depth[3:]) if published else html
        practice_pages.append(practice_markdown(deck, page_html))
        glossary.append(glossary_items(deck, glossary_html))
        yield deck_page(deck.id), deck_markdown(deck, page_html, undrawn)
    yield "glossary.md", glossary_page(glossary)
    yield PRACTICE_INDEX, practice_index_markdown(decks)
    for deck, page in zip(decks, practice_pages, strict=True):
        yield practice_page(deck.id), page
