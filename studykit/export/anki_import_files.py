"""Write what an Anki package gives: deck files, media files and, if asked, the review log.

Deck files go into the output folder as `DECK-ID.yaml`, media files into its `media/`
folder. A file already there is replaced only with `force` (a media file with the same
bytes is simply kept). Each deck is written as studykit reads decks and read back before
anything is written (`csv_import.checked_deck_yaml`); nothing is written when one cannot be.

The review log is written in studykit's review log format (version 1, the format of
`studykit progress export` from the schedule work, issue 14): JSON Lines, a header line
(`format`, `version`, `exported_at`, `origin` `anki`, and `scheduler`: studykit's default
FSRS settings, as Anki's own are not carried over), then one review a line: `id` (32 hex
digits, the same for the same Anki review, so importing twice adds nothing), `key` (the
quiz's item key), `time` (UTC, to the millisecond), `rating` (1-4, Again to Easy),
`duration_ms` and `origin` (`anki`). Manual rescheduling in Anki is not a review and is
left out. `studykit progress import FILE` merges such a file where it exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from studykit.errors import StudykitError
from studykit.export.anki_collection import read_collection
from studykit.export.anki_import import MEDIA_FOLDER, AnkiImport, ImportedReview, import_collection
from studykit.export.anki_package import AnkiPackage
from studykit.export.atomic_file import write_atomically, write_text_atomically
from studykit.export.csv_import import checked_deck_yaml

LOG_FORMAT = "studykit-review-log"
LOG_VERSION = 1
SchemaFor = Callable[[Path], str]
"""Returns the schema path a deck file's modeline names, for the file's location."""


@dataclass(frozen=True)
class ImportRequest:
    """What to import and where: the package, the output folder and the options."""

    package: Path
    out: Path
    deck_id: str | None = None
    title: str | None = None
    history: Path | None = None
    force: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    """When the review log is written (its header's `exported_at`)."""


def log_header(now: datetime) -> str:
    """Return the review log's header line: the format, when, from where, which scheduler."""
    from studykit.study.config import Settings
    from studykit.study.scheduler import DEFAULT_PARAMETERS

    settings = Settings()
    scheduler = {
        "parameters": list(DEFAULT_PARAMETERS),
        "desired_retention": settings.desired_retention,
        "learning_steps": [step.total_seconds() for step in settings.learning_steps],
        "relearning_steps": [step.total_seconds() for step in settings.relearning_steps],
        "maximum_interval": settings.maximum_interval,
        "fuzz": settings.fuzz,
    }
    header = {"format": LOG_FORMAT, "version": LOG_VERSION, "exported_at": _iso_ms(now)}
    return json.dumps(header | {"origin": "anki", "scheduler": scheduler}, separators=(",", ":"))


def _iso_ms(moment: datetime) -> str:
    """Return a moment as the review log writes it: `2026-11-30T09:15:02.118Z`."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def review_line(review: ImportedReview) -> str:
    """Return one review as a line of JSON."""
    data = {
        "id": review.review_id,
        "key": review.key,
        "time": _iso_ms(review.reviewed_at),
        "rating": review.rating,
        "duration_ms": review.duration_ms,
        "origin": "anki",
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _read(request: ImportRequest) -> tuple[AnkiImport, dict[str, bytes]]:
    """Read the package: the decks it gives and the bytes of the media files they use."""
    with AnkiPackage(request.package) as package:
        collection = read_collection(package.collection, reviews=request.history is not None)
        names = {media.name: media for media in package.media}
        result = import_collection(collection, names, request.deck_id, request.title)
        media = {name: package.media_bytes(names[name]) for name in result.media}
    return result, media


def _texts(result: AnkiImport, out: Path, schema_for: SchemaFor) -> dict[Path, str]:
    """Return each deck file's text, checked as studykit reads it."""
    texts, problems = {}, []
    for deck in result.decks:
        path = out / f"{deck.id}.yaml"
        try:
            texts[path] = checked_deck_yaml(deck, schema_for(path), len(deck.cards))
        except StudykitError as error:
            problems.append(f"deck '{deck.id}': {error}")
    if problems:
        raise StudykitError("nothing was written:\n  " + "\n  ".join(problems))
    return texts


def _media_files(result: AnkiImport, media: dict[str, bytes], out: Path) -> dict[Path, bytes]:
    return {out / MEDIA_FOLDER / name: media[anki] for anki, name in result.media.items()}


def _refuse_overwriting(texts: dict[Path, str], files: dict[Path, bytes], force: bool) -> None:
    """Raise when a file would replace a different one and `force` is not given."""
    taken = [path for path in texts if path.exists()]
    taken += [path for path, data in files.items() if path.exists() and path.read_bytes() != data]
    if taken and not force:
        shown = ", ".join(str(path) for path in taken[:5]) + (", ..." if len(taken) > 5 else "")
        raise StudykitError(
            f"{shown} already exist{'s' if len(taken) == 1 else ''}; pass --force to replace "
            "them (card ids come from Anki's notes, so progress is kept)"
        )


def import_package(request: ImportRequest, schema_for: SchemaFor) -> AnkiImport:
    """Import an Anki package into deck files (and a review log); return what it gave."""
    result, media = _read(request)
    if not result.decks:
        raise StudykitError(f"{request.package}: no notes studykit can import" + _why(result))
    texts = _texts(result, request.out, schema_for)
    files = _media_files(result, media, request.out)
    _refuse_overwriting(texts, files, request.force)
    for path, data in files.items():
        if not path.exists() or path.read_bytes() != data:
            write_atomically(path, lambda temporary, data=data: temporary.write_bytes(data))  # type: ignore[misc]
    for path, text in texts.items():
        write_text_atomically(path, text)
    if request.history is not None:
        lines = [log_header(request.now), *(review_line(review) for review in result.reviews)]
        write_text_atomically(request.history, "".join(line + "\n" for line in lines))
    return result


def _why(result: AnkiImport) -> str:
    """Return why nothing could be imported, for the error message."""
    reasons = [f"'{name}' ({reason})" for name, (reason, _) in result.skipped_types.items()]
    reasons += result.skipped_notes[:3]
    return ": " + "; ".join(reasons) if reasons else ""


def relative_schema(schema: Path) -> SchemaFor:
    """Return a SchemaFor naming the schema file relative to each deck file."""
    return lambda path: os.path.relpath(schema, path.resolve().parent)
