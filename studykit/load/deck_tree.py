"""Walk a deck folder: every YAML file under it, and the folders that cannot be read.

One walk serves every command: `validate` and `lint` load what it finds, and the deck
index (studykit.decks: the quiz, `stats`, `due`, `show`, the exports) compares its files'
sizes and times. Links are followed,
to files and to folders, wherever they point; a folder reached a second time (a link
cycle such as `sub -> ..`, or a second link to one folder) is a problem, not read again.
Files are only listed here: what they are (a FIFO, a device, a broken link, a loop) is
found when they are read (studykit.load.bounded_read), so it is one problem per file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from studykit.load.bounded_read import os_problem

DECK_SUFFIXES = (".yaml", ".yml")
NO_DECK_FILES = "no deck files (*.yaml or *.yml) in this folder"
MODELS_FOLDER = "models"
"""Files in a `models/` folder are runtime models, not decks."""
FOLDER_SEEN = "a link to a folder already read (a link cycle, or a second way in); not read again"
FOLDER_ABOVE = "a link to a folder that holds the deck folder (a link cycle); not read"
MAX_ENTRIES = 100_000
"""Files and folders a walk looks at before it gives up (a link to / must not walk the disk)."""
TOO_MANY = (
    f"more than {MAX_ENTRIES:,} files and folders under the deck folder (a link to a large "
    "folder?); not read"
)


TreeFile = tuple[str, int, int]
"""A YAML file found: its path under the folder, and the time and size of what it holds
(-1, -1 when that cannot be reached). A plain tuple: the quiz's start walks 1,000 of them."""


class DeckTree(NamedTuple):
    """What a walk found: the YAML files in sorted order, and (path, problem) of folders."""

    files: list[TreeFile]
    problems: list[tuple[str, str]]


def display_path(path: Path) -> str:
    """Return the path relative to the working folder when it is inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def is_model(relative: str) -> bool:
    """Tell whether a file found under a deck folder is a runtime model (`models/*.yaml`)."""
    parts = relative.split(os.sep)
    return len(parts) > 1 and parts[-2] == MODELS_FOLDER and relative.endswith(".yaml")


def is_deck(relative: str) -> bool:
    """Tell whether a file found under a deck folder is a deck (not under a `models/` folder)."""
    # Plain string tests: the quiz's start asks this of every file (pathlib: 2.5 us each).
    return MODELS_FOLDER not in relative or MODELS_FOLDER not in relative.split(os.sep)[:-1]


def walk_deck_folder(folder: Path) -> DeckTree:
    """Return every YAML file under a folder (links followed, each folder read once)."""
    root = os.path.join(str(folder), "")
    cut = len(root)
    files: list[TreeFile] = []
    problems: list[tuple[str, str]] = []
    top = os.stat(root)
    seen = {(top.st_dev, top.st_ino)}
    real_root = os.path.join(os.path.realpath(root), "")
    pending, examined = [root], 0
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as found:
                for entry in found:
                    if _is_folder(entry):
                        _enter(entry, seen, pending, problems, real_root)
                    elif entry.name.endswith(DECK_SUFFIXES):
                        files.append(_file(entry, cut))
                    examined += 1
                    if examined > MAX_ENTRIES:
                        return DeckTree([], [(root.rstrip(os.sep), TOO_MANY)])
        except OSError as error:
            problems.append((current.rstrip(os.sep), f"cannot read folder: {error.strerror}"))
    files.sort()
    if any(os.sep in f[0] for f in files):  # in path order: 'a/b.yaml' before 'a-b.yaml'
        files.sort(key=lambda f: f[0].split(os.sep))
    problems.sort(key=lambda p: p[0].split(os.sep))
    return DeckTree(files, problems)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Return whether an entry is a folder or a link to one (not a broken link or a loop)."""
    try:
        return entry.is_dir()
    except OSError:  # ELOOP: a link loop is a file that cannot be read, found when read
        return False


def _file(entry: os.DirEntry[str], cut: int) -> TreeFile:
    """Return a found file with the time and size of what it is or links to."""
    try:
        info = entry.stat()
    except OSError:  # a broken link or a loop: reading it says which
        return entry.path[cut:], -1, -1
    return entry.path[cut:], info.st_mtime_ns, info.st_size


def _enter(
    entry: os.DirEntry[str],
    seen: set[tuple[int, int]],
    pending: list[str],
    problems: list[tuple[str, str]],
    real_root: str,
) -> None:
    """Queue a folder to read, unless it was read already (a cycle) or cannot be reached."""
    try:
        info = entry.stat()
    except OSError as error:
        problems.append((entry.path, os_problem(entry.path, error)))
        return
    # A link up to a folder holding the deck folder (`sub -> ..`) is a cycle; found here, it
    # is not walked first through everything else that folder holds.
    if entry.is_symlink() and real_root.startswith(os.path.join(os.path.realpath(entry.path), "")):
        problems.append((entry.path, FOLDER_ABOVE))
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        problems.append((entry.path, FOLDER_SEEN))
        return
    seen.add(identity)
    pending.append(entry.path)
