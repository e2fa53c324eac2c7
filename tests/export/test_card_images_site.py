"""Card images on the built site and in the Markdown export: copied, pointed at, cleaned."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.decks import open_deck_folder
from studykit.export.plugin import build_site

PNG = b"\x89PNG\r\n\x1a\n" + b"\2" * 40
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10" onload="alert(1)">'
    '<rect width="20" height="10"/></svg>'
)
DECK = """\
id: pics
title: Pictures
cards:
  - id: stack
    kind: basic
    front: "What sits between these layers? ![Hardware below, processes above](images/stack.png)"
    back: "The kernel. ![The kernel's place](images/kernel.svg)"
    tags: [glossary]
  - id: pick
    kind: choice
    question: Which picture shows a hypervisor?
    choices: ["![A hypervisor under two VMs](images/stack.png)", "A kernel alone"]
    answer: "![A hypervisor under two VMs](images/stack.png)"
"""


def _decks(tmp_path: Path) -> Path:
    decks = tmp_path / "decks"
    (decks / "images").mkdir(parents=True)
    (decks / "images" / "stack.png").write_bytes(PNG)
    (decks / "images" / "kernel.svg").write_text(SVG, encoding="utf-8")
    (decks / "pics.yaml").write_text(DECK, encoding="utf-8")
    return decks


def _sources(page: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', page.replace('\\"', '"'))


def test_the_site_copies_each_image_once_and_every_page_points_at_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(open_deck_folder(_decks(tmp_path)), config_file=None, site_dir=site)
    copies = sorted(p.name for p in (site / "assets" / "studykit" / "images").iterdir())
    assert len(copies) == 2 and {Path(c).suffix for c in copies} == {".png", ".svg"}
    pages = {
        "deck": site / "decks" / "pics" / "index.html",
        "practice": site / "practice" / "pics" / "index.html",
        "glossary": site / "glossary" / "index.html",
    }
    for name, page in pages.items():
        sources = _sources(page.read_text(encoding="utf-8").replace("\\u003c", "<"))
        assert sources, name
        for source in sources:
            assert (page.parent / source).resolve().is_file(), (name, source)
            assert "images/stack.png" not in source  # the author's path is not served
    svg = next((site / "assets" / "studykit" / "images").glob("*.svg")).read_text()
    assert "onload" not in svg and "<rect" in svg


def test_the_markdown_export_carries_the_images(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["export", "markdown", str(out), "--decks", str(_decks(tmp_path))]
    )
    assert result.exit_code == 0, result.output
    page = (out / "docs" / "decks" / "pics.md").read_text(encoding="utf-8")
    for source in _sources(page):
        # From the built page decks/pics/index.html (folders, the exported mkdocs.yml's default).
        assert (out / "docs" / "decks" / "pics" / source).resolve().is_file(), source
