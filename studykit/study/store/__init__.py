"""The SQLite progress store: the only package that imports `sqlite3`."""

from studykit.study.store.progress import (
    Answer,
    ConflictError,
    ProgressStore,
    Recorded,
    ReviewRow,
)
from studykit.study.store.rows import ItemProgress

__all__ = ["Answer", "ConflictError", "ItemProgress", "ProgressStore", "Recorded", "ReviewRow"]
