"""Turn the HTML of Anki fields into the Markdown of studykit cards (pure).

Anki fields are HTML; studykit cards are Markdown whose raw HTML is shown as text. Bold,
italics, strike-through, code, links, lists, preformatted blocks and line breaks become
their Markdown; images and `[sound:...]` tags become references to the copied media file
(`name_media` gives each its path, or None when the file is not in the package); every
other element keeps its text. Text that Markdown would read as markup is escaped, so the
card shows what Anki showed. Cloze markers (`{{c1::...}}`) pass through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

MediaNamer = Callable[[str], str | None]
"""Maps a media file name in Anki to its path beside the deck file, or None."""

_SPACE = re.compile(r"[ \t\r\n\f]+")
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_INLINE_ESCAPE = re.compile(r"([\\`*_\[\]<>~|])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "strike": "~~", "del": "~~"}
_BREAKS = {"div", "p", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
_ADJACENT = re.compile(r"</(b|strong|i|em|s|strike|del)>(\s*)<\1>", re.IGNORECASE)
"""`<b>a</b><b>b</b>` is one bold run: Markdown has no way to write two in a row."""
_SKIPPED = {"script", "style", "head", "title"}
_HARD_BREAK = "\\\n"
"""CommonMark's hard line break: a backslash at the end of a line."""
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Return text with what Markdown would read as markup escaped.

    `line_start` says whether the text starts a line, where `#`, `>`, `-`, `+`, `=` and
    `1.` would start a heading, quote, list or underline.
    """
    escaped = _ENTITY.sub("&amp;", _INLINE_ESCAPE.sub(r"\\\1", text))
    if not line_start:
        return escaped
    return _LINE_START.sub(_escape_line_start, escaped, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    """Escape the mark that would start a block: `\\#`, `\\-`, `1\\.`."""
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def _code_span(text: str) -> str:
    """Return text as a code span, fenced by more backticks than it holds in a row."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


class _Converter(HTMLParser):
    """Collect Markdown while the HTML is fed in."""

    def __init__(self, name_media: MediaNamer) -> None:
        super().__init__(convert_charrefs=True)
        self.name_media = name_media
        self.out: list[str] = []
        self.skipping = 0
        self.pre = 0
        self.code: list[str] | None = None
        self.lists: list[list[int]] = []  # one counter per open list; [0] for bullets
        self.link: str | None = None
        self.marks: list[int] = []  # where each open bold, italics or strike-through starts

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: write its opening mark."""
        values = {name: value or "" for name, value in attrs}
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _MARKS:
            self.marks.append(len(self.out))
            self.out.append(_MARKS[tag])
        elif tag == "br":
            self._line_break()
        elif tag in _BREAKS:
            self._break(2 if tag == "p" else 1)
        elif tag in ("ul", "ol"):
            self._break(2 if not self.lists else 1)
            self.lists.append([1 if tag == "ol" else 0])
        elif tag == "li":
            self._list_item()
        elif tag in ("td", "th"):
            self.out.append(" | " if self.out and not self.out[-1].endswith("\n") else "")
        else:
            self._special_start(tag, values)

    def _special_start(self, tag: str, values: dict[str, str]) -> None:
        if tag == "pre":
            self._break(2)
            self.out.append("```\n")
            self.pre += 1
        elif tag == "code" and not self.pre:
            self.code = []
        elif tag == "img":
            self._image(values.get("src", ""), values.get("alt", ""))
        elif tag == "a" and _SAFE_LINK.match(values.get("href", "")):
            self.link = values["href"]
            self.out.append("[")

    def handle_endtag(self, tag: str) -> None:
        """Close an element: write its closing mark."""
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _MARKS:
            self._close_matching(_MARKS[tag])
        elif tag in _BREAKS:
            self._break(2 if tag == "p" else 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._break(2 if not self.lists else 1)
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self.out.append("\n```\n\n")
        elif tag == "code" and self.code is not None:
            self.out.append(_code_span("".join(self.code)))
            self.code = None
        elif tag == "a" and self.link is not None:
            self.out.append(f"]({self.link})")
            self.link = None

    def _line_break(self) -> None:
        """Write a <br>: a line break, or a paragraph break when it follows another."""
        if self.pre:
            self.out.append("\n")
        elif self.out and self.out[-1] == _HARD_BREAK:
            self._break(2)
        else:
            self.out.append(_HARD_BREAK)

    def _close_matching(self, mark: str) -> None:
        """Close the innermost open mark of this kind (HTML from editors nests loosely)."""
        for position in reversed(range(len(self.marks))):
            if self.out[self.marks[position]] == mark:
                self._close_mark(self.marks.pop(position))
                return

    def unclosed(self) -> None:
        """Drop the marks of elements never closed."""
        for start in self.marks:
            self.out[start] = ""
        self.marks.clear()

    def _close_mark(self, start: int) -> None:
        """Close bold, italics or strike-through: spaces and line breaks go outside the marks.

        Markdown reads `**bold **` as text, so the spaces at either end move out; an
        empty pair (`<b></b>`) is dropped.
        """
        for inside in [m for m in self.marks if m > start]:
            self.out[inside] = ""  # a mark opened inside and still open: dropped
            self.marks.remove(inside)
        mark, inner = self.out[start], "".join(self.out[start + 1 :])
        core = inner.strip(" ")
        trail = inner[len(inner.rstrip(" ")) :]
        if core.endswith(_HARD_BREAK):
            core, trail = core.removesuffix(_HARD_BREAK).rstrip(" "), _HARD_BREAK
        lead = inner[: len(inner) - len(inner.lstrip(" "))]
        self.out[start:] = [lead, f"{mark}{core}{mark}" if core else "", trail]

    def handle_data(self, data: str) -> None:
        """Write text: escaped, spaces collapsed (kept as written in code and pre)."""
        if self.skipping:
            return
        if self.code is not None:
            self.code.append(_SPACE.sub(" ", data))
        elif self.pre:
            self.out.append(data)
        else:
            self._text(_SPACE.sub(" ", data))

    def _text(self, text: str) -> None:
        """Write running text, turning `[sound:x]` tags into links to the media file."""
        position = 0
        for match in _SOUND.finditer(text):
            self._escaped(text[position : match.start()])
            self._media_link(match.group(1))
            position = match.end()
        self._escaped(text[position:])

    def _escaped(self, text: str) -> None:
        """Write text escaped for Markdown, as the start of a line where it is one."""
        ending = next((part for part in reversed(self.out) if part), "\n")
        self.out.append(escape_markdown(text, line_start=ending.endswith("\n")))

    def _media_link(self, name: str) -> None:
        path = self.name_media(name)
        shown = escape_markdown(name)
        self.out.append(f"[{shown}]({path})" if path else shown)

    def _image(self, source: str, alt: str) -> None:
        path = self.name_media(source)
        alt_text = escape_markdown(_SPACE.sub(" ", alt).strip() or source.rsplit("/", 1)[-1])
        if path:
            self.out.append(f"![{alt_text}]({path})")
        elif _SAFE_LINK.match(source):
            self.out.append(f"[{alt_text}]({source})")
        else:
            self.out.append(alt_text)

    def _list_item(self) -> None:
        self._break(1)
        depth = max(0, len(self.lists) - 1)
        counter = self.lists[-1] if self.lists else [0]
        marker = f"{counter[0]}." if counter[0] else "-"
        if counter[0]:
            counter[0] += 1
        self.out.append("   " * depth + marker + " ")

    def _break(self, lines: int) -> None:
        """End the current line (1) or paragraph (2), unless the text already does."""
        while self.out and (self.out[-1] == _HARD_BREAK or not self.out[-1].strip(" \n")):
            self.out.pop()  # line ends and a <br> just before: written again as one break
        if self.out:
            self.out.append("\n" * lines)


def html_to_markdown(html: str, name_media: MediaNamer = lambda name: None) -> str:
    """Return the Markdown of an Anki field's HTML."""
    converter = _Converter(name_media)
    converter.feed(_ADJACENT.sub(r"\2", html))
    converter.close()
    converter.unclosed()
    text = "".join(converter.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"(\\\n)+$", "", text.strip())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _Text(HTMLParser):
    """Collect the text of HTML, a space for each line break or block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count skipped elements; a break or block separates words."""
        self.skipping += tag in _SKIPPED
        if tag == "br" or tag in _BREAKS or tag == "li":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        """Leave a skipped element."""
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BREAKS or tag == "li":
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        """Keep text outside scripts and styles."""
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Return the text of an Anki field's HTML, as a typed answer is compared: no markup."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _SPACE.sub(" ", "".join(parser.parts)).strip()
