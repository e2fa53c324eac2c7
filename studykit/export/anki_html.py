"""Card Markdown as the HTML of Anki fields: raw HTML in the text is escaped, never passed on."""

from __future__ import annotations

import html
import re

from studykit.markup.render import valid_link
from studykit.markup.texts import RenderedTexts

_SPACES = re.compile(r"\s+")


class AnkiHtml:
    """The HTML of card texts in Anki fields, from the texts rendered in advance (if given)."""

    def __init__(self, texts: RenderedTexts | None = None) -> None:
        self._texts = texts or RenderedTexts()

    def block(self, text: str) -> str:
        """Return Markdown as HTML; a single paragraph is unwrapped so it sits inline."""
        rendered = self._texts(text).html
        inner = rendered.removeprefix("<p>").removesuffix("</p>")
        if f"<p>{inner}</p>" == rendered and "<p>" not in inner:
            return inner
        return rendered

    def inline(self, text: str) -> str:
        """Return one line of Markdown (a choice, an item) as inline HTML."""
        return self._texts(text).inline


def plain_html(text: str) -> str:
    """Return text escaped for HTML without Markdown (a typed answer is compared as written)."""
    return html.escape(text, quote=False)


def link_html(title: str, url: str) -> str:
    """Return a source as a link, or its escaped title when it has no safe URL."""
    if not url or not valid_link(url):  # no javascript: links in Anki's webview
        return html.escape(title)
    return f'<a href="{html.escape(url)}">{html.escape(title)}</a>'


def anki_tag(tag: str) -> str:
    """Return a tag Anki accepts: spaces (not allowed in Anki tags) become underscores."""
    return _SPACES.sub("_", tag.strip())
