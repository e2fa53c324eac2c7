"""Styled text, panels and padding written with ANSI escape codes: the quiz's renderer.

Decision: the quiz renders with this, not rich (the other views keep rich): importing
rich.console, rich.text and rich.panel took 18-20 ms (python -X importtime), over half of the
time the first card may take beyond `import typer`.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from functools import lru_cache
from itertools import pairwise
from typing import IO, Protocol

Segment = tuple[str, str]
"""A piece of text and its style, e.g. `("wrong", "bold red")`."""
Line = list[Segment]

ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "reverse": 7, "strike": 9}
COLOURS = {
    "black": 0, "red": 1, "green": 2, "yellow": 3,
    "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
}  # fmt: skip
NO_BREAK = "\xa0"
"""A space that wrapping never breaks at: it keeps a key with its word (`q quit`)."""
_WORD = re.compile(r"[^\S\xa0]*[\S\xa0]+[^\S\xa0]*")
# rich's Text drops these; the line protocol prints `plain` and must not change.
_TEXT_CONTROLS = dict.fromkeys((7, 8, 11, 12, 13))
# Card text must not drive the terminal: no escape sequences from a deck reach the screen.
_SCREEN_CONTROLS = dict.fromkeys([*range(32), 127, *range(128, 160)])
del _SCREEN_CONTROLS[10]
_ASCII_BOX = str.maketrans("╭╮╰╯─│", "++++-|")
TAB_SIZE = 8
DUMB_TERMINALS = ("dumb", "unknown")
DUMB_WIDTH = 80


class Renderable(Protocol):
    """Anything the console prints: it lays itself out as lines of a given width."""

    def lines(self, width: int) -> list[Line]:
        """Return the lines, each at most `width` cells."""
        ...


def join_styles(base: str, style: str) -> str:
    """Return `style` over `base` (its colours win, attributes add up)."""
    return f"{base} {style}".strip()


@lru_cache(maxsize=256)
def sgr(style: str, colour: bool = True) -> str:
    """Return the SGR parameters of a style (`bold red` gives `1;31`); colour=False drops colours."""
    attributes: set[int] = set()
    colours: dict[int, int] = {}
    words = iter(style.split())
    for word in words:
        if word in ATTRIBUTES:
            attributes.add(ATTRIBUTES[word])
        elif word == "on":
            colours[40] = _colour(next(words, ""), style)
        else:
            colours[30] = _colour(word, style)
    codes = sorted(attributes)
    if colour:
        codes += [base + number for base, number in sorted(colours.items())]
    return ";".join(map(str, codes))


def _colour(word: str, style: str) -> int:
    if word not in COLOURS:
        raise ValueError(f"unknown style {word!r} in {style!r}")
    return COLOURS[word]


def char_width(char: str) -> int:
    """Return the terminal cells a character takes: 2 for wide (CJK, emoji), 0 for combining."""
    if char.isascii():
        return 1 if char.isprintable() else 0
    # Imported here: most cards are ASCII, and the first card should not wait for it.
    import unicodedata

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """Return the terminal cells a string takes."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(char_width, text))


class Styled:
    """Text made of styled spans; `style` lies under every span (as in rich's Text)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        self.spans: Line = []
        self.append(text)

    def append(self, text: str, style: str = "") -> Styled:
        """Add text in a style; return self, to chain."""
        text = text.translate(_TEXT_CONTROLS)
        if text:
            self.spans.append((text, style))
        return self

    def append_text(self, other: Styled) -> Styled:
        """Add another Styled, its own base style kept; return self."""
        self.spans += [(text, join_styles(other.style, style)) for text, style in other.spans]
        return self

    @property
    def plain(self) -> str:
        """Return the text without styles."""
        return "".join(text for text, _ in self.spans)

    def rstrip(self) -> None:
        """Remove whitespace at the end."""
        while self.spans:
            text, style = self.spans[-1]
            if text.rstrip():
                self.spans[-1] = (text.rstrip(), style)
                return
            self.spans.pop()

    def segments(self) -> Line:
        """Return the spans with the base style joined to each."""
        return [(text, join_styles(self.style, style)) for text, style in self.spans]

    def lines(self, width: int) -> list[Line]:
        """Return the text split at newlines and word-wrapped to `width`."""
        return [part for line in split_lines(self.segments()) for part in wrap(line, width)]


def split_lines(segments: Line) -> list[Line]:
    """Return segments cut at each newline (an empty text is one empty line)."""
    lines: list[Line] = [[]]
    for text, style in segments:
        first, *rest = text.split("\n")
        lines[-1] += [(first, style)] if first else []
        lines += [[(part, style)] if part else [] for part in rest]
    return lines


def keys_hint(text: str) -> str:
    """Return `u undo  q quit` with each key bound to its word, so a wrap keeps them together.

    Groups are separated by two or more spaces; a group's first space is bound when the
    key before it is short (`q`, `:u`, `1-4`).
    """
    return re.sub(r"(^|(?<=  ))(\S{1,3}) ", lambda m: m.group(2) + NO_BREAK, text)


def wrap(line: Line, width: int) -> list[Line]:
    """Return one line wrapped at spaces to `width` cells; a longer word is broken."""
    line = [(text.translate(_SCREEN_CONTROLS), style) for text, style in expand_tabs(line)]
    plain = "".join(text for text, _ in line)
    return [_cut(line, start, end) for start, end in _breaks(plain, max(width, 1))]


def expand_tabs(line: Line) -> Line:
    """Return the line with tabs turned into spaces up to the next tab stop."""
    if not any("\t" in text for text, _ in line):
        return line
    out: Line = []
    column = 0
    for text, style in line:
        pieces = []
        for number, piece in enumerate(text.split("\t")):
            if number:
                spaces = TAB_SIZE - column % TAB_SIZE
                pieces.append(" " * spaces)
                column += spaces
            pieces.append(piece)
            column += cell_len(piece)
        out.append(("".join(pieces), style))
    return out


def _breaks(plain: str, width: int) -> list[tuple[int, int]]:
    """Return (start, end) of each wrapped line of `plain`, without the spaces at its end."""
    starts = _line_starts(plain, width)
    return [
        (start, start + len(plain[start:after].rstrip()))
        for start, after in pairwise([*starts, len(plain)])
    ]


def _line_starts(plain: str, width: int) -> list[int]:
    """Return where each wrapped line starts: before the word that overflows it."""
    starts = [0]
    column = 0
    for match in _WORD.finditer(plain):
        word_end = match.start() + len(match.group().rstrip())
        size = cell_len(plain[match.start() : word_end])
        if column and column + size > width:
            starts.append(match.start())
            column = 0
        if size > width:  # a word wider than a line is broken where the line is full
            for index in range(match.start(), word_end):
                cells = char_width(plain[index])
                if column and column + cells > width:
                    starts.append(index)
                    column = 0
                column += cells
        else:
            column += size
        column += cell_len(plain[word_end : match.end()])
    return starts


def _cut(line: Line, start: int, end: int) -> Line:
    """Return the part of a line between two character offsets."""
    out: Line = []
    position = 0
    for text, style in line:
        low, high = max(start - position, 0), min(end - position, len(text))
        if low < high:
            out.append((text[low:high], style))
        position += len(text)
    return out


def line_len(line: Line) -> int:
    """Return the cells a line takes."""
    return sum(cell_len(text) for text, _ in line)


def crop(line: Line, width: int) -> Line:
    """Return the line cut to at most `width` cells."""
    out: Line = []
    room = width
    for text, style in line:
        kept = ""
        for char in text:
            if char_width(char) > room:
                return [*out, (kept, style)]
            kept += char
            room -= char_width(char)
        out.append((kept, style))
    return out


class Group:
    """Renderables one under the other."""

    def __init__(self, *items: Renderable) -> None:
        self.items = items

    def lines(self, width: int) -> list[Line]:
        """Return the lines of every item in turn."""
        return [line for item in self.items for line in item.lines(width)]


class Padding:
    """A renderable with blank cells at its left and right."""

    def __init__(self, item: Renderable, left: int = 1, right: int = 1) -> None:
        self.item, self.left, self.right = item, left, right

    def lines(self, width: int) -> list[Line]:
        """Return the item's lines, narrower by the padding and indented by `left`."""
        inner = self.item.lines(width - self.left - self.right)
        return [[(" " * self.left, ""), *line] for line in inner]


class Box:
    """A rounded box: the title on its top border at the left, the subtitle at the bottom right."""

    def __init__(
        self, item: Renderable, title: Styled | str | None = None, subtitle: Styled | None = None
    ) -> None:
        self.item = item
        self.title = Styled(title) if isinstance(title, str) else title
        self.subtitle = subtitle

    def lines(self, width: int) -> list[Line]:
        """Return the box, `width` cells wide, its body wrapped inside.

        A title too long for the top border goes inside, wrapped, rather than being cut:
        at 60 columns a card's key (`deck/card#c2`) must stay whole.
        """
        inner = max(width - 4, 1)
        title, inside = self.title, self.item.lines(inner)
        if title is not None and line_len(title.segments()) + 2 > inner:
            inside = [*title.lines(inner), *inside]
            title = None
        body = [[("│ ", ""), *line, (" " * (inner - line_len(line)) + " │", "")] for line in inside]
        top = _border("╭", "╮", title, inner, left=True)
        bottom = _border("╰", "╯", self.subtitle, inner, left=False)
        return [top, *body, bottom]


def _border(first: str, last: str, label: Styled | None, inner: int, left: bool) -> Line:
    """Return a horizontal border with a label on it (framed by spaces), or a plain one."""
    if label is None:
        return [(first + "─" * (inner + 2) + last, "")]
    framed = crop([(" ", label.style), *label.segments(), (" ", label.style)], inner)
    rule = "─" * (inner - line_len(framed))
    if left:
        return [(first + "─", ""), *framed, (rule + "─" + last, "")]
    return [(first + "─" + rule, ""), *framed, ("─" + last, "")]


class Screen:
    """Print renderables to a stream: styled on a colour terminal, plain text elsewhere.

    Like rich: no escape codes when the stream is not a terminal or TERM is dumb (FORCE_COLOR
    styles a non-terminal); NO_COLOR drops colours but keeps bold, dim, reverse and the rest.
    The width is the terminal's (or $COLUMNS), asked at every print so a resize reflows; a
    dumb terminal is laid out 80 cells wide, as rich does.
    """

    def __init__(
        self,
        file: IO[str] | None = None,
        width: int | None = None,
        styled: bool | None = None,
        colour: bool | None = None,
    ) -> None:
        self.file = file if file is not None else sys.stdout
        self.fixed_width = width
        self.dumb = os.environ.get("TERM", "").lower() in DUMB_TERMINALS
        self.styled = (not self.dumb and _terminal(self.file)) if styled is None else styled
        self.colour = os.environ.get("NO_COLOR", "") == "" if colour is None else colour
        encoding = getattr(self.file, "encoding", None) or "utf-8"
        self.encoding = None if encoding.lower().replace("-", "").startswith("utf") else encoding

    @property
    def width(self) -> int:
        """Return the width lines wrap at."""
        if self.fixed_width:
            return self.fixed_width
        return DUMB_WIDTH if self.dumb else shutil.get_terminal_size().columns

    def print(self, item: Renderable | str = "", style: str = "") -> None:
        """Print a renderable, or a string in one style (a string is never markup)."""
        view = Styled(item, style) if isinstance(item, str) else item
        text = "".join(f"{self.render(line)}\n" for line in view.lines(self.width))
        text = text.replace(NO_BREAK, " ")  # it has kept its words together: print a space
        if self.encoding is not None:
            # rich draws an ASCII box where the box characters cannot be encoded.
            text = text.translate(_ASCII_BOX).encode(self.encoding, "replace").decode(self.encoding)
        self.file.write(text)
        self.file.flush()

    def render(self, line: Line) -> str:
        """Return one line with the escape codes of its styles."""
        return "".join(self._styled(text, style) for text, style in line)

    def _styled(self, text: str, style: str) -> str:
        codes = sgr(style, self.colour) if self.styled and text else ""
        return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def _terminal(file: IO[str]) -> bool:
    """Return whether the stream is a terminal (FORCE_COLOR says to treat it as one)."""
    if os.environ.get("FORCE_COLOR", "") != "":
        return True
    try:
        return file.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False
