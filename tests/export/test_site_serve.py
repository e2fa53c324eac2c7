"""Live preview: `mkdocs serve` rebuilds the site when a deck file changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DECKS

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, text: str, seconds: float) -> bool:
    """Poll a URL until its body contains `text`; return whether it did in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    return False


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
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = f"http://127.0.0.1:{port}/decks/cgroups/"
        assert _wait_for(page, "Linux control groups", 30), "mkdocs serve did not start"
        time.sleep(1)  # let the watcher settle before the edit
        deck.write_text(
            deck.read_text().replace("title: Linux control groups", "title: Edited live")
        )
        assert _wait_for(page, "Edited live", 30), "the page did not change after the deck did"
    finally:
        server.terminate()
        server.wait(timeout=10)
