"""Turn a CSV file into a deck file studykit reads back: the input bounded, the output checked.

A deck file may hold at most the 5 MB the loader reads. A CSV file larger than that is
refused before it is parsed: its deck would be larger still (YAML spells out every field
name). The deck text is checked against the limit and then read back by the loader
before anything is written, so `import csv` never writes a deck the other commands refuse.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from studykit.errors import StudykitError
from studykit.load import load_deck_file, yaml_source
from studykit.load.deck_writer import deck_to_yaml
from studykit.model import Deck

MB = 1024 * 1024


def _limit() -> int:
    return yaml_source.MAX_FILE_BYTES  # read on each call: one limit for loader and import


def read_csv_file(file: Path) -> bytes:
    """Return the bytes of a CSV file, reading no more than a deck may hold (and one byte)."""
    limit = _limit()
    try:
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise StudykitError(f"cannot read {file}: {error.strerror or error}") from None
    if len(data) > limit:
        raise StudykitError(
            f"{file} is larger than {limit / MB:g} MB, the most a deck file may hold; "
            "split it into several CSV files and import each as its own deck"
        )
    return data


def checked_deck_yaml(deck: Deck, schema: str, rows: int) -> str:
    """Return the deck as YAML, or raise when studykit could not read that file back."""
    text = deck_to_yaml(deck, schema=schema)
    size, limit = len(text.encode("utf-8")), _limit()
    if size > limit:
        per_deck = max(1, rows * limit // size)
        raise StudykitError(
            f"the deck would be {size / MB:.1f} MB, over the {limit / MB:g} MB a deck file may "
            f"hold; split the CSV file into decks of at most about {per_deck:,} rows"
        )
    _read_back(deck, text)
    return text


def _read_back(deck: Deck, text: str) -> None:
    """Load the text as studykit will; raise if it is not the imported deck."""
    with tempfile.TemporaryDirectory(prefix="studykit-import-") as folder:
        path = Path(folder) / f"{deck.id}.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, issues = load_deck_file(path, images=False)  # media are written after
    if issues or loaded != deck:
        found = str(issues[0]).replace(str(path), "the deck") if issues else "it differs"
        raise StudykitError(f"the imported deck would not load as it was read: {found[:300]}")
