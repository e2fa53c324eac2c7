"""The practice page's FSRS (fsrs.js, under Node) gives the terminal's schedules, review by review.

1,200 random review sequences, each with its own settings (default, perturbed or random
parameters; learning and relearning steps; desired retention; maximum interval; fuzz on
or off) and review times (on time, late, early, the same day), run through the terminal's
scheduler (py-fsrs) and through fsrs.js. Every due time must be equal to the millisecond
(the issue asks for the second), state, step, reps and lapses equal, stability and
difficulty within 1e-6 relative. The fuzz is ported, so half the sequences run with it.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from studykit.study.card_state import NEW, Rating, Schedule
from studykit.study.config import Settings
from studykit.study.scheduler import DEFAULT_PARAMETERS, Scheduler
from studykit.study.store import from_ms, to_ms
from studykit.tui.intervals import interval_label

ASSETS = Path(__file__).parents[2] / "studykit" / "export" / "assets"
SEQUENCES = 1200
LOWER = (0.001,) * 4 + (
    1,
    0.001,
    0.001,
    0.001,
    0,
    0,
    0.001,
    0.001,
    0.001,
    0.001,
    0,
    0,
    1,
    0,
    0,
    0,
    0.1,
)
UPPER = (100,) * 4 + (10, 4, 4, 0.75, 4.5, 0.8, 3.5, 5, 0.25, 0.9, 4, 1, 6, 2, 2, 0.8, 0.8)
STEPS = (30, 60, 90, 300, 600, 1800, 3600, 7200, 86400, 2 * 86400)
RUN = """
const fsrs = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map((c) => {
  let schedule = fsrs.NEW;
  return c.reviews.map(([rating, at]) => {
    const seen = fsrs.retrievability(c.settings, schedule, at);
    schedule = fsrs.review(c.settings, schedule, rating, at, c.key);
    return [schedule, seen];
  });
});
const labels = JSON.parse(process.argv[2]).map((ms) => fsrs.intervalLabel(ms));
process.stdout.write(JSON.stringify({out, labels}));
"""


@dataclass(frozen=True)
class Case:
    """One random sequence: its settings, the key that seeds the fuzz, and the reviews."""

    settings: Settings
    parameters: tuple[float, ...]
    key: str
    reviews: list[tuple[int, int]]
    """(rating, unix ms) of each review."""
    expected: list[tuple[Schedule, float]]
    """The terminal's schedule after each review and the retrievability just before it."""


def _parameters(rng: random.Random) -> tuple[float, ...]:
    kind = rng.randrange(3)
    if kind == 0:
        return DEFAULT_PARAMETERS
    if kind == 1:
        return tuple(
            min(hi, max(lo, p * rng.uniform(0.5, 1.5)))
            for p, lo, hi in zip(DEFAULT_PARAMETERS, LOWER, UPPER, strict=True)
        )
    return tuple(rng.uniform(lo, hi) for lo, hi in zip(LOWER, UPPER, strict=True))


def _settings(rng: random.Random) -> Settings:
    steps = tuple(timedelta(seconds=s) for s in sorted(rng.sample(STEPS, rng.randrange(4))))
    relearning = tuple(timedelta(seconds=s) for s in sorted(rng.sample(STEPS, rng.randrange(3))))
    return Settings(
        desired_retention=round(rng.uniform(0.7, 0.99), 3),
        learning_steps=steps,
        relearning_steps=relearning,
        maximum_interval=rng.choice((36500, 36500, 365, 30, 3)),
        fuzz=rng.random() < 0.5,
    )


def _next_time(schedule: Schedule, at: datetime, rng: random.Random) -> datetime:
    """Return when the next review happens: on time, late, early or again the same day."""
    assert schedule.due is not None
    way = rng.random()
    if way < 0.4:
        return schedule.due
    if way < 0.7:
        return schedule.due + timedelta(milliseconds=rng.randrange(10 * 86_400_000))
    if way < 0.85:
        return at + (schedule.due - at) * rng.random()
    return at + timedelta(milliseconds=rng.randrange(3_600_000))


def _case(number: int, rng: random.Random) -> Case:
    settings, parameters = _settings(rng), _parameters(rng)
    scheduler = Scheduler(settings, parameters=parameters)
    key = f"deck-{number}/card-{rng.randrange(10**6)}#c{rng.randrange(1, 4)}"
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(milliseconds=rng.randrange(10**10))
    schedule, at = NEW, from_ms(to_ms(start)) or start
    reviews, expected = [], []
    for _ in range(rng.randint(1, 30)):
        rating = Rating(rng.choices((1, 2, 3, 4), (15, 10, 60, 15))[0])
        seen = scheduler.retrievability(schedule, at)
        schedule = scheduler.review(schedule, rating, at, key)
        reviews.append((int(rating), to_ms(at) or 0))
        expected.append((schedule, seen))
        moment = _next_time(schedule, at, rng)
        at = moment.replace(microsecond=moment.microsecond // 1000 * 1000)  # the clock's ms
    return Case(settings, parameters, key, reviews, expected)


def _js_settings(case: Case) -> dict[str, Any]:
    s = case.settings
    return {
        "parameters": list(case.parameters),
        "desiredRetention": s.desired_retention,
        "learningSteps": [step.total_seconds() for step in s.learning_steps],
        "relearningSteps": [step.total_seconds() for step in s.relearning_steps],
        "maximumInterval": s.maximum_interval,
        "fuzz": s.fuzz,
    }


def _node(cases: list[Case], labels: list[int]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is missing: apt-get install nodejs (or run .ci/install-browser.sh)")
    given = [{"settings": _js_settings(c), "key": c.key, "reviews": c.reviews} for c in cases]
    done = subprocess.run(
        [node, "-e", RUN, str(ASSETS / "fsrs.js"), json.dumps(labels)],
        input=json.dumps(given), capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _differences(case: Case, got: list[list[Any]]) -> list[str]:
    """Return how the browser's schedules differ from the terminal's (empty: they agree)."""
    found = []
    for n, ((want, seen_want), (js, seen_js)) in enumerate(zip(case.expected, got, strict=True)):
        exact = (int(want.state), want.step, to_ms(want.due), to_ms(want.last_review),
                 want.reps, want.lapses)  # fmt: skip
        theirs = (js["state"], js["step"], js["due"], js["lastReview"], js["reps"], js["lapses"])
        close = all(
            math.isclose(a, b, rel_tol=1e-6)
            for a, b in (
                (want.stability, js["stability"]),
                (want.difficulty, js["difficulty"]),
                (seen_want, seen_js),
            )  # fmt: skip
        )
        if exact != theirs or not close:
            found.append(
                f"{case.key} review {n}: terminal {want} {seen_want}, browser {js} {seen_js}"
            )
    return found


def test_the_browser_schedules_like_the_terminal() -> None:
    rng = random.Random(20261130)
    cases = [_case(n, rng) for n in range(SEQUENCES)]
    labels = [rng.randrange(10**12) for _ in range(500)] + [n * 450_000 for n in range(1, 400)]
    result = _node(cases, labels)
    differences = [
        d for c, got in zip(cases, result["out"], strict=True) for d in _differences(c, got)
    ]
    assert differences == []
    assert sum(len(c.reviews) for c in cases) > 15_000
    drawn = [  # reviews whose interval the fuzz moved (it spares intervals under 3 days)
        s for c in cases if c.settings.fuzz for s, _ in c.expected
        if s.state == 2 and s.due - s.last_review >= timedelta(days=3)  # type: ignore[operator]
    ]  # fmt: skip
    assert len(drawn) > 1000
    expected = [interval_label(timedelta(milliseconds=ms)) for ms in labels]
    assert result["labels"] == expected


def test_the_fuzz_seed_is_pythons_random_after_seeding_with_an_integer() -> None:
    node = shutil.which("node")
    assert node is not None
    seeds = [0, 1, 2**31, 2**32 - 1, *random.Random(3).sample(range(2**32), 50)]
    script = (
        "const f = require(process.argv[1]);"
        "process.stdout.write(JSON.stringify(JSON.parse(process.argv[2]).map(f.pythonRandom)))"
    )
    done = subprocess.run(
        [node, "-e", script, str(ASSETS / "fsrs.js"), json.dumps(seeds)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert json.loads(done.stdout) == [random.Random(seed).random() for seed in seeds]


def test_the_fuzz_seed_hash_is_zlibs_crc32() -> None:
    import zlib

    node = shutil.which("node")
    assert node is not None
    rng = random.Random(5)
    texts = ["", "deck/card/0/3", "straße/ü#c1/12/4", "日本/カード/3/1"]
    texts += [
        "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(40))) for _ in range(50)
    ]
    script = (
        "const f = require(process.argv[1]);"
        "process.stdout.write(JSON.stringify(JSON.parse(process.argv[2]).map(f.crc32)))"
    )
    done = subprocess.run(
        [node, "-e", script, str(ASSETS / "fsrs.js"), json.dumps(texts)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert json.loads(done.stdout) == [zlib.crc32(t.encode()) for t in texts]
