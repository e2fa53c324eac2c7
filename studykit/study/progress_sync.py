"""Progress that moves both ways: export the review log, import one and replay it.

The scheduler of both directions is this side's: the settings file's FSRS settings with
the parameters `studykit optimize` saved (FSRS-6's defaults before). An export carries
them in its header, and the practice page adopts them on import, so the two sides replay
the same reviews with the same scheduler. An import here keeps this side's scheduler and
says so when the file's differs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from studykit.study.config import Settings
from studykit.study.replay import Reviewer, merge, replay
from studykit.study.review_log import (
    MAX_LOG_BYTES,
    LogFile,
    ReviewLogError,
    SchedulerSpec,
    dump_log,
    parse_log,
    scheduler_json,
)
from studykit.study.scheduler import DEFAULT_PARAMETERS, Scheduler
from studykit.study.store import History, Imported, LogReview, ProgressStore

if TYPE_CHECKING:
    from studykit.study.optimizer import Fit

ORIGIN = "terminal"


class ImportReport(NamedTuple):
    """What `progress import` did, and what the learner should know about the file."""

    imported: Imported
    known: int
    """Reviews of the file this side held already."""
    reviews: int
    unknown_keys: int
    """Reviews of cards no deck of this side holds (kept; `studykit orphans` lists them)."""
    other_scheduler: bool


def scheduler_spec(settings: Settings, store: ProgressStore) -> SchedulerSpec:
    """Return this side's scheduler: the settings with the fitted (or default) parameters."""
    return SchedulerSpec(store.fitted_parameters() or DEFAULT_PARAMETERS, settings)


def scheduler_of(spec: SchedulerSpec) -> Scheduler:
    """Return the scheduler a spec describes."""
    return Scheduler(spec.settings, parameters=spec.parameters)


def export_lines(store: ProgressStore, settings: Settings, now: datetime) -> Iterator[str]:
    """Yield the review log file of every stored review."""
    return dump_log(store.log_reviews(), scheduler_spec(settings, store), ORIGIN, now)


def read_log(path: Path, stdin: BinaryIO | None = None) -> LogFile:
    """Return the review log in a file (bounded, regular files only), or raise ReviewLogError.

    The path `-` reads `stdin` instead, at most MAX_LOG_BYTES of it.
    """
    from studykit.load.bounded_read import FileProblem, read_regular_file

    if str(path) == "-" and stdin is not None:
        data = stdin.read(MAX_LOG_BYTES + 1)
        if len(data) > MAX_LOG_BYTES:
            raise ReviewLogError(f"-: larger than {MAX_LOG_BYTES // 2**20} MB; nothing imported")
        return parse_log(data, "-")
    try:
        data = read_regular_file(str(path), MAX_LOG_BYTES)
    except FileProblem as problem:
        raise ReviewLogError(f"{path}: {problem}; nothing imported") from None
    return parse_log(data, str(path))


def merge_reviews(
    store: ProgressStore, reviews: Sequence[LogReview], scheduler: Reviewer, now: datetime,
    session: str,
) -> Imported:  # fmt: skip
    """Merge reviews into the store by id and replay the items that gained any."""

    def merger(stored: list[LogReview]) -> tuple[History, set[str]]:
        merged = merge(stored, reviews)
        touched = {review.key for review in merged.added}
        history = replay((r for r in merged.reviews if r.key in touched), scheduler)
        return history, {review.id for review in merged.added}

    return store.import_reviews(merger, session, now)


def import_log(
    store: ProgressStore,
    settings: Settings,
    log: LogFile,
    known_keys: set[str],
    now: datetime,
    session: str,
) -> ImportReport:
    """Merge a review log into the store with this side's scheduler."""
    spec = scheduler_spec(settings, store)
    done = merge_reviews(store, log.reviews, scheduler_of(spec), now, session)
    unknown = sum(1 for review in log.reviews if review.key not in known_keys)
    other = scheduler_json(log.scheduler) != scheduler_json(spec)
    return ImportReport(done, len(log.reviews) - done.added, len(log.reviews), unknown, other)


class Optimized(NamedTuple):
    """What `studykit optimize` did: the fit, whether it was saved, the cards rescheduled."""

    fit: Fit
    saved: bool
    rescheduled: int


def optimize(
    store: ProgressStore, settings: Settings, now: datetime, zone: tzinfo | None = None
) -> Optimized:
    """Fit parameters to the stored reviews; save them and reschedule when they are better."""
    from studykit.study.optimizer import examples, fit, fit_json
    from studykit.study.scheduler import clamp_parameters

    in_use = scheduler_spec(settings, store).parameters
    found = examples(store.log_reviews(), settings.day_starts_at, zone)
    result = fit(
        found, DEFAULT_PARAMETERS, in_use, len(settings.relearning_steps), clamp_parameters
    )
    if not result.better:
        return Optimized(result, False, 0)
    store.save_parameters(result.parameters, result.examples, fit_json(result, True), now)
    spec = SchedulerSpec(result.parameters, settings)
    # Every schedule is the replay of its log with the scheduler in use, here and in a
    # browser that imports the next export: replay them all with the new parameters.
    count = store.reschedule_all(partial(replay, scheduler=scheduler_of(spec)))
    return Optimized(result, True, count)
