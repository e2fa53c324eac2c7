"""Open Anki's package files (.apkg, .colpkg): a zip of one SQLite collection and its media.

A package is one of three versions (Anki's `PackageMetadata.Version`):

- legacy 1 and 2: `collection.anki2` or `collection.anki21` (SQLite, schema 11) and a
  `media` entry mapping zip entry names to file names in JSON (`{"0": "cat.jpg"}`);
- latest (Anki 2.1.50 and later, unless "support older Anki versions" is ticked): a `meta`
  entry (protobuf) saying so, `collection.anki21b` (schema 18), and a protobuf `media`
  list; the collection, the list and every media file are compressed with zstd. Such a
  package also holds a stub `collection.anki2` for old clients: `meta` decides.

The lightest correct path: the standard library's zipfile, zstd from the standard library
on Python 3.14 and from the `backports.zstd` wheel before, and a small protobuf reader
(`anki_protobuf`). A package comes from anywhere, so every read is bounded: the collection
to `MAX_COLLECTION_BYTES` once unpacked, each media file to `MAX_MEDIA_BYTES`.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from studykit.errors import StudykitError
from studykit.export import anki_protobuf

MAX_COLLECTION_BYTES = 512 * 1024 * 1024
"""The largest collection studykit unpacks (Anki's own exports of large decks are far less)."""
MAX_MEDIA_BYTES = 100 * 1024 * 1024
"""The largest media file studykit copies (AnkiWeb syncs files up to 100 MB)."""
_LATEST = 3
_CHUNK = 1 << 16


class PackageError(StudykitError):
    """A file that is not an Anki package studykit can read."""


@dataclass(frozen=True)
class MediaFile:
    """One media file of a package: its name in Anki and its entry in the zip."""

    name: str
    entry: str


def _zstd() -> Any:
    """Return the zstd module: the standard library's from Python 3.14, else the backport."""
    try:
        return import_module("compression.zstd")
    except ImportError:
        return import_module("backports.zstd")


def _copy(source: IO[bytes], target: IO[bytes], limit: int, what: str) -> None:
    """Copy at most `limit` bytes; raise when there are more."""
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise PackageError(f"{what} is larger than {limit // (1024 * 1024)} MB once unpacked")
        target.write(chunk)


class AnkiPackage:
    """An open package: its collection unpacked into a temporary folder, its media listed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as error:
            raise PackageError(f"{path}: not an Anki package (.apkg or .colpkg): {error}") from None
        self._folder = Path(tempfile.mkdtemp(prefix="studykit-anki-"))
        try:
            self.version = self._version()
            self.collection = self._unpack_collection()
            self.media = tuple(self._media())
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> AnkiPackage:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the zip and remove the unpacked collection."""
        self._zip.close()
        shutil.rmtree(self._folder, ignore_errors=True)

    def _names(self) -> set[str]:
        return set(self._zip.namelist())

    def _version(self) -> int:
        """Return the package version: from `meta`, else from the collection's name."""
        if "meta" not in self._names():
            return 2 if "collection.anki21" in self._names() else 1
        meta = self._read("meta", 1024, compressed=False)
        version = anki_protobuf.integer(meta, 1)
        if not 1 <= version <= _LATEST:
            raise PackageError(f"{self.path}: made by a newer Anki (package version {version})")
        return version

    def _open(self, entry: str, compressed: bool) -> IO[bytes]:
        """Return a reader of one zip entry, decompressing zstd when asked."""
        raw = self._zip.open(entry)
        return raw if not compressed else _zstd().ZstdFile(raw)

    def _read(self, entry: str, limit: int, compressed: bool | None = None) -> bytes:
        """Return one entry's bytes, at most `limit` of them."""
        buffer = io.BytesIO()
        self._copy_entry(entry, buffer, limit, compressed)
        return buffer.getvalue()

    def _copy_entry(
        self, entry: str, target: IO[bytes], limit: int, compressed: bool | None = None
    ) -> None:
        """Copy one entry's bytes, at most `limit` of them, into a file."""
        compressed = self.version == _LATEST if compressed is None else compressed
        try:
            with self._open(entry, compressed) as source:
                _copy(source, target, limit, f"{self.path}: {entry}")
        except (KeyError, OSError, EOFError, zipfile.BadZipFile) as error:
            raise PackageError(f"{self.path}: cannot read {entry}: {error}") from None
        except Exception as error:  # zstd's own error type differs between its two modules
            if type(error).__name__ != "ZstdError":
                raise
            raise PackageError(f"{self.path}: {entry} is not zstd data: {error}") from None

    def _unpack_collection(self) -> Path:
        """Write the collection to a temporary file and return its path."""
        entry = {1: "collection.anki2", 2: "collection.anki21", 3: "collection.anki21b"}
        name = entry[self.version]
        if name not in self._names():
            raise PackageError(f"{self.path}: not an Anki package: it has no {name}")
        target = self._folder / "collection.sqlite"
        with target.open("wb") as file:
            self._copy_entry(name, file, MAX_COLLECTION_BYTES)
        return target

    def _media(self) -> Iterator[MediaFile]:
        """Yield the media files the package lists."""
        if "media" not in self._names():
            return  # AnkiDroid once wrote collection packages without a media list
        data = self._read("media", 64 * 1024 * 1024)
        if self.version != _LATEST:
            try:
                listed = json.loads(data or b"{}")
            except ValueError as error:
                raise PackageError(f"{self.path}: its media list is not JSON: {error}") from None
            if not isinstance(listed, dict):
                raise PackageError(f"{self.path}: its media list is not a mapping")
            yield from (MediaFile(str(name), str(entry)) for entry, name in listed.items())
            return
        for index, message in enumerate(anki_protobuf.messages(data, 1)):
            yield MediaFile(anki_protobuf.text(message, 1), str(index))

    def media_bytes(self, media: MediaFile) -> bytes:
        """Return the bytes of one media file, at most `MAX_MEDIA_BYTES`."""
        return self._read(media.entry, MAX_MEDIA_BYTES)
