"""Render card Markdown once: terminal spans, block HTML and inline HTML from one parse.

The dialect is CommonMark with tables and strikethrough, raw HTML disabled (it is shown
as text, so a deck cannot put markup or scripts in a page or an Anki note); markdown-it's
link check drops `javascript:` and other unsafe link targets.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from studykit.markup.terminal import token_spans
from studykit.model.spans import Spans

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Text CommonMark would return unchanged: one line of words and plain punctuation, starting
# with a letter (so no list, heading, quote marker or link definition) and no double space or
# entity. Brackets stay text unless `](` makes a link (one line defines no reference), so
# cloze gaps such as `[...]` need no parser; `>` quotes only at the start of a line, so an
# order card's answer (`one -> two`) needs none either; braces are text (a cloze card's
# `{{c1::...}}`), and so is `!` unless `[` follows (an image).
_PLAIN_CHAR = r"(?:[A-Za-z0-9,;:'\"?()/.%@$=+>{}\[-]|\](?!\()|!(?!\[))"
_PLAIN_LINE = re.compile(rf"[A-Za-z](?:{_PLAIN_CHAR}| (?={_PLAIN_CHAR}))*")
# A block of one plain line: after blank lines and at most three spaces (four, or a tab, make
# a code block), before blank space. Other white space goes to the parser, which keeps it.
_PLAIN_BLOCK = re.compile(rf"(?:[ \t]*[\r\n])* {{0,3}}({_PLAIN_LINE.pattern})[ \t\r\n]*")


class Rendered(NamedTuple):
    """One card text in every output form."""

    spans: Spans
    """For the terminal (the quiz, `studykit show`)."""
    html: str
    """Block HTML (paragraphs, lists, code blocks) for the site and Anki."""
    inline: str
    """Inline HTML of the text as one line, for headings, choices, table cells."""


@cache
def parser() -> MarkdownIt:
    """Return the one parser of card text."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def _escaped(line: str) -> str:
    """Return a plain line as markdown-it writes it: `"` and `>` escaped, nothing else to do."""
    return line.replace('"', "&quot;").replace(">", "&gt;")


def is_plain_line(text: str) -> bool:
    """Tell whether a text is one line of plain words, which renders as itself."""
    return _PLAIN_LINE.fullmatch(text) is not None


def is_plain(text: str) -> bool:
    """Tell whether a text renders as itself, without the parser (one line of plain words)."""
    return _PLAIN_BLOCK.fullmatch(text) is not None or not text.strip()


@lru_cache(maxsize=4096)  # a deck repeats its choices and its tags
def render(text: str) -> Rendered:
    """Return a card text's spans, block HTML and inline HTML (one parse at most)."""
    if not text.strip():
        return Rendered((), "", "")
    if plain := _PLAIN_BLOCK.fullmatch(text):
        line = plain.group(1)
        return Rendered(((line, ""),), f"<p>{_escaped(line)}</p>", _escaped(line))
    return parsed(text)


def spans(text: str) -> Spans:
    """Return a card text's terminal spans (`render(text).spans`, without HTML for plain text)."""
    if plain := _PLAIN_BLOCK.fullmatch(text):
        return ((plain.group(1), ""),)
    return render(text).spans


def parsed(text: str) -> Rendered:
    """Return a text's rendered forms from the parser (what `render` gives any text)."""
    md = parser()
    env: dict[str, object] = {}
    tokens = md.parse(text, env)
    html = str(md.renderer.render(tokens, md.options, env)).strip()
    if _one_paragraph(tokens, text):
        # The paragraph's inline tokens are what renderInline would parse from the text.
        inline = html.removeprefix("<p>").removesuffix("</p>")
    else:
        inline = inline_html(text)
    return Rendered(token_spans(tokens), html, inline)


def inline_html(text: str) -> str:
    """Return card Markdown as inline HTML of one line (white space collapsed)."""
    line = " ".join(text.split())
    if _PLAIN_LINE.fullmatch(line):
        return _escaped(line)
    return str(parser().renderInline(line))


def _one_paragraph(tokens: list[Token], text: str) -> bool:
    """Tell whether a one-line text parsed as a single paragraph holding all of it."""
    return (
        len(tokens) == 3
        and tokens[0].type == "paragraph_open"
        and tokens[1].content == text
        # Inline HTML collapses whitespace; only a text with none to collapse reads the same.
        and " ".join(text.split()) == text
    )


def valid_link(url: str) -> bool:
    """Tell whether the renderer would keep a link to this URL (no javascript: or data:)."""
    return bool(parser().validateLink(url))
