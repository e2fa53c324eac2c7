"""Live preview: `mkdocs serve` rebuilds the site when a deck file changes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import DECKS
from tests.export.serve_support import mkdocs_serve, wait_for

pytestmark = pytest.mark.slow


def test_serve_rebuilds_when_a_deck_changes(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    deck = decks / "cgroups.yaml"
    # Alone in its folder, the deck cannot name prerequisites that are not there.
    text = (DECKS / "cgroups.yaml").read_text(encoding="utf-8")
    deck.write_text("\n".join(x for x in text.splitlines() if not x.startswith("prerequisites:")))
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Preview\ntheme: {name: material}\nplugins: [search, studykit]\n"
    )
    with mkdocs_serve(tmp_path) as site:
        page = f"{site}/decks/cgroups/"
        assert wait_for(page, "Linux control groups", 30), "mkdocs serve did not start"
        time.sleep(1)  # let the watcher settle before the edit
        deck.write_text(
            deck.read_text().replace("title: Linux control groups", "title: Edited live")
        )
        assert wait_for(page, "Edited live", 30), "the page did not change after the deck did"
