"""A cache of loaded decks, so the quiz shows its first card without parsing any YAML.

Parsing and checking 10,000 cards of YAML takes about half a second; the quiz needs only
the keys, siblings and tags up front and the cards it shows. The cache keeps, per deck
folder, an index of every entry (marshal, fast to read) and one pickle per deck, loaded
only when one of its cards is shown. It is valid while every deck file (and model file)
under the folder keeps its size and modification time and the studykit code is the same;
otherwise the folder is loaded and checked again, and an invalid folder is never cached.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

from studykit.model import Deck
from studykit.study.catalog import Catalog, Entry, entries

FORMAT = 1
CODE_DIRS = ("model", "load", "runtime")
"""Packages whose code shapes the loaded decks: a change there invalidates the cache."""


def _files(folder: Path) -> Iterator[tuple[str, int, int]]:
    """Yield (relative path, mtime_ns, size) of every YAML file under the folder."""
    stack = [folder]
    while stack:
        with os.scandir(stack.pop()) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=True):
                    stack.append(Path(entry.path))
                elif entry.name.endswith((".yaml", ".yml")):
                    info = entry.stat()
                    yield os.path.relpath(entry.path, folder), info.st_mtime_ns, info.st_size


def signature(folder: Path) -> list[object]:
    """Return what must not change for the cache of a folder to stay valid."""
    package = Path(__file__).resolve().parent.parent
    code = []
    for name in CODE_DIRS:
        for source in sorted((package / name).glob("*.py")):
            code.append((source.name, source.stat().st_mtime_ns))
    code.append(("collection.py", (package / "collection.py").stat().st_mtime_ns))
    return [FORMAT, sorted(_files(folder)), code]


def _paths(folder: Path, cache_dir: Path) -> tuple[Path, Path]:
    digest = hashlib.sha1(str(folder.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"{digest}.index", cache_dir / digest


def _read(index: Path, blobs: Path, expected: list[object]) -> Catalog | None:
    try:
        stored = marshal.loads(index.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("signature") != marshal.loads(
        marshal.dumps(expected)
    ):
        return None
    deck_entries = {
        deck_id: tuple(map(Entry._make, rows)) for deck_id, rows in stored["decks"].items()
    }
    names: dict[str, str] = stored["blobs"]

    def load(deck_id: str) -> Deck:
        deck = pickle.loads((blobs / names[deck_id]).read_bytes())
        assert isinstance(deck, Deck)
        return deck

    return Catalog(deck_entries, load)


def _write(index: Path, blobs: Path, decks: tuple[Deck, ...], expected: list[object]) -> None:
    """Write the cache; a failure only costs the next start its speed."""
    try:
        blobs.mkdir(parents=True, exist_ok=True)
        names = {}
        for number, deck in enumerate(decks):
            names[deck.id] = f"{number}.pickle"
            _atomic(blobs / names[deck.id], pickle.dumps(deck, protocol=pickle.HIGHEST_PROTOCOL))
        rows = {deck.id: [tuple(e) for e in entries(deck)] for deck in decks}
        _atomic(index, marshal.dumps({"signature": expected, "decks": rows, "blobs": names}))
    except (OSError, pickle.PicklingError, ValueError):
        return


def _atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def cached_catalog(
    folder: Path, cache_dir: Path, load: Callable[[Path], tuple[Deck, ...]]
) -> Catalog:
    """Return the catalog of a deck folder from the cache, or load (and cache) the folder."""
    expected = signature(folder)
    index, blobs = _paths(folder, cache_dir)
    cached = _read(index, blobs, expected)
    if cached is not None:
        return cached
    decks = load(folder)
    _write(index, blobs, decks, expected)
    return Catalog.of(decks)
