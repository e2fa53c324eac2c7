"""Card Markdown's tokens as styled spans for the terminal: marks inline, layout as text.

Paragraphs, headings, code blocks and tables are separated by a blank line; list items get
`- ` or their number, quotes `> `, and lines inside them are indented to match; a line
break written in a paragraph stays a line break (cards are short and laid out by hand).
Links show their text; an image shows as `[image: what it shows — path]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import unquote

from studykit.model.spans import Span, Spans

if TYPE_CHECKING:
    from markdown_it.token import Token

ANSWER_START, ANSWER_END = "\ufdd0", "\ufdd1"
"""Unicode noncharacters (reserved for internal use) that enclose a cloze answer in the
source; the text between them gets the mark `answer`."""
_INLINE_MARKS = {"strong": "strong", "em": "em", "s": "strike", "link": "link"}
_BLOCKS = ("paragraph", "heading", "fence", "code_block", "hr", "table", "blockquote")


class _Layout:
    """Lines of spans under nested prefixes (list markers, quote bars)."""

    def __init__(self) -> None:
        self.lines: list[list[Span]] = []
        self.levels: list[list[str]] = []
        """[prefix of the next line, prefix of the lines after it] of each container."""
        self.marks: list[str] = []
        self.pending = True
        """The next text starts a new line."""
        self.answer = False
        self.cells = 0
        """Cells written in the current table row."""

    def block(self) -> None:
        """Start a block: a blank line after earlier text, unless a new line already waits."""
        if self.lines and not self.pending:
            self.lines.append([("".join(level[1] for level in self.levels).rstrip(), "")])
        self.pending = True

    def open(self, first: str, rest: str) -> None:
        """Enter a container whose first line starts with `first` and the others with `rest`."""
        self.levels.append([first, rest])
        self.pending = True

    def close(self) -> None:
        """Leave the innermost container."""
        self.levels.pop()

    def write(self, text: str, mark: str = "") -> None:
        """Add text with the current marks (and `mark`); a newline starts a new line."""
        first, *others = text.split("\n")
        self._put(first, mark)
        for line in others:
            self._new_line()
            self._put(line, mark)

    def _new_line(self) -> None:
        prefix = ""
        for level in self.levels:
            prefix += level[0]
            level[0] = level[1]
        self.lines.append([(prefix, "")] if prefix else [])
        self.pending = False

    def _put(self, text: str, mark: str) -> None:
        if self.pending:
            self._new_line()
        if ANSWER_START in text or ANSWER_END in text:
            self._put_answers(text, mark)
        elif text:
            self.lines[-1].append((text, self._marks(mark)))

    def _put_answers(self, text: str, mark: str) -> None:
        """Put text holding cloze answer delimiters: what they enclose is marked `answer`."""
        piece = ""
        for char in text:
            if char in (ANSWER_START, ANSWER_END):
                if piece:
                    self.lines[-1].append((piece, self._marks(mark)))
                piece, self.answer = "", char == ANSWER_START
            else:
                piece += char
        if piece:
            self.lines[-1].append((piece, self._marks(mark)))

    def _marks(self, mark: str) -> str:
        marks = [*self.marks, mark, "answer" if self.answer else ""]
        return " ".join(m for m in marks if m)

    def spans(self) -> Spans:
        """Return the lines as spans joined by newlines, neighbours of one style merged."""
        while self.lines and not "".join(t for t, _ in self.lines[-1]).strip():
            self.lines.pop()
        merged: list[Span] = []
        for number, line in enumerate(self.lines):
            for text, marks in ([("\n", "")] if number else []) + line:
                if merged and merged[-1][1] == marks:
                    merged[-1] = (merged[-1][0] + text, marks)
                elif text:
                    merged.append((text, marks))
        return tuple(merged)


def token_spans(tokens: Sequence[Token]) -> Spans:
    """Return the spans of a parsed card text."""
    layout = _Layout()
    lists: list[str] = []
    for token in tokens:
        _block_token(token, layout, lists)
    return layout.spans()


def _block_token(token: Token, layout: _Layout, lists: list[str]) -> None:
    """Lay out one block-level token."""
    kind = token.type
    if kind.endswith("_open") and kind.removesuffix("_open") in _BLOCKS and not token.hidden:
        layout.block()
    if kind in ("bullet_list_open", "ordered_list_open"):
        layout.block()
        lists.append(token.markup)
    elif kind in ("bullet_list_close", "ordered_list_close"):
        lists.pop()
    elif kind == "list_item_open":
        marker = f"{token.info}{token.markup} " if token.info else "- "
        layout.open(marker, " " * len(marker))
    elif kind == "blockquote_open":
        layout.open("> ", "> ")
    elif kind in ("list_item_close", "blockquote_close"):
        layout.close()
    elif kind == "heading_open":
        layout.marks.append("heading")
    elif kind == "heading_close":
        layout.marks.pop()
    else:
        _leaf(token, layout)


def _leaf(token: Token, layout: _Layout) -> None:
    """Lay out a block token that holds text: code, a rule, a table row or cell, inline text."""
    kind = token.type
    if kind in ("fence", "code_block"):
        layout.block()
        layout.write(token.content.removesuffix("\n"), "pre")
    elif kind == "hr":
        layout.block()
        layout.write("---")
    elif kind == "tr_open":
        layout.pending, layout.cells = True, 0
    elif kind in ("th_open", "td_open"):
        layout.write(" | " if layout.cells else "")
        layout.cells += 1
        layout.marks.append("strong" if kind == "th_open" else "")
    elif kind in ("th_close", "td_close"):
        layout.marks.pop()
    elif kind == "inline":
        for child in token.children or []:
            _inline(child, layout)


def _inline(token: Token, layout: _Layout) -> None:
    """Lay out one inline token."""
    kind = token.type
    name = kind.rsplit("_", 1)[0]
    if kind.endswith("_open") and name in _INLINE_MARKS:
        layout.marks.append(_INLINE_MARKS[name])
    elif kind.endswith("_close") and name in _INLINE_MARKS:
        layout.marks.pop()
    elif kind == "code_inline":
        layout.write(token.content, "code")
    elif kind in ("softbreak", "hardbreak"):
        layout.write("\n")
    elif kind == "image":
        # A terminal shows no picture: say there is one, what it shows and where it is.
        where = unquote(str(token.attrGet("src") or ""))
        described = f"{token.content} — " if token.content else ""
        layout.write(f"[image: {described}{where}]", "image")
    else:
        layout.write(token.content)
