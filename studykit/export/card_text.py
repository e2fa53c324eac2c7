"""Card text as safe HTML in the site's pages and practice data (rendered by studykit.markup).

The HTML is placed inside Markdown pages that Python-Markdown reads again: `_shield` writes
the characters it would take for syntax as character references.
"""

from __future__ import annotations

import html
import re

from studykit.markup.render import render
from studykit.markup.texts import RenderedTexts

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Characters Python-Markdown would read again as syntax once our HTML sits in a page:
# emphasis, code, links, attribute lists, heading hashes and table pipes.
_SYNTAX = "\\`*_[]{}#|~^=+:!"
_MARKDOWN_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in _SYNTAX})
_SYNTAX_CHAR = re.compile(f"[{re.escape(_SYNTAX)}]")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _shield(rendered: str) -> str:
    """Return HTML whose text parts Python-Markdown will not parse again."""
    if _SYNTAX_CHAR.search(rendered) is None:  # most card text: nothing to escape
        return rendered
    parts = _TAG_OR_TEXT.split(rendered)
    return "".join(p if p.startswith("<") else p.translate(_MARKDOWN_SYNTAX) for p in parts)


def plain_inline_html(text: str) -> str:
    """Return card Markdown as inline HTML for the browser (not passed through Markdown again)."""
    return render(text).inline


def plain_block_html(text: str) -> str:
    """Return card Markdown as block HTML for the browser (not passed through Markdown again)."""
    return render(text).html


class CardHtml:
    """Card text as HTML for one site build, from the texts rendered in advance.

    `texts` holds what the deck index rendered when it was built (studykit.decks); a text it
    lacks is rendered by the one renderer (studykit.markup) when first asked.
    """

    def __init__(self, texts: RenderedTexts | None = None) -> None:
        self._texts = texts or RenderedTexts()

    def block(self, text: str) -> str:
        """Return `plain_block_html(text)`."""
        return self._texts(text).html

    def inline(self, text: str) -> str:
        """Return `plain_inline_html(text)`."""
        return self._texts(text).inline

    def page_block(self, text: str) -> str:
        """Return `block_html(text)`: block HTML safe to place in a page's Markdown."""
        return _shield(self.block(text))

    def page_inline(self, text: str) -> str:
        """Return `inline_html(text)`: inline HTML safe to place in a page's Markdown."""
        return _shield(self.inline(text))


def inline_html(text: str) -> str:
    """Return one line of card Markdown as inline HTML, safe to place in a page's Markdown."""
    return _shield(plain_inline_html(text))


def block_html(text: str) -> str:
    """Return card Markdown as block HTML, safe to place in a page's Markdown."""
    return _shield(plain_block_html(text))


def safe_url(url: str) -> str:
    """Return the URL if it is web or mail, else an empty string (no javascript: or data:)."""
    cleaned = "".join(url.split())
    return url.strip() if cleaned.lower().startswith(_SAFE_SCHEMES) else ""


def attribute(value: str) -> str:
    """Return a value escaped for a double-quoted HTML attribute."""
    return html.escape(value, quote=True).translate(_MARKDOWN_SYNTAX)


def text(value: str) -> str:
    """Return plain text escaped as HTML, safe to place in a page's Markdown."""
    return html.escape(value, quote=False).translate(_MARKDOWN_SYNTAX)
