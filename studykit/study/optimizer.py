"""Fit FSRS-6 parameters to the learner's own reviews with fsrs-rs, the optimizer Anki uses.

The only module that imports `fsrs_rs_python` (the `optimize` extra of studykit-containers).

Each review made on a later study day than the item's review before it is one training
example: the item's history up to it, as (rating, days since the review before), the days
counted between study days (they roll over at `day_starts_at`, as Anki counts them).
Reviews on the same day as the one before only shape the history. The examples are split
by time: the oldest 80% fit the parameters, the newest 20% are held out, and the default,
the parameters in use and the fitted ones are each measured on them by log loss and
RMSE (bins), as the srs-benchmark reports them. The fitted parameters are worth saving
only when their log loss on the held-out reviews is lower than that of the ones in use.

At least MIN_REVIEWS such reviews are needed, as py-fsrs's optimizer asks: with fewer,
21 parameters overfit, and the held-out fifth (about a hundred reviews) is too small to
tell a better fit from luck. fsrs-rs itself returns the defaults below about 64.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from typing import Any, NamedTuple

from studykit.errors import StudykitError
from studykit.study.days import study_day
from studykit.study.replay import replay_order
from studykit.study.store import LogReview

MIN_REVIEWS = 512
HELD_OUT = 0.2
"""The newest fifth of the examples measures the fits."""

History = tuple[tuple[int, int], ...]
"""An item's reviews up to one of them: (rating, days since the review before)."""


class OptimizerMissing(StudykitError):
    """fsrs-rs-python, which fits the parameters, is not installed."""


class TooFewReviews(StudykitError):
    """Not enough reviews on later days to fit 21 parameters."""


class Example(NamedTuple):
    """One training example: when its last review was made, and the history up to it."""

    at: datetime
    history: History


class Score(NamedTuple):
    """How well parameters predict the held-out reviews (lower is better)."""

    log_loss: float
    rmse_bins: float


class Fit(NamedTuple):
    """The fitted parameters and how they compare with the default and those in use."""

    parameters: tuple[float, ...]
    examples: int
    trained_on: int
    held_out: int
    split_at: datetime
    default: Score
    in_use: Score
    fitted: Score

    @property
    def better(self) -> bool:
        """Return whether the fit predicts the held-out reviews better than the ones in use."""
        return self.fitted.log_loss < self.in_use.log_loss


def examples(
    reviews: Iterable[LogReview], day_hour: int, zone: tzinfo | None = None
) -> list[Example]:
    """Return the training examples of a review log, oldest first."""
    found: list[Example] = []
    history: dict[str, list[tuple[int, int]]] = {}
    last_day: dict[str, Any] = {}
    for review in sorted(reviews, key=replay_order):
        day = study_day(review.at, day_hour, zone)
        before = last_day.get(review.key)
        elapsed = 0 if before is None else (day - before).days
        steps = history.setdefault(review.key, [])
        steps.append((int(review.rating), elapsed))
        last_day[review.key] = day
        if elapsed > 0:
            found.append(Example(review.at, tuple(steps)))
    return found


def _library() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimizerMissing(
            "fitting needs fsrs-rs-python, the optimizer Anki uses: install studykit with its "
            "'optimize' extra (from a clone: pip install '.[optimize]'), or pip install "
            "fsrs-rs-python into studykit's environment"
        ) from None
    return fsrs_rs_python


def _items(library: Any, chosen: Sequence[Example]) -> list[Any]:
    review = library.FSRSReview
    return [library.FSRSItem([review(r, d) for r, d in e.history]) for e in chosen]


def _score(library: Any, parameters: Sequence[float], items: list[Any]) -> Score:
    result = library.FSRS(list(parameters)).evaluate(items)
    return Score(float(result.log_loss), float(result.rmse_bins))


def fit(
    found: Sequence[Example],
    default: tuple[float, ...],
    in_use: tuple[float, ...],
    relearning_steps: int,
    clamp: Any,
) -> Fit:
    """Fit parameters on the older examples and score them on the newer ones."""
    if len(found) < MIN_REVIEWS:
        raise TooFewReviews(
            f"{len(found)} reviews on a later day than the card's previous review; "
            f"fitting needs at least {MIN_REVIEWS} (keep studying and try again)"
        )
    library = _library()
    cut = round(len(found) * (1 - HELD_OUT))
    train, test = _items(library, found[:cut]), _items(library, found[cut:])
    raw = library.FSRS(list(default)).compute_parameters(
        train, num_relearning_steps=relearning_steps
    )
    parameters: tuple[float, ...] = clamp(tuple(float(p) for p in raw))
    return Fit(
        parameters, len(found), len(train), len(test), found[cut].at,
        _score(library, default, test), _score(library, in_use, test),
        _score(library, parameters, test),
    )  # fmt: skip


def fit_json(result: Fit, saved: bool) -> dict[str, object]:
    """Return what `studykit optimize --json` prints."""
    return {
        "reviews": result.examples,
        "trained_on": result.trained_on,
        "held_out": result.held_out,
        "held_out_from": result.split_at.isoformat(),
        "default": result.default._asdict(),
        "in_use": result.in_use._asdict(),
        "fitted": result.fitted._asdict(),
        "parameters": list(result.parameters),
        "better": result.better,
        "saved": saved,
    }
