"""Make a deck's Mermaid source safe to publish: no configuration, no click bindings.

A deck's diagram needs neither, and both reach past the picture: configuration can lower
Mermaid's security level, and interaction statements bind links and callbacks to nodes.
The filter removes exactly those parts, the way Mermaid 11 reads them, and keeps the rest
of the diagram. It first cleans the text as Mermaid does (line breaks, quotes in HTML
tags), then:

- every `%%{...}%%` directive goes, wherever it stands (Mermaid reads them anywhere,
  even unclosed to the end of the text); a `%%{` left over (one that is no directive, or
  one that removing another brought together) becomes `%% {`, which Mermaid never reads
  as a directive;
- interaction statements go, at the start of a line or after a `;` outside double quotes,
  each up to the next such `;` or the line's end: `click` in every diagram type, also
  `link` and `callback` in class diagrams, `link` and `links` in sequence diagrams;
- front matter (`---` lines around YAML at the top), which may set `config:`, goes; the
  deck gives the diagram its title.

Each step is one linear pass.
"""

from __future__ import annotations

import re

_SPACE = "[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]"
"""JavaScript's \\s, which Mermaid's patterns use (Python's \\s differs)."""
_WORD = "[A-Za-z0-9_]"
DIRECTIVE = re.compile(
    f"%%\\{{{_SPACE}*(?:{_WORD}+{_SPACE}*:|{_WORD}+){_SPACE}*"
    f"(?:{_WORD}+|(?:(?!\\}}%%).|\\r?\\n)*)?{_SPACE}*(?:\\}}%%)?",
    re.IGNORECASE,
)
"""Mermaid's directive pattern (`%{2}{...}%{2}`, the closing optional), in Python."""
FRONT_MATTER = re.compile(r"\A(?:\s*-{3}[ \t]*\n.*?\n-{3}[ \t]*(?:\n|\Z))+", re.DOTALL)
"""Mermaid's front matter: `---` at the very top, YAML, a closing `---` line (and any more)."""
_TAG_START = re.compile(r"<[A-Za-z0-9_]+")
_ATTRIBUTE = re.compile(r'="([^"]*)"')
_INTERACTION = {
    "classdiagram": ("click", "link", "callback"),
    "classdiagram-v2": ("click", "link", "callback"),
    "sequencediagram": ("click", "link", "links"),
}
_CASE_SENSITIVE = ("flowchart", "graph", "classdiagram", "classdiagram-v2")
"""Diagram types whose keywords Mermaid's lexer matches case-sensitively."""


def safe_mermaid(source: str) -> str:
    """Return the source without directives, front matter or interaction statements."""
    text = DIRECTIVE.sub("", _cleaned(source)).replace("%%{", "%% {")
    text = FRONT_MATTER.sub("", text, count=1)
    kind = _diagram_type(text)
    words = "|".join(_INTERACTION.get(kind, ("click",)))
    flags = 0 if kind in _CASE_SENSITIVE else re.IGNORECASE
    keyword = re.compile(rf"\s*(?:{words})\b", flags)
    lines = (_without_statements(line, keyword) for line in text.split("\n"))
    text = "\n".join(line for line in lines if line is not None)
    return FRONT_MATTER.sub("", text, count=1).strip()  # a removed first line may uncover one


def _cleaned(source: str) -> str:
    """Return the text as Mermaid's cleanupText leaves it: `\\n` breaks, `'` in tags."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    parts: list[str] = []
    position = 0
    # Mermaid's /<(\w+)([^>]*)>/g, in one pass: past the last `>` no tag can close.
    end = text.rfind(">")
    while (match := _TAG_START.search(text, position, end)) is not None:
        close = text.index(">", match.end())
        attributes = _ATTRIBUTE.sub(_single_quoted, text[match.end() : close])
        parts += [text[position : match.start()], match.group(), attributes, ">"]
        position = close + 1
    return "".join(parts) + text[position:]


def _single_quoted(match: re.Match[str]) -> str:
    return f"='{match[1]}'"


def _diagram_type(text: str) -> str:
    """Return the diagram's type keyword, lower case (its first word that is no comment)."""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("%%"):
            return stripped.split(maxsplit=1)[0].rstrip(";").lower()
    return ""


def _without_statements(line: str, keyword: re.Pattern[str]) -> str | None:
    """Return the line without its interaction statements; None if nothing else was on it."""
    kept: list[str] = []
    removed = False
    for statement, separator in _statements(line):
        if keyword.match(statement):
            removed = True
            continue
        kept.append(statement + separator)
    if removed and not "".join(kept).strip():
        return None
    return "".join(kept)


def _statements(line: str) -> list[tuple[str, str]]:
    """Split a line into statements and the `;` after each (none inside double quotes)."""
    parts: list[tuple[str, str]] = []
    start, quoted = 0, False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append((line[start:index], ";"))
            start = index + 1
    parts.append((line[start:], ""))
    return parts
