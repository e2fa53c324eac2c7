"""The deck cache: a second start reads no YAML; any change to a deck file reloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studykit.model import Deck
from studykit.study.deck_cache import cached_catalog
from tests.study.decks import every_kind


def test_cache_skips_loading_until_a_file_changes(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    deck_file = folder / "kinds.yaml"
    deck_file.write_text("id: kinds\n")
    loads: list[Path] = []

    def load(path: Path) -> tuple[Deck, ...]:
        loads.append(path)
        return (every_kind(),)

    first = cached_catalog(folder, tmp_path / "cache", load)
    second = cached_catalog(folder, tmp_path / "cache", load)
    assert len(loads) == 1
    assert second.select(()) == first.select(())
    assert second.item("kinds/cloze#c2") == first.item("kinds/cloze#c2")
    stat = deck_file.stat()
    os.utime(deck_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    cached_catalog(folder, tmp_path / "cache", load)
    assert len(loads) == 2
    (folder / "new.yaml").write_text("id: new\n")
    cached_catalog(folder, tmp_path / "cache", load)
    assert len(loads) == 3


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "kinds.yaml").write_text("id: kinds\n")
    cached_catalog(folder, tmp_path / "cache", lambda _: (every_kind(),))
    damaged = list((tmp_path / "cache").glob("*.sqlite3"))
    assert damaged
    for index in damaged:
        index.write_bytes(b"\x00garbage")
    catalog = cached_catalog(folder, tmp_path / "cache", lambda _: (every_kind(),))
    assert catalog.item("kinds/basic") is not None


def test_a_missing_deck_folder_is_reported_by_the_loader(tmp_path: Path) -> None:
    def load(path: Path) -> tuple[Deck, ...]:
        raise FileNotFoundError(path)

    with pytest.raises(FileNotFoundError):
        cached_catalog(tmp_path / "missing", tmp_path / "cache", load)
    assert not (tmp_path / "cache").exists()


def test_a_cached_start_imports_neither_yaml_nor_the_loader(tmp_path: Path) -> None:
    """The walk of the deck folder is shared with the loader, but the cache needs only it."""
    import json
    import subprocess
    import sys

    from tests.cli.quiz_support import QUIZ_DECKS, quiz_env

    script = (
        "import json, sys\n"
        "from studykit.cli.app import main\n"
        "try:\n"
        f"    sys.argv = ['studykit', 'due', '--decks', {str(QUIZ_DECKS)!r}]\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = quiz_env(tmp_path / "progress.sqlite3")
    run = [sys.executable, "-c", script]
    subprocess.run(run, env=env, capture_output=True, text=True, timeout=60, check=True)
    second = subprocess.run(run, env=env, capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(second.stderr.splitlines()[-1])
    assert "studykit.load.deck_tree" in loaded
    assert [
        m for m in loaded if m == "yaml" or m.startswith(("yaml.", "studykit.load.folder"))
    ] == []
