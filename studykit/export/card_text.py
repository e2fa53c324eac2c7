"""Card text (Markdown written by deck authors) as safe HTML for the site and practice data."""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Characters Python-Markdown would read again as syntax once our HTML sits in a page:
# emphasis, code, links, attribute lists, heading hashes and table pipes.
_MARKDOWN_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}#|~^=+:!"})
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Text CommonMark would return unchanged: one line of words and plain punctuation, starting
# with a letter (so no list, heading or quote marker) and no double space or entity.
_PLAIN_LINE = re.compile(r"[A-Za-z](?:[A-Za-z0-9,;:'\"?()/.%@$=+-]| (?! ))*")


@cache
def _parser() -> MarkdownIt:
    """Return the one CommonMark parser, raw HTML disabled (its link check drops javascript:)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _shield(rendered: str) -> str:
    """Return HTML whose text parts Python-Markdown will not parse again."""
    parts = _TAG_OR_TEXT.split(rendered)
    return "".join(p if p.startswith("<") else p.translate(_MARKDOWN_SYNTAX) for p in parts)


@lru_cache(maxsize=65536)
def plain_inline_html(text: str) -> str:
    """Return card Markdown as inline HTML for the browser (not passed through Markdown again)."""
    line = " ".join(text.split())
    if _PLAIN_LINE.fullmatch(line):
        return line.replace('"', "&quot;")
    return str(_parser().renderInline(line))


@lru_cache(maxsize=65536)
def plain_block_html(text: str) -> str:
    """Return card Markdown as block HTML for the browser (not passed through Markdown again)."""
    line = text.strip()
    if not line:
        return ""
    if _PLAIN_LINE.fullmatch(line):
        return "<p>" + line.replace('"', "&quot;") + "</p>"
    return str(_parser().render(text)).strip()


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
