"""A cache of loaded decks, so the quiz shows its first card without parsing any YAML.

Parsing and checking 10,000 cards of YAML takes about half a second; the quiz needs only
the day's items and the cards it shows. The cache keeps, per deck folder, one deck index
file (studykit.study.store.deck_index). It is valid while every deck file (and model file)
under the folder keeps its size and modification time and the studykit code that shapes
it is the same; otherwise the folder is loaded and checked again, and an invalid folder is
never cached.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from pathlib import Path

from studykit.load.deck_tree import walk_deck_folder
from studykit.model import Deck
from studykit.study.catalog import Catalog, index_rows
from studykit.study.store.deck_index import DeckIndex, write_index

FORMAT = 2
CODE = (
    "model",
    "load",
    "runtime",
    "collection.py",
    "study/catalog.py",
    "study/store/deck_index.py",
)
"""Code that shapes the loaded decks or the index: a change there invalidates the cache."""


def _files(folder: Path) -> list[object]:
    """Return what the walk of the deck folder found: files with time and size, problems."""
    tree = walk_deck_folder(folder)
    return [tree.files, tree.problems]


def _code() -> list[tuple[str, int]]:
    """Return (file, mtime_ns) of the code listed in CODE."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = []
    for name in CODE:
        path = os.path.join(package, name)
        names = sorted(os.listdir(path)) if os.path.isdir(path) else [""]
        for source in names:
            if source.endswith(".py") or not source:
                full = os.path.join(path, source) if source else path
                found.append((full, os.stat(full).st_mtime_ns))
    return found


def signature(folder: Path) -> str:
    """Return what must not change for the cache of a folder to stay valid."""
    return repr([FORMAT, _files(folder), _code()])


def index_path(folder: Path, cache_dir: Path) -> Path:
    """Return the index file of a deck folder in the cache folder."""
    resolved = str(folder.resolve())
    return cache_dir / f"{folder.name or 'decks'}-{zlib.crc32(resolved.encode()):08x}.sqlite3"


def cached_catalog(
    folder: Path, cache_dir: Path, load: Callable[[Path], tuple[Deck, ...]]
) -> Catalog:
    """Return the catalog of a deck folder from the cache, or load (and cache) the folder."""
    if not folder.is_dir():
        return Catalog.of(load(folder))  # the loader reports a missing folder or a file
    expected = signature(folder)
    path = index_path(folder, cache_dir)
    index = DeckIndex.open(path, expected)
    if index is not None:
        return Catalog(index)
    decks = load(folder)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_index(path, expected, (d.id for d in decks), index_rows(decks))
    except OSError:
        return Catalog.of(decks)  # an unwritable cache only costs the next start its speed
    index = DeckIndex.open(path, expected)
    return Catalog(index) if index is not None else Catalog.of(decks)
