"""The deck folder: finding it, loading it, and its index. Start here for "which decks".

- `location.find_deck_folder`: the one rule that finds the folder (option, else
  $STUDYKIT_DECKS, else ./decks, else the bundled decks), for every command, the MkDocs
  plugin and the lab.
- `open_deck_folder` (`index.open_index`): the folder's decks through its index in the
  cache folder, brought up to date per deck file (`index`, `reindex`), as a `DeckFolder`
  (`folder`): study items for the quiz, whole decks and their rendered text for `show`, the
  site and Anki, the folder's runtime models.
- `runtime_models`: the runtime models alone (`models/*.yaml`), for the lab.
- `rows`: what the index holds, as JSON, and its FORMAT_VERSION; `deck_rows` makes a deck's
  rows, `rendered_rows` its rendered texts'; `loading` reads decks without an index.

The index's SQLite file itself is kept by the store (studykit.study.store.deck_index).
The quiz's start imports only `location`, `index`, `folder` and `rows`: no YAML loader, no
Markdown parser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studykit.decks.location import bundled_decks_dir, find_deck_folder

if TYPE_CHECKING:
    from studykit.decks.folder import DeckFolder
    from studykit.model.runtime import RuntimeModel

__all__ = ["bundled_decks_dir", "find_deck_folder", "open_deck_folder", "runtime_models"]


def open_deck_folder(option: Path | None, cache_dir: Path | None = None) -> DeckFolder:
    """Return the decks of the deck folder the rule finds, through its index.

    The index lives in `cache_dir` (in memory without one). A path that is not a folder (a
    single deck file, or nothing) is loaded whole. Raise DeckError listing every problem.
    """
    folder = find_deck_folder(option)
    if not folder.is_dir():
        from studykit.decks.loading import load_whole

        return load_whole(folder)
    from studykit.decks.index import open_index

    return open_index(folder, cache_dir)


def runtime_models(option: Path | None) -> tuple[RuntimeModel, ...]:
    """Return the runtime models of the deck folder the rule finds (for the lab)."""
    from studykit.decks.loading import runtime_models as models_of

    return models_of(find_deck_folder(option))
