"""The review log file both sides write and read: JSON Lines, one review per line.

The first line is a header: `{"format": "studykit-review-log", "version": 1,
"exported_at": ..., "origin": ..., "scheduler": {...}}`; `scheduler` holds the FSRS
parameters and settings the writer schedules with (the browser adopts them on import).
Every other line is one review:

    {"id": "9f1c...", "key": "oci/runc#c1", "time": "2026-11-30T09:15:02.118Z",
     "rating": 3, "duration_ms": 4200, "origin": "terminal"}

`id` is stable and unique (32 hex digits, random when the review is made), `time` is UTC
to the millisecond, `rating` 1-4 (Again, Hard, Good, Easy), `duration_ms` may be null.
site/quiz.md documents the format; fsrs.js and progress_log.js read and write the same.
A file that is not such a log, or any line that breaks these rules, is refused whole
with `file:line: ...`, so an import never half-happens.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from studykit.errors import StudykitError
from studykit.study.card_state import Rating
from studykit.study.config import Settings
from studykit.study.store import LogReview

FORMAT = "studykit-review-log"
VERSION = 1
"""The format version this studykit writes; a newer one is refused."""
MAX_LOG_BYTES = 128 * 1024 * 1024
"""About 800,000 reviews; a larger file is refused unread."""
MAX_LINE = 64 * 1024
MAX_DURATION_MS = 86_400_000
_ID = re.compile(r"[0-9a-f]{32}")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
_EARLIEST, _LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


class ReviewLogError(StudykitError):
    """A review log file that is malformed, foreign or from a newer studykit."""


class SchedulerSpec(NamedTuple):
    """What schedules the reviews: FSRS's 21 parameters and the settings FSRS reads."""

    parameters: tuple[float, ...]
    settings: Settings


class LogFile(NamedTuple):
    """A parsed review log: who wrote it, with which scheduler, and its reviews."""

    origin: str
    exported_at: datetime
    scheduler: SchedulerSpec
    reviews: tuple[LogReview, ...]


def iso_ms(moment: datetime) -> str:
    """Return a moment as the log writes it: `2026-11-30T09:15:02.118Z`."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def scheduler_json(spec: SchedulerSpec) -> dict[str, Any]:
    """Return the header's `scheduler` object."""
    s = spec.settings
    return {
        "parameters": list(spec.parameters),
        "desired_retention": s.desired_retention,
        "learning_steps": [step.total_seconds() for step in s.learning_steps],
        "relearning_steps": [step.total_seconds() for step in s.relearning_steps],
        "maximum_interval": s.maximum_interval,
        "fuzz": s.fuzz,
    }


def review_json(review: LogReview) -> str:
    """Return one review's line (without the newline)."""
    return json.dumps(
        {"id": review.id, "key": review.key, "time": iso_ms(review.at),
         "rating": int(review.rating), "duration_ms": review.duration_ms,
         "origin": review.origin},
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip


def dump_log(
    reviews: Iterable[LogReview], spec: SchedulerSpec, origin: str, now: datetime
) -> Iterator[str]:
    """Yield the lines of a review log file, each ending in a newline."""
    header = {"format": FORMAT, "version": VERSION, "exported_at": iso_ms(now),
              "origin": origin, "scheduler": scheduler_json(spec)}  # fmt: skip
    yield json.dumps(header, separators=(",", ":")) + "\n"
    for review in reviews:
        yield review_json(review) + "\n"


def parse_log(data: bytes, name: str) -> LogFile:
    """Return the review log in `data`, or raise ReviewLogError at its first problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReviewLogError(f"{name}: not UTF-8 text ({error.reason}); nothing imported") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ReviewLogError(f"{name}:1: empty: not a studykit review log; nothing imported")
    origin, exported, spec = _header(_object(lines[0], name, 1), name)
    reviews = tuple(
        _review(_object(line, name, number), f"{name}:{number}")
        for number, line in enumerate(lines[1:], start=2)
        if line.strip()
    )
    return LogFile(origin, exported, spec, reviews)


def _object(line: str, name: str, number: int) -> dict[str, Any]:
    """Return one line's JSON object."""
    where = f"{name}:{number}"
    if len(line) > MAX_LINE:
        raise ReviewLogError(f"{where}: line longer than {MAX_LINE} characters; nothing imported")
    try:
        value = json.loads(line)
    except ValueError:
        if number == 1:
            raise ReviewLogError(
                f"{where}: not a studykit review log (not JSON Lines); nothing imported"
            ) from None
        raise ReviewLogError(f"{where}: not a JSON object; nothing imported") from None
    if not isinstance(value, dict):
        raise ReviewLogError(f"{where}: not a JSON object; nothing imported")
    return value


def _header(data: dict[str, Any], name: str) -> tuple[str, datetime, SchedulerSpec]:
    where = f"{name}:1"
    if data.get("format") != FORMAT:
        raise ReviewLogError(
            f'{where}: not a studykit review log (no "format": "{FORMAT}" header); nothing imported'
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ReviewLogError(f"{where}: the version must be a whole number; nothing imported")
    if version > VERSION:
        raise ReviewLogError(
            f"{where}: review log version {version} is newer than this studykit reads "
            f"({VERSION}); upgrade studykit; nothing imported"
        )
    origin = _text(data.get("origin"), "origin", where)
    exported = _time(data.get("exported_at"), "exported_at", where)
    return origin, exported, _scheduler(data.get("scheduler"), where)


def _scheduler(data: object, where: str) -> SchedulerSpec:
    """Return the header's scheduler, checked as the terminal's settings are."""
    from studykit.study.config import SettingsError, check

    if not isinstance(data, dict):
        raise ReviewLogError(f'{where}: "scheduler" must be an object; nothing imported')
    try:
        parameters = tuple(float(_number(v, "parameters", where)) for v in data["parameters"])
        steps = {
            name: tuple(timedelta(seconds=_number(v, name, where)) for v in data[name][:100])
            for name in ("learning_steps", "relearning_steps")
        }
        fuzz = data["fuzz"]
        settings = Settings(
            desired_retention=float(_number(data["desired_retention"], "desired_retention", where)),
            maximum_interval=int(_number(data["maximum_interval"], "maximum_interval", where)),
            fuzz=fuzz if isinstance(fuzz, bool) else _bad("fuzz", where),
            learning_steps=steps["learning_steps"],
            relearning_steps=steps["relearning_steps"],
        )
        check(settings)
    except (KeyError, TypeError) as error:
        raise ReviewLogError(
            f'{where}: "scheduler" lacks or mistypes {error}; nothing imported'
        ) from None
    except SettingsError as error:
        raise ReviewLogError(f"{where}: {error}; nothing imported") from None
    from studykit.study.scheduler import parameters_problem

    if problem := parameters_problem(parameters):
        raise ReviewLogError(f"{where}: {problem}; nothing imported")
    return SchedulerSpec(parameters, settings)


def _bad(field: str, where: str) -> Any:
    raise ReviewLogError(f"{where}: {field!r} has the wrong type; nothing imported")


def _number(value: object, field: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _bad(field, where)
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number) or number < 0:
        raise ReviewLogError(f"{where}: {field!r} must be a finite number >= 0; nothing imported")
    return number


def _text(value: object, field: str, where: str, limit: int = 100) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise ReviewLogError(
            f"{where}: {field!r} must be text of 1 to {limit} characters; nothing imported"
        )
    return value


def _time(value: object, field: str, where: str) -> datetime:
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise ReviewLogError(
            f"{where}: {field!r} must be a UTC time like 2026-11-30T09:15:02.118Z; nothing imported"
        )
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ReviewLogError(f"{where}: {field!r} is not a real date; nothing imported") from None
    if not _EARLIEST <= moment < _LATEST:
        raise ReviewLogError(f"{where}: {field!r} is out of range; nothing imported")
    return moment


def _review(data: dict[str, Any], where: str) -> LogReview:
    """Return one review line, checked field by field."""
    review_id = data.get("id")
    if not isinstance(review_id, str) or not _ID.fullmatch(review_id):
        raise ReviewLogError(f"{where}: 'id' must be 32 lowercase hex digits; nothing imported")
    key = _text(data.get("key"), "key", where, limit=1000)
    if "/" not in key:
        raise ReviewLogError(f"{where}: 'key' must be deck/card; nothing imported")
    rating = data.get("rating")
    if rating not in (1, 2, 3, 4) or isinstance(rating, bool | float):
        raise ReviewLogError(f"{where}: 'rating' must be 1, 2, 3 or 4; nothing imported")
    duration = data.get("duration_ms")
    valid = duration is None or (
        isinstance(duration, int) and not isinstance(duration, bool)
        and 0 <= duration <= MAX_DURATION_MS
    )  # fmt: skip
    if not valid:
        raise ReviewLogError(
            f"{where}: 'duration_ms' must be null or 0 to {MAX_DURATION_MS}; nothing imported"
        )
    at = _time(data.get("time"), "time", where)
    return LogReview(
        review_id, key, at, Rating(rating), duration, _text(data.get("origin"), "origin", where)
    )
