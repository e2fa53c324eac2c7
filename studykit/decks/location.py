"""Where the deck folder is: one rule for every command, the MkDocs plugin and the lab."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "STUDYKIT_DECKS"


def bundled_decks_dir() -> Path:
    """Return the folder of the decks installed with the package."""
    from importlib import resources  # 1.5 ms (tempfile, zipfile): only when no folder is named

    return Path(str(resources.files("studykit.bundled_decks")))


def find_deck_folder(option: Path | str | None, base: Path | None = None) -> Path:
    """Return the deck folder by the one rule every command, the plugin and the lab use.

    The option, else $STUDYKIT_DECKS, else `decks` when it exists, else the decks installed
    with the package.

    `base` is where the option and `decks` are found: the working folder for a command,
    the folder of mkdocs.yml for the site plugin. $STUDYKIT_DECKS is taken as it is given.
    """
    if option:
        return base / option if base is not None else Path(option)
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    local = base / "decks" if base is not None else Path("decks")
    return local if local.is_dir() else bundled_decks_dir()
