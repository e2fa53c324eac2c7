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
from collections.abc import Callable, Iterator
from pathlib import Path

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


def _files(folder: Path) -> Iterator[tuple[str, int, int]]:
    """Yield (relative path, mtime_ns, size) of every YAML file under the folder."""
    root = os.path.join(str(folder), "")
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=True):
                    stack.append(entry.path)
                elif entry.name.endswith((".yaml", ".yml")):
                    info = entry.stat()
                    # Sliced, not os.path.relpath: that costs 10 ms for 1,000 deck files.
                    yield entry.path[len(root) :], info.st_mtime_ns, info.st_size


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
    return repr([FORMAT, sorted(_files(folder)), _code()])


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
