"""Card Markdown as styled text: inline emphasis, code and links, fenced code kept verbatim.

Cards hold short Markdown. `rich.markdown` would cost ~0.1 s of imports (markdown-it and
pygments) before the first card, so this renders the inline subset cards use and shows
anything else as written.
"""

from __future__ import annotations

import re

from studykit.tui.ansi import Styled

_INLINE = re.compile(
    r"(?P<code>`[^`\n]+`)"
    r"|(?P<strong>\*\*[^*\n]+\*\*|__[^_\n]+__)"
    r"|(?P<em>(?<![\w*])\*[^*\n]+\*(?!\*)|(?<!\w)_[^_\n]+_(?!\w))"
    r"|(?P<link>\[[^\]\n]+\]\([^)\s]+\))"
)
_STYLES = {"code": "bold cyan", "strong": "bold", "em": "italic", "link": "underline"}
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def inline_text(text: str, base: str = "") -> Styled:
    """Return one run of Markdown with its inline marks turned into styles."""
    out = Styled(style=base)
    position = 0
    for match in _INLINE.finditer(text):
        out.append(text[position : match.start()])
        kind = match.lastgroup or "code"
        token = match.group()
        if kind == "code":
            inner = token[1:-1]
        elif kind == "strong":
            inner = token[2:-2]
        elif kind == "em":
            inner = token[1:-1]
        else:
            inner = token[1 : token.index("](")]
        out.append(inner, style=_STYLES[kind])
        position = match.end()
    out.append(text[position:])
    return out


def markdown_text(text: str, style: str = "") -> Styled:
    """Return card Markdown as styled text (code fences shown verbatim, dimmed)."""
    out = Styled(style=style)
    position = 0
    for fence in _FENCE.finditer(text):
        out.append_text(inline_text(text[position : fence.start()]))
        out.append(fence.group(1).rstrip("\n"), style="cyan")
        position = fence.end()
    out.append_text(inline_text(text[position:]))
    out.rstrip()
    return out


def plain(text: str) -> str:
    """Return card Markdown without its inline marks (for the line protocol)."""
    return markdown_text(text).plain
