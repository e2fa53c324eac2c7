"""The Mermaid filter: directives, front matter config and click bindings go, the rest stays."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studykit.export.markdown import mermaid_source

DIAGRAM = "flowchart LR\n  A --> B\n  B --> C\n  C --> D"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("flowchart LR\n  A-->B;click A call alert(1)\n  B-->C", "flowchart LR\n  A-->B;\n  B-->C"),
        (
            'flowchart LR\n  A-->B ; click B href "javascript:x;y" ; B-->C',
            "flowchart LR\n  A-->B ; B-->C",
        ),
        (
            'flowchart LR\n  A-->B %%{init: {"securityLevel": "loose"}}%%\n  B-->C',
            "flowchart LR\n  A-->B \n  B-->C",
        ),
        ('%%{init: {"securityLevel": "loose"}}%% flowchart LR\n  A-->B', "flowchart LR\n  A-->B"),
        (
            '%%{\n  init: {"securityLevel": "loose"}\n}%%\nflowchart LR\n  A-->B',
            "flowchart LR\n  A-->B",
        ),
        (
            "---\ntitle: Lifecycle\nconfig:\n  securityLevel: loose\n---\nflowchart LR\n  A-->B",
            "flowchart LR\n  A-->B",
        ),
        (
            'flowchart LR\n  click A call alert(1)\n  A-->B\n  click B href "x"\n  B-->C',
            "flowchart LR\n  A-->B\n  B-->C",
        ),
        ('flowchart LR\n  A["a; click here"] --> B', 'flowchart LR\n  A["a; click here"] --> B'),
        (
            'classDiagram\n  class A\n  link A "https://x"\n  callback A "f"\n  click A call g()',
            "classDiagram\n  class A",
        ),
        (
            "sequenceDiagram\n  participant A\n  link A: Docs @ https://x\n  links A: {}\n  A->>A: hi",
            "sequenceDiagram\n  participant A\n  A->>A: hi",
        ),
        ("flowchart LR\n  link --> clicker", "flowchart LR\n  link --> clicker"),
    ],
)
def test_the_filter_removes_what_it_must_and_keeps_the_rest(source: str, expected: str) -> None:
    assert mermaid_source(source) == expected


def test_lines_after_a_click_line_are_kept() -> None:
    source = "flowchart LR\n  click A call alert(1)\n" + "\n".join(
        f"  N{n} --> N{n + 1}" for n in range(9)
    )
    assert mermaid_source(source).count("-->") == 9


def test_a_directive_hidden_by_removing_another_is_removed_too() -> None:
    source = '%%{%%{init: {}}%%init: {"securityLevel": "loose"}}%%\nflowchart LR\n  A-->B'
    assert "%%{" not in mermaid_source(source) and "A-->B" in mermaid_source(source)


_PIECES = st.sampled_from(
    [
        "click A call alert(1)", "click", ";", "\n", " ", '"', "%%{init: {}}%%", "%%{", "}%%",
        "---\n", "config:\n  securityLevel: loose\n", "A-->B", "link", "classDiagram\n",
    ]
)  # fmt: skip


@given(pieces=st.lists(_PIECES, max_size=12))
def test_no_directive_front_matter_or_click_statement_survives(pieces: list[str]) -> None:
    cleaned = mermaid_source("".join(pieces))
    assert not re.search(r"%%\{\s*\w", cleaned)
    assert not re.match(r"-{3}\s*\n.*?\n-{3}", cleaned, re.DOTALL)
    statements = [s.strip() for line in cleaned.split("\n") for s in _unquoted_split(line)]
    assert not any(re.match(r"click\b", s) for s in statements)


def _unquoted_split(line: str) -> list[str]:
    """Split a line on `;` outside double quotes."""
    parts, current, quoted = [], "", False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]
