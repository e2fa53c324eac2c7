"""The deck index's layout is pinned: rows that change without a new FORMAT_VERSION fail.

An index file records the version it was written with and is rebuilt when it differs, so
a change to what the rows hold (or to how their text is rendered) must come with a new
FORMAT_VERSION, or old indexes would be read as if they were new. This test keeps a
snapshot of the tables and of every row of a small folder (tests/decks/golden/): when the
rows differ and the version is the snapshot's, it fails. After bumping the version,
write the new snapshot with STUDYKIT_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from studykit.decks import open_deck_folder
from studykit.decks.rows import FORMAT_VERSION

GOLDEN = Path(__file__).parent / "golden"
SNAPSHOT = GOLDEN / "index-rows.json"


def _snapshot(monkeypatch: Any) -> dict[str, Any]:
    """Return the tables and rows of the golden folder's index (built in memory)."""
    monkeypatch.chdir(GOLDEN)
    folder = open_deck_folder(Path("decks"))
    query = folder.index.query
    schema = [row[0] for row in query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")]
    decks = query("SELECT deck_id, file, position, outline, deck, texts FROM decks ORDER BY 3")
    entries = query("SELECT pos, key, deck_id, sibling, tags, kind, item FROM entries ORDER BY 1")
    files = query("SELECT path, size, digest FROM files ORDER BY 1")
    folder.close()
    return {
        "format_version": FORMAT_VERSION,
        "schema": schema,
        "files": [list(row) for row in files],
        "decks": [[*row[:3], *(json.loads(text) for text in row[3:])] for row in decks],
        "entries": [[*row[:6], json.loads(row[6])] for row in entries],
    }


def test_rows_change_only_with_a_new_format_version(monkeypatch: Any) -> None:
    found = _snapshot(monkeypatch)
    if os.environ.get("STUDYKIT_UPDATE_GOLDEN"):
        text = json.dumps(found, indent=1, ensure_ascii=False, sort_keys=True)
        SNAPSHOT.write_text(text + "\n", encoding="utf-8")
    golden = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if golden["format_version"] != FORMAT_VERSION:
        raise AssertionError(
            f"FORMAT_VERSION is {FORMAT_VERSION}, the snapshot's {golden['format_version']}: "
            "write the new snapshot with STUDYKIT_UPDATE_GOLDEN=1"
        )
    assert found == golden, (
        "the deck index's rows changed: bump FORMAT_VERSION in studykit/decks/rows.py, "
        "then write the new snapshot with STUDYKIT_UPDATE_GOLDEN=1"
    )


def test_the_snapshot_round_trips_to_the_same_decks(monkeypatch: Any) -> None:
    """What the index holds is the whole deck: read back, it equals the deck parsed."""
    from studykit.load import load_decks

    monkeypatch.chdir(GOLDEN)
    loaded = load_decks([Path("decks")]).decks
    folder = open_deck_folder(Path("decks"))
    assert folder.decks() == loaded
    for deck, read in zip(loaded, folder.decks(), strict=True):
        assert [c.location for c in read.cards] == [c.location for c in deck.cards]
        assert read.prerequisite_locations == deck.prerequisite_locations
        assert read.location == deck.location
    folder.close()
