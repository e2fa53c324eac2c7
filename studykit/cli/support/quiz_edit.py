"""The quiz's `e` key: open a card's deck file in the learner's editor, never the package's.

A card of the bundled decks lives inside the installed package, where an edit is lost at
the next upgrade; so the quiz first offers to copy the decks into `./decks`
(`studykit.decks.working_copy`) and opens the copy. Declining edits nothing.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from studykit.cli.support.keys import Keys
from studykit.errors import StudykitError
from studykit.tui.ansi import Screen


def edit_command(path: str, line: int) -> list[str]:
    """Return the editor command that opens a file at a line ($VISUAL, $EDITOR, else vi)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return [*shlex.split(editor), f"+{line}", path]


def edit_card(path: str, line: int, console: Screen, keys: Keys) -> None:
    """Open the deck file at the card's line, in a working copy if it is a bundled deck."""
    editable = _editable_path(Path(path), console, keys)
    if editable is None:
        return
    try:
        subprocess.call(edit_command(str(editable), line))
    except OSError as error:
        console.print(f"cannot start the editor: {error}", style="red")
        return
    console.print("saved edits apply from the next session", style="dim")


def _editable_path(path: Path, console: Screen, keys: Keys) -> Path | None:
    """Return the file to edit: the path, or its copy in ./decks if the learner agrees."""
    from studykit.decks.location import bundled_decks_dir

    bundled = bundled_decks_dir()
    if not _inside(path, bundled):
        return path
    from studykit.decks.working_copy import WORKING_FOLDER, copied_path, make_working_copy
    from studykit.load.schema import schema_text

    target = Path.cwd() / WORKING_FOLDER
    console.print(
        "this deck is installed with studykit, where edits are lost at the next upgrade: "
        f"copy the decks to {target} and edit the copy? (y/n)",
        style="yellow",
    )
    if keys.key().lower() != "y":
        console.print("nothing edited", style="dim")
        return None
    try:
        make_working_copy(bundled, target, schema_text())
    except StudykitError as error:
        console.print(str(error), style="red")
        return None
    console.print(f"copied; studykit uses {target} when run from this folder", style="dim")
    return copied_path(path, bundled, target)


def _inside(path: Path, folder: Path) -> bool:
    from studykit.decks.working_copy import is_inside

    return is_inside(path, folder)
