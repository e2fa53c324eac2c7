"""Keep a deck folder's index up to date, one deck file at a time.

Every start walks the folder (studykit.load.deck_tree) and compares each deck and model
file with the index: a file whose size and modification time are unchanged is taken as
it is; any other is compared by content digest (SHA-256), and only a file whose content
changed is read again: its deck is parsed, checked and rendered, and its rows replace the
old ones. The checks between decks (ids used twice, prerequisites) and the course order
then run on the outlines the index keeps of the other decks, so editing one deck of a
10,000-card folder parses 100 cards, not 10,000. A file changed within CHECK_GRAIN_NS of
its last check may keep its size and time (coarse file-system clocks): such a file is
compared by digest until it has aged. An invalid folder changes nothing in the index.
Nothing here looks at studykit's own code: an index records the format version and the
studykit version it was built by (studykit.decks.rows), and is rebuilt when either differs.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from studykit.decks.rows import INDEX_VERSION
from studykit.errors import DeckError
from studykit.load.deck_tree import NO_DECK_FILES, display_path, is_deck, is_model
from studykit.load.deck_tree import walk_deck_folder as walk
from studykit.model import Issue
from studykit.study.store import DeckIndex, FileRow

if TYPE_CHECKING:
    from studykit.decks.folder import DeckFolder
    from studykit.study.store import IndexUpdate

CHECK_GRAIN_NS = 2_000_000_000
"""The coarsest file-system clock studykit trusts (FAT's 2 seconds)."""
ATTEMPTS = 3
"""Updates tried when other processes update the same index meanwhile."""


class Scan(NamedTuple):
    """A walk of the deck folder: its deck and model files, and what cannot be read.

    Files come with (mtime_ns, size) and the time of the walk; the unreadable parts are
    reported with the files' problems.
    """

    found: dict[str, tuple[int, int]]
    at_ns: int
    issues: list[Issue]


class Stale(NamedTuple):
    """Which files differ from the index: to read again, to re-stamp, gone."""

    changed: dict[str, FileRow]
    touched: list[FileRow]
    removed: list[str]

    @property
    def clean(self) -> bool:
        """Tell whether the index is up to date."""
        return not (self.changed or self.touched or self.removed)


def index_path(folder: Path, cache_dir: Path) -> Path:
    """Return the index file of a deck folder in the cache folder."""
    resolved = str(folder.resolve())
    return cache_dir / f"{folder.name or 'decks'}-{zlib.crc32(resolved.encode()):08x}.sqlite3"


def scan(folder: Path) -> Scan:
    """Walk the folder: its deck and model files, and what cannot be read or is missing."""
    at_ns = time.time_ns()
    tree = walk(folder)
    issues = [Issue(display_path(Path(path)), 1, 1, problem) for path, problem in tree.problems]
    if not tree.files and not issues:
        issues.append(Issue(display_path(folder), 1, 1, NO_DECK_FILES))
    found = {rel: (mtime, size) for rel, mtime, size in tree.files if is_deck(rel) or is_model(rel)}
    return Scan(found, at_ns, issues)


def digest(path: Path) -> str:
    """Return the SHA-256 of a file's content; '' when it cannot be read (the loader says why)."""
    import hashlib  # only when a file looks changed

    from studykit.load.bounded_read import MAX_FILE_BYTES, FileProblem, read_regular_file

    try:
        return hashlib.sha256(read_regular_file(str(path), MAX_FILE_BYTES)).hexdigest()
    except FileProblem:
        return ""


def stale(folder: Path, stored: dict[str, FileRow], found: Scan) -> Stale:
    """Return the files whose content differs from the index, those only re-stamped, and gone."""
    changed: dict[str, FileRow] = {}
    touched: list[FileRow] = []
    for rel, (mtime, size) in found.found.items():
        row = stored.get(rel)
        fresh = row is not None and (row.mtime_ns, row.size) == (mtime, size)
        if fresh and row is not None and row.checked_ns - row.mtime_ns >= CHECK_GRAIN_NS:
            continue
        now = FileRow(rel, mtime, size, digest(folder / rel), found.at_ns)
        if row is None or not now.digest or now.digest != row.digest:
            changed[rel] = now
        elif not fresh or now.checked_ns - now.mtime_ns >= CHECK_GRAIN_NS:
            touched.append(now)
    return Stale(changed, touched, [rel for rel in stored if rel not in found.found])


def open_index(folder: Path, cache_dir: Path | None) -> DeckFolder:
    """Return the decks of a folder through its index, brought up to date first.

    With no cache folder (or one out of reach) the index is built in memory.
    """
    from studykit.decks.folder import DeckFolder

    found = scan(folder)
    index = DeckIndex.open(index_path(folder, cache_dir), INDEX_VERSION) if cache_dir else None
    if index is None or not _kept_up(folder, index, found):
        index = DeckIndex.in_memory(INDEX_VERSION)
        _refresh(folder, index, found)  # its only writer: up to date at the first try
    models = tuple(folder / rel for rel in found.found if is_model(rel))
    return DeckFolder(folder, index, model_files=models)


def _kept_up(folder: Path, index: DeckIndex, found: Scan) -> bool:
    """Bring an index up to date; else close it and return False.

    False means it cannot be written, or other processes kept changing it. DeckError (an
    invalid folder) closes it too.
    """
    try:
        if _refresh(folder, index, found):
            return True
    except OSError:
        pass
    except BaseException:
        index.close()
        raise
    index.close()
    return False


def _refresh(folder: Path, index: DeckIndex, found: Scan) -> bool:
    """Bring an index up to date; False if other processes kept changing it."""
    for _ in range(ATTEMPTS):
        stored = index.files()
        files = stale(folder, stored, found)
        if files.clean and found.issues:
            raise DeckError(sorted(found.issues))
        if files.clean:
            return True
        if index.update(_change(folder, index, found, files), stored):
            return True
    return False


def _change(folder: Path, index: DeckIndex, found: Scan, files: Stale) -> IndexUpdate:
    """Return the update of an index: new stamps only, when no file's content changed."""
    if files.changed or files.removed or found.issues:
        from studykit.decks.reindex import update_for  # the loader, the renderer

        return update_for(folder, index, found, files)
    from studykit.study.store import IndexUpdate

    return IndexUpdate(files.touched, (), (), (), (), {})


def gone(files: Stale) -> Iterable[str]:
    """Return the files whose decks the update drops: read again, or removed."""
    return [*files.changed, *files.removed]
