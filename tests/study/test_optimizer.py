"""`studykit optimize`: examples from the review log, the held-out split, saving only what is better."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.history import simulate
from benchmarks.progress_db import write_progress
from benchmarks.synthetic import study_keys
from studykit.cli.app import app
from studykit.study.card_state import Rating
from studykit.study.config import Settings
from studykit.study.optimizer import MIN_REVIEWS, OptimizerMissing, TooFewReviews, examples
from studykit.study.progress_sync import export_lines, optimize
from studykit.study.review_log import LogReview, parse_log
from studykit.study.scheduler import DEFAULT_PARAMETERS, Scheduler
from studykit.study.store import ProgressStore

END = datetime(2026, 6, 1, 4, tzinfo=UTC)


def _review(n: int, key: str, at: datetime, rating: int = 3) -> LogReview:
    return LogReview(f"{n:032x}", key, at, Rating(rating), None, "terminal")


def test_examples_count_days_between_study_days() -> None:
    day = datetime(2026, 3, 2, 10, tzinfo=UTC)
    log = [
        _review(1, "d/a", day),
        _review(2, "d/a", day + timedelta(minutes=10)),  # same day: history, no example
        _review(3, "d/a", day + timedelta(hours=17, minutes=30)),  # 03:30 next day: same study day
        _review(4, "d/a", day + timedelta(hours=18, minutes=30), 1),  # 04:30: the next study day
        _review(5, "d/b", day + timedelta(days=3)),
        _review(6, "d/b", day + timedelta(days=5), 2),
    ]
    found = examples(reversed(log), day_hour=4, zone=UTC)
    assert [e.history for e in found] == [
        ((3, 0), (3, 0), (3, 0), (1, 1)),
        ((3, 0), (2, 2)),
    ]
    assert [e.at for e in found] == [log[3].at, log[5].at]


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a progress database with 6,000 simulated reviews (fitted once per module)."""
    path = tmp_path_factory.mktemp("year") / "progress.sqlite3"
    return write_progress(path, simulate(study_keys(6, 100), 6000, END))


def test_too_few_reviews_are_refused_with_the_minimum(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    with pytest.raises(TooFewReviews, match=f"at least {MIN_REVIEWS}"):
        optimize(store, Settings(), END)
    assert store.fitted_parameters() is None


def test_a_missing_optimizer_says_how_to_install_it(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)
    copy = tmp_path / "p.sqlite3"
    copy.write_bytes(year.read_bytes())
    with pytest.raises(OptimizerMissing, match=r"pip install '\.\[optimize\]'"):
        optimize(ProgressStore(copy), Settings(), END)


def test_better_parameters_are_saved_used_and_exported(year: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p.sqlite3"
    copy.write_bytes(year.read_bytes())
    store = ProgressStore(copy)
    before = {item.key: item.schedule for item in store.items()}
    done = optimize(store, Settings(), END)
    fit = done.fit
    assert fit.fitted.log_loss < fit.default.log_loss == fit.in_use.log_loss
    assert done.saved and store.fitted_parameters() == fit.parameters != DEFAULT_PARAMETERS
    assert fit.held_out == fit.examples - fit.trained_on and fit.held_out * 5 >= fit.examples - 5
    assert done.rescheduled == len(before)
    after = {item.key: item.schedule for item in store.items()}
    assert after != before  # rescheduled with the fitted parameters
    header = parse_log("".join(export_lines(store, Settings(), END)).encode(), "x").scheduler
    assert header.parameters == fit.parameters
    again = optimize(store, Settings(), END)  # the same data: no better fit, nothing saved
    assert not again.saved and store.fitted_parameters() == fit.parameters


def test_the_command_reports_default_and_fitted_scores(year: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p.sqlite3"
    copy.write_bytes(year.read_bytes())
    env = {"STUDYKIT_DB": str(copy), "STUDYKIT_NOW": END.isoformat(),
           "XDG_CONFIG_HOME": str(tmp_path)}  # fmt: skip
    result = CliRunner().invoke(app, ["optimize", "--json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["default"]) == {"log_loss", "rmse_bins"}
    assert report["saved"] is report["better"] is True
    text = CliRunner().invoke(app, ["optimize"], env=env)
    assert "kept the parameters in use" in text.stdout
    assert text.stdout.splitlines()[1].split() == ["log", "loss", "RMSE", "(bins)"]


def test_the_quiz_schedules_with_the_saved_parameters(tmp_path: Path) -> None:
    import subprocess

    from studykit.study.card_state import NEW
    from studykit.tui.intervals import interval_label
    from tests.cli.quiz_support import QUIZ_DECKS, quiz_env

    db = tmp_path / "p.sqlite3"
    fitted = (*DEFAULT_PARAMETERS[:3], 40.0, *DEFAULT_PARAMETERS[4:])  # Easy first: 40 days
    store = ProgressStore(db)
    store.save_parameters(fitted, MIN_REVIEWS, {}, END)
    store.close()
    done = subprocess.run(
        [sys.executable, "-m", "studykit", "quiz", "--decks", str(QUIZ_DECKS), "oci"],
        input="4\n", env=quiz_env(db, END.isoformat()), capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    key = done.stdout.split("## 1 ")[1].split()[0]
    after = Scheduler(Settings(), parameters=fitted).review(NEW, Rating.EASY, END, key)
    default = Scheduler(Settings()).review(NEW, Rating.EASY, END, key)
    assert after.due is not None and default.due is not None
    label = interval_label(after.due - END)
    assert label != interval_label(default.due - END)
    assert f"result: rated, Easy, next in {label}" in done.stdout
