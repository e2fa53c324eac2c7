"""Diagrams drawn at build time: cleaned SVG files, a cache, a time limit, and a fallback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from studykit.export import diagrams
from studykit.export.diagrams import diagram_path, draw_diagrams
from studykit.export.svg_clean import UnsafeSvg, clean_svg

FLOW = "flowchart LR\n  kernel[Host kernel] --> runc"

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0 0 100 50" width="100%" style="max-width: 100px" onload="alert(1)">
<style>.a{fill:url(#grad)}</style>
<style>@import url(http://example.org/x.css); .b{background:url(http://x/y)}</style>
<script>alert(2)</script>
<a xlink:href="javascript:alert(3)"><text>link</text></a>
<image href="http://example.org/tracker.png"/>
<use xlink:href="#shape" onclick="alert(4)"/>
<use href="http://example.org/sprite.svg#x"/>
<rect style="fill: url(https://example.org/p)" marker-end="url(#arrow)"/>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><span>label</span>
<iframe src="http://example.org"/><img src="x" onerror="alert(5)"/></div></foreignObject>
</svg>"""


def test_clean_svg_keeps_the_picture_and_drops_what_runs_or_loads() -> None:
    cleaned = clean_svg(HOSTILE_SVG)
    for gone in ("alert", "<script", "example.org", "@import", "<image", "<iframe", "<img", "<a "):
        assert gone not in cleaned, gone
    assert "url(#grad)" in cleaned and 'marker-end="url(#arrow)"' in cleaned
    assert 'href="#shape"' in cleaned and "label</html:span>" in cleaned
    # Sized by its view box (plus a margin), so an <img> shows it at its natural size.
    assert re.search(r'width="116"', cleaned) and 'height="66"' in cleaned
    assert "max-width" not in cleaned


@pytest.mark.parametrize(
    "text",
    [
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        "<svg><unclosed></svg>",
        '<html xmlns="http://www.w3.org/1999/xhtml"/>',
    ],
)
def test_clean_svg_refuses_what_is_no_plain_svg(text: str) -> None:
    with pytest.raises(UnsafeSvg):
        clean_svg(text)


def test_a_diagram_is_drawn_once_then_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path))
    drawn = draw_diagrams([FLOW, FLOW])
    assert list(drawn.svgs) == [diagram_path(FLOW)] and not drawn.failed
    svg = drawn.svgs[diagram_path(FLOW)]
    assert svg.startswith("<svg") and "Host kernel" in svg and "runc" in svg

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached diagram was drawn again")

    monkeypatch.setattr(subprocess, "Popen", no_child)
    assert draw_diagrams([FLOW]).svgs == drawn.svgs


def test_a_diagram_mermaid_refuses_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path))
    drawn = draw_diagrams(["flowchart LR\n  A -->", FLOW])
    assert list(drawn.failed) == ["flowchart LR\n  A -->"] and drawn.failed["flowchart LR\n  A -->"]
    assert list(drawn.svgs) == [diagram_path(FLOW)]  # the next diagram is still drawn


def test_a_slow_diagram_is_stopped_and_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(diagrams, "DRAW_SECONDS", 0.05)
    slow = draw_diagrams([FLOW])
    assert "not drawn within" in slow.failed[FLOW] and not slow.svgs
    monkeypatch.setattr(diagrams, "DRAW_SECONDS", 60.0)
    assert list(draw_diagrams([FLOW]).svgs) == [diagram_path(FLOW)]


def test_an_overlong_diagram_is_not_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDYKIT_CACHE_DIR", str(tmp_path))
    huge = "flowchart LR" + "\n  A --> B" * 5000
    drawn = draw_diagrams([huge])
    assert list(drawn.failed) == [huge] and "longer than" in drawn.failed[huge]


def _mkdocs_build(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", *args]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)


def _site(folder: Path, mermaid: str, page: str = "") -> Path:
    """Write a one-deck site whose deck has this diagram (and a hand-written page)."""
    (folder / "decks").mkdir()
    diagram = "\n".join("      " + line for line in mermaid.splitlines())
    (folder / "decks" / "d.yaml").write_text(
        "id: d\ntitle: D\ncards:\n  - {id: a, kind: basic, front: F, back: B}\n"
        f"diagrams:\n  - id: g\n    title: Stack\n    mermaid: |\n{diagram}\n",
        encoding="utf-8",
    )
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(f"# Home\n\n{page}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: S\ntheme: {name: material}\nplugins: [search, studykit]\n", encoding="utf-8"
    )
    return folder


def test_an_undrawn_diagram_warns_shows_its_source_and_fails_a_strict_build(
    tmp_path: Path,
) -> None:
    folder = _site(tmp_path, "flowchart LR\n  A -->")
    built = _mkdocs_build(folder)
    assert built.returncode == 0 and "WARNING" in built.stderr and "not drawn" in built.stderr
    page = (folder / "site" / "decks" / "d" / "index.html").read_text(encoding="utf-8")
    assert "could not be drawn" in page and "flowchart LR" in page
    assert _mkdocs_build(folder, "--strict").returncode != 0


def test_mermaid_fences_of_hand_written_pages_are_drawn_too(tmp_path: Path) -> None:
    fence = "```mermaid\nflowchart TB\n  pod --> node\n```"
    folder = _site(tmp_path, FLOW, page=f"Before.\n\n{fence}\n\nAfter.")
    built = _mkdocs_build(folder, "--strict")
    assert built.returncode == 0, built.stderr
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    image = re.search(r'<img alt="Diagram" class="sk-diagram" src="([^"]+\.svg)"', home)
    assert image is not None and (folder / "site" / image.group(1)).is_file()
    assert "mermaid" not in home.split("<article", 1)[1].split("</article>", 1)[0]
    deck = (folder / "site" / "decks" / "d" / "index.html").read_text(encoding="utf-8")
    assert 'alt="Stack" class="sk-diagram"' in deck
