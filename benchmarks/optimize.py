"""Time `studykit optimize` on the benchmark's synthetic year of reviews.

Run: python -m benchmarks.optimize [--reviews 100000] [--runs 3] [--json FILE]

The year is benchmarks.history's (FSRS with its default parameters, ratings weighted like
real learners', 10 reviews a card): it is written into a progress database through the
store, once, and kept in --work. Then the fit itself (the reviews turned into examples,
fsrs-rs fitting on the oldest 80%, three scorings on the newest 20%) is timed in-process,
median of --runs, and `studykit optimize --json` runs once on a copy of the database
(the whole command: reading the log, fitting, saving and rescheduling every card).
Target: the fit of 100,000 reviews in at most 5 s on this machine's 2 cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.history import simulate
from benchmarks.progress_db import write_progress
from benchmarks.synthetic import study_keys
from studykit.study.optimizer import examples, fit
from studykit.study.scheduler import DEFAULT_PARAMETERS, clamp_parameters
from studykit.study.store import ProgressStore

END = datetime(2026, 11, 30, 4, tzinfo=UTC)
TARGET_S = 5.0
CARDS_PER_DECK = 100


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.optimize", description=__doc__)
    parser.add_argument("--reviews", type=int, default=100_000, help="reviews in the year")
    parser.add_argument("--runs", type=int, default=3, help="timed fits")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "studykit-benchmarks",
        help="where the generated progress database is kept between runs",
    )  # fmt: skip
    return parser.parse_args()


def year_database(reviews: int, work: Path) -> Path:
    """Return a progress database holding the synthetic year (generated on first use)."""
    path = work / f"optimize-{reviews}.sqlite3"
    if not path.exists():
        decks = max(1, reviews // (10 * CARDS_PER_DECK))
        history = simulate(study_keys(decks, CARDS_PER_DECK), reviews, END)
        work.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        write_progress(partial, history)
        partial.rename(path)
    return path


def time_fits(path: Path, runs: int) -> list[float]:
    """Return the seconds of each in-process fit (examples, fitting, scoring)."""
    store = ProgressStore(path)
    log = store.log_reviews()
    store.close()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        found = examples(log, 4, UTC)
        fit(found, DEFAULT_PARAMETERS, DEFAULT_PARAMETERS, 1, clamp_parameters)
        seconds.append(time.perf_counter() - started)
    return seconds


def run_command(path: Path) -> tuple[dict[str, object], float]:
    """Run `studykit optimize --json` on a copy of the database; return its report and time."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "progress.sqlite3"
        shutil.copy(path, copy)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "studykit", "optimize", "--json", "--db", str(copy)],
            capture_output=True, text=True, check=True,
            env={"STUDYKIT_NOW": END.isoformat(), "PATH": "/usr/bin:/bin",
                 "XDG_CONFIG_HOME": folder, "XDG_CACHE_HOME": folder},
        )  # fmt: skip
        took = time.perf_counter() - started
    report: dict[str, object] = json.loads(done.stdout)
    return report, took


def main() -> None:
    """Generate (or reuse) the year, time the fits and the command, print the figures."""
    args = _arguments()
    started = time.perf_counter()
    path = year_database(args.reviews, args.work)
    print(
        f"{args.reviews:,} reviews ready in {time.perf_counter() - started:.0f} s", file=sys.stderr
    )
    fits = time_fits(path, args.runs)
    report, command_s = run_command(path)
    median = statistics.median(fits)
    default, fitted = report["default"], report["fitted"]
    assert isinstance(default, dict) and isinstance(fitted, dict)
    print(f"fit of {args.reviews:,} reviews ({report['reviews']:,} examples): median {median:.2f} s "
          f"of {args.runs} ({', '.join(f'{s:.2f}' for s in fits)}); target <= {TARGET_S:.0f} s: "
          f"{'met' if median <= TARGET_S else 'MISSED'}")  # fmt: skip
    print(f"studykit optimize (read, fit, save, reschedule): {command_s:.2f} s")
    print(f"held-out {report['held_out']:,} reviews   log loss   RMSE (bins)")
    for name, score in (("default", default), ("fitted", fitted)):
        print(f"  {name:9}{'':22}{score['log_loss']:.4f}     {score['rmse_bins']:.4f}")
    print(f"saved: {report['saved']}; rescheduled {report['rescheduled']} cards")
    if args.json:
        figures = {"reviews": args.reviews, "fit_seconds": fits, "fit_median_s": median,
                   "target_s": TARGET_S, "command_s": command_s, "optimize": report}  # fmt: skip
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
