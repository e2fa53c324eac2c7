"""Fixtures of the export tests: an empty Anki collection from the real Anki backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """Return a fresh, empty Anki collection."""
    try:
        from anki.collection import Collection
    except ImportError:
        pytest.fail("the Anki backend is missing: pip install anki", pytrace=False)
    opened = Collection(str(tmp_path / "collection.anki2"))
    yield opened
    opened.close()
