"""Card text (Markdown written by deck authors) as safe HTML for the site and practice data."""

from __future__ import annotations

import html
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# Characters Python-Markdown would read again as syntax once our HTML sits in a page:
# emphasis, code, links, attribute lists, heading hashes and table pipes.
_SYNTAX = "\\`*_[]{}#|~^=+:!"
_MARKDOWN_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in _SYNTAX})
_SYNTAX_CHAR = re.compile(f"[{re.escape(_SYNTAX)}]")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Text CommonMark would return unchanged: one line of words and plain punctuation, starting
# with a letter (so no list, heading, quote marker or link definition) and no double space or
# entity. Brackets stay text unless `](` makes a link (one line defines no reference), so
# cloze gaps such as `[...]` need no parser; `>` quotes only at the start of a line, so an
# order card's answer (`one -> two`) needs none either.
_PLAIN_CHAR = r"(?:[A-Za-z0-9,;:'\"?()/.%@$=+>\[-]|\](?!\())"
_PLAIN_LINE = re.compile(rf"[A-Za-z](?:{_PLAIN_CHAR}| (?={_PLAIN_CHAR}))*")
# A block of one plain line: after blank lines and at most three spaces (four, or a tab, make
# a code block), before blank space. Other white space goes to the parser, which keeps it.
_PLAIN_BLOCK = re.compile(rf"(?:[ \t]*[\r\n])* {{0,3}}({_PLAIN_LINE.pattern})[ \t\r\n]*")


@cache
def _parser() -> MarkdownIt:
    """Return the one CommonMark parser, raw HTML disabled (its link check drops javascript:)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _shield(rendered: str) -> str:
    """Return HTML whose text parts Python-Markdown will not parse again."""
    if _SYNTAX_CHAR.search(rendered) is None:  # most card text: nothing to escape
        return rendered
    parts = _TAG_OR_TEXT.split(rendered)
    return "".join(p if p.startswith("<") else p.translate(_MARKDOWN_SYNTAX) for p in parts)


def _plain_escaped(line: str) -> str:
    """Return a plain line as markdown-it writes it: `"` and `>` escaped, nothing else to do."""
    return line.replace('"', "&quot;").replace(">", "&gt;")


def plain_inline_html(text: str) -> str:
    """Return card Markdown as inline HTML for the browser (not passed through Markdown again)."""
    line = " ".join(text.split())
    if _PLAIN_LINE.fullmatch(line):
        return _plain_escaped(line)
    return str(_parser().renderInline(line))


def plain_block_html(text: str) -> str:
    """Return card Markdown as block HTML for the browser (not passed through Markdown again)."""
    return _render_block(text)[0]


def _render_block(text: str) -> tuple[str, str | None]:
    """Return the block HTML of a text and, when one parse gives it too, its inline HTML."""
    if not text.strip():
        return "", None
    if plain := _PLAIN_BLOCK.fullmatch(text):
        inline = _plain_escaped(plain.group(1))
        return f"<p>{inline}</p>", inline
    parser = _parser()
    env: dict[str, object] = {}
    tokens = parser.parse(text, env)
    if _one_paragraph(tokens, text):
        # The paragraph's inline tokens are what renderInline would parse from the text;
        # render() renders a list of inline tokens as renderInline does.
        inline = str(parser.renderer.render(tokens[1].children or [], parser.options, env))
        return f"<p>{inline}</p>", inline
    return str(parser.renderer.render(tokens, parser.options, env)).strip(), None


def _one_paragraph(tokens: list[Token], text: str) -> bool:
    """Tell whether a one-line text parsed as a single paragraph holding all of it."""
    return (
        len(tokens) == 3
        and tokens[0].type == "paragraph_open"
        and tokens[1].content == text
        # Inline HTML collapses whitespace; only a text with none to collapse reads the same.
        and " ".join(text.split()) == text
    )


class CardHtml:
    """Card text as HTML for one site build; markdown-it parses each text at most once.

    A deck page and its practice data show the same texts: rendering them through one
    CardHtml renders each once. Ask for block HTML first: a one-paragraph text's inline
    HTML comes from the same parse.
    """

    def __init__(self) -> None:
        self._block: dict[str, str] = {}
        self._inline: dict[str, str] = {}

    def block(self, text: str) -> str:
        """Return `plain_block_html(text)`."""
        found = self._block.get(text)
        if found is None:
            found, inline = _render_block(text)
            self._block[text] = found
            if inline is not None:
                self._inline.setdefault(text, inline)
        return found

    def inline(self, text: str) -> str:
        """Return `plain_inline_html(text)`."""
        found = self._inline.get(text)
        if found is None:
            found = self._inline[text] = plain_inline_html(text)
        return found

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
