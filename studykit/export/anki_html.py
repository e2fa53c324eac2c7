"""Card Markdown as the HTML of Anki fields: raw HTML in the text is escaped, never passed on."""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_SPACES = re.compile(r"\s+")


@functools.cache
def _markdown() -> MarkdownIt:
    """Return the renderer: CommonMark plus tables and strikethrough, HTML disabled."""
    from markdown_it import MarkdownIt  # imported here to keep `studykit --help` fast

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def block_html(text: str) -> str:
    """Return Markdown as HTML; a single paragraph is unwrapped so it sits inline."""
    rendered = str(_markdown().render(text)).strip()
    inner = rendered.removeprefix("<p>").removesuffix("</p>")
    if f"<p>{inner}</p>" == rendered and "<p>" not in inner:
        return inner
    return rendered


def inline_html(text: str) -> str:
    """Return one line of Markdown (a choice, an item) as inline HTML."""
    return str(_markdown().renderInline(text))


def plain_html(text: str) -> str:
    """Return text escaped for HTML without Markdown (a typed answer is compared as written)."""
    return html.escape(text, quote=False)


def link_html(title: str, url: str) -> str:
    """Return a source as a link, or its escaped title when it has no safe URL."""
    if not url or not bool(_markdown().validateLink(url)):  # no javascript: links in Anki's webview
        return html.escape(title)
    return f'<a href="{html.escape(url)}">{html.escape(title)}</a>'


def anki_tag(tag: str) -> str:
    """Return a tag Anki accepts: spaces (not allowed in Anki tags) become underscores."""
    return _SPACES.sub("_", tag.strip())
