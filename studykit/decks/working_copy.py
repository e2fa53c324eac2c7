"""A working copy of the bundled decks: what the quiz's `e` key edits instead of the package.

The decks installed with studykit live inside the installed package: an edit there is
lost at the next upgrade, and may not be allowed at all. So the quiz offers to copy them
into `./decks` first; the deck folder rule (`location.find_deck_folder`) then finds that
copy from the same folder, and every command uses it from then on. The copy holds the
deck files, the runtime models and the JSON Schema; each deck's editor modeline is
rewritten to name the schema beside it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from studykit.errors import StudykitError

WORKING_FOLDER = Path("decks")
"""Where the copy goes, relative to the working folder: where the folder rule looks."""
SCHEMA_FILE = "deck.schema.json"
_MODELINE = "# yaml-language-server: $schema="


class WorkingCopyError(StudykitError):
    """The working copy cannot be made: its folder exists already, or cannot be written."""


def is_inside(path: Path | str, folder: Path) -> bool:
    """Return whether a file lies inside a folder (after resolving links)."""
    return Path(path).resolve().is_relative_to(folder.resolve())


def make_working_copy(bundled: Path, target: Path, schema: str) -> None:
    """Copy the bundled decks into `target`, which must not exist yet, with the schema's text."""
    if os.path.lexists(target):
        raise WorkingCopyError(f"{target} exists already: edit the decks there (--decks {target})")
    ignore = shutil.ignore_patterns("__pycache__", "__init__.py", "*.pyc")
    try:
        shutil.copytree(bundled, target, ignore=ignore)
        (target / SCHEMA_FILE).write_text(schema, encoding="utf-8")
        for deck in target.rglob("*.yaml"):
            _point_modeline(deck, target / SCHEMA_FILE)
    except OSError as error:
        raise WorkingCopyError(f"cannot copy the decks to {target}: {error}") from None


def copied_path(path: Path | str, bundled: Path, target: Path) -> Path:
    """Return where a bundled file is in the working copy."""
    return target / Path(path).resolve().relative_to(bundled.resolve())


def _point_modeline(deck: Path, schema: Path) -> None:
    """Make a deck's first-line modeline name the schema of the copy, by a relative path."""
    text = deck.read_text(encoding="utf-8")
    first, newline, rest = text.partition("\n")
    if first.startswith(_MODELINE):
        relative = os.path.relpath(schema, deck.parent)
        deck.write_text(f"{_MODELINE}{relative}{newline}{rest}", encoding="utf-8")
