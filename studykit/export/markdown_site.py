"""`studykit export markdown DIR`: the generated pages as plain Markdown files, with their assets.

For a site generator that runs no MkDocs plugin (MkDocs 2, Zensical) or one that should not
need studykit installed (ProperDocs, a CI without Python packages of our own): `DIR/docs/`
holds every page the plugin would generate (home, deck pages, practice pages, glossary, the
runtime model's page), the drawn diagrams as SVG files and the practice page's CSS and
JavaScript; `DIR/mkdocs.yml` lists what the pages need (Material theme, Markdown extensions,
the CSS and scripts, practice pages kept out of the navigation), and ProperDocs or MkDocs
build it as it is. The pages are Python-Markdown with `attr_list`, `tables`, `def_list`,
`admonition`, `md_in_html` and `pymdownx.details`, and HTML blocks; nothing in them needs
the plugin.

In a course (a mkdocs.yml beside the decks), its hand-written pages come along: every file
of its docs folder is copied (hidden ones left out), a page's Mermaid fences drawn and its
catalogue marker filled as the plugin does (`hand_pages`), and its home page replaces the
generated one. The course's other settings (theme colours, extensions of its own) are not
carried over: the written mkdocs.yml is the one above, with the course's site name.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources
from pathlib import Path

from studykit.decks.folder import DeckFolder
from studykit.export.card_images import SITE_FOLDER, site_images
from studykit.export.diagrams import Drawings, draw_diagrams
from studykit.export.hand_pages import MAX_PAGE, fence_sources, finished_page, read_page
from studykit.export.page_paths import PRACTICE_FOLDER, PRACTICE_INDEX
from studykit.export.site_files import ASSETS, diagram_sources, site_files
from studykit.model import Deck

SCRIPTS = ("access.js", "grading.js", "practice.js")
"""The practice page's scripts, in the order a page loads them."""

CONFIG = """\
# Written by `studykit export markdown`: the study site's pages as plain Markdown, built by any
# generator that reads mkdocs.yml (ProperDocs, MkDocs 1.6) with the Material theme; no plugin.
site_name: {site_name}
docs_dir: docs
site_dir: site
theme:
  name: material
  font: false
  features: [navigation.tracking, navigation.top, search.highlight]
plugins:
  - search
markdown_extensions:
  - tables
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - toc: {{permalink: true}}
  - pymdownx.details
  - pymdownx.superfences
extra_css: [{assets}/studykit.css]
extra_javascript: [{scripts}]
# Practice pages are reached from their deck page; their index is in the navigation.
not_in_nav: |
  /{practice}/*.md
  !/{practice_index}
"""


def config_text(site_name: str) -> str:
    """Return the mkdocs.yml of an exported site."""
    scripts = ", ".join(f"{ASSETS}/{name}" for name in SCRIPTS)
    return CONFIG.format(
        site_name=json.dumps(site_name),
        assets=ASSETS,
        scripts=scripts,
        practice=PRACTICE_FOLDER,
        practice_index=PRACTICE_INDEX,
    )


def write_markdown_site(
    folder: DeckFolder, target: Path, site_name: str, pages: Path | None = None
) -> Drawings:
    """Write the pages, assets and mkdocs.yml into `target`; return the diagrams drawn.

    `pages` is the course's docs folder, whose hand-written pages come along.
    """
    docs = target / "docs"
    decks, models = folder.decks(), folder.models()
    hand_written = _hand_written(pages) if pages is not None else {}
    sources = diagram_sources(decks, models)
    sources += [fence for text in _texts(hand_written) for fence in fence_sources(text)]
    drawings = draw_diagrams(sources)
    images = site_images(decks, folder.path if folder.path.is_dir() else None)
    _copy_hand_written(hand_written, docs, decks, drawings.failed_sources())
    generated = site_files(
        decks,
        with_home="index.md" not in hand_written,
        models=models,
        undrawn=drawings.failed_sources(),
        texts=folder.texts(),
        images=images,
    )
    for path, text in generated:
        _write(docs / path, text)
    for image in (image for found in images.values() for image in found.values()):
        target_file = docs / SITE_FOLDER / image.name
        target_file.parent.mkdir(parents=True, exist_ok=True)
        target_file.write_bytes(image.data)
    for path, svg in drawings.svgs.items():
        _write(docs / path, svg)
    for name in ("studykit.css", *SCRIPTS):
        source = resources.files("studykit.export") / "assets" / name
        _write(docs / ASSETS / name, source.read_text(encoding="utf-8"))
    _write(target / "mkdocs.yml", config_text(site_name))
    return drawings


def _hand_written(pages: Path) -> dict[str, Path]:
    """Return every file of a docs folder by its path there (POSIX), hidden ones left out."""
    found = {}
    for top, folders, files in os.walk(pages):  # symbolic links to folders are not followed
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = Path(top) / name
                found[path.relative_to(pages).as_posix()] = path
    return found


def _texts(hand_written: dict[str, Path]) -> list[str]:
    """Return the text of every hand-written Markdown page that can be read."""
    texts = (read_page(path) for uri, path in hand_written.items() if uri.endswith(".md"))
    return [text for text in texts if text]


def _copy_hand_written(
    hand_written: dict[str, Path], docs: Path, decks: tuple[Deck, ...], undrawn: frozenset[str]
) -> None:
    """Copy the hand-written files; pages get their fences drawn and their catalogue."""
    for uri, path in hand_written.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        text = read_page(path) if uri.endswith(".md") else None
        if text is None or path.stat().st_size > MAX_PAGE:
            shutil.copyfile(path, target)
        else:
            _write(target, finished_page(text, uri, decks, undrawn))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
