"""Measure every figure of one workspace, each beside its baseline in the same run."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.terminal import Screen, time_screens
from benchmarks.timing import Command, Timing, time_interleaved
from benchmarks.workspace import Workspace

BIN = Path(sys.executable).parent
STUDYKIT = str(BIN / "studykit")  # not a pyenv shim: its bash start would be timed too
MKDOCS = str(BIN / "mkdocs")
CARD_SHOWN = "e edit  q quit"
"""The end of the key hint printed under every card: the card is on screen."""
TYPER, ANKI, MKDOCS_BASE = "python -c 'import typer'", "Anki: open + getCard()", "mkdocs build"


@dataclass(frozen=True)
class Figure:
    """One measured figure at one collection size, and the baseline it is compared to."""

    name: str
    cards: int
    median_s: float
    runs_s: tuple[float, ...]
    peak_mb: float | None
    baselines: tuple[str, ...] = ()
    extra: dict[str, float] = field(default_factory=dict)


def _figure(timing: Timing, cards: int, *baselines: str) -> Figure:
    return Figure(timing.name, cards, timing.median, timing.runs, timing.peak_mb, baselines)


def base_env(run: Path) -> dict[str, str]:
    """Return the environment of every timed program: bytecode cached, as after pip install.

    An editable install run with PYTHONDONTWRITEBYTECODE (as in this project's sessions)
    compiles studykit from source on every start (about 40 ms); a wheel user never does.
    The cache goes to a folder of the run, not into the source tree.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return dict(env, PYTHONPYCACHEPREFIX=str(run.parent / "pycache"))


def study_env(space: Workspace, run: Path) -> dict[str, str]:
    """Return the environment of studykit commands: this workspace only, its fixed clock."""
    return dict(
        base_env(run), XDG_CACHE_HOME=str(run / "cache"), XDG_CONFIG_HOME=str(run / "config"),
        XDG_DATA_HOME=str(run / "data"), STUDYKIT_DB=str(run / "progress.sqlite3"),
        STUDYKIT_DECKS=str(space.decks), STUDYKIT_NOW=space.now.isoformat(),
        NO_MKDOCS_2_WARNING="1", TERM="xterm-256color", COLUMNS="120",
    )  # fmt: skip


def prepare_run(space: Workspace) -> Path:
    """Return a fresh run folder with copies of the pristine progress and Anki files."""
    run = space.root / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    shutil.copy(space.progress, run / "progress.sqlite3")
    shutil.copy(space.anki, run / "collection.anki2")
    return run


def first_card(space: Workspace, run: Path, runs: int) -> list[Figure]:
    """Time typer's import, the quiz's first card (deck cache warm, cold) and Anki's."""
    env, quiz = study_env(space, run), [STUDYKIT, "quiz"]
    anki = [sys.executable, str(Path(__file__).with_name("anki_first_card.py"))]
    timings = time_screens([
        Screen(TYPER, [sys.executable, "-c", "import typer"], None, env, run),
        Screen("quiz: first card", quiz, CARD_SHOWN, env, run, quit="q"),
        Screen("quiz: first card, deck cache cold", quiz, CARD_SHOWN, env, run, "q",
               before=(run / "cache",)),
        Screen(ANKI, [*anki, str(run / "collection.anki2")], "first card", env, run),
    ], runs)  # fmt: skip
    floor, *quizzes, baseline = timings
    cards = space.cards
    return [
        _figure(floor, cards),
        *(_figure(t, cards, TYPER, ANKI) for t in quizzes),
        _figure(baseline, cards, TYPER),
    ]


def commands(space: Workspace, run: Path, runs: int) -> list[Figure]:
    """Time `studykit due`, `stats`, `validate` and `--help`, in turns."""
    env = study_env(space, run)
    timings = time_interleaved([
        Command(TYPER, [sys.executable, "-c", "import typer"], env, run),
        Command("studykit --help", [STUDYKIT, "--help"], env, run),
        Command("studykit due", [STUDYKIT, "due"], env, run),
        Command("studykit stats", [STUDYKIT, "stats"], env, run),
        Command("studykit validate", [STUDYKIT, "validate", str(space.decks)], env, run),
    ], runs)  # fmt: skip
    floor, *studykit = timings
    # Named apart from the pseudo-terminal floor, which the first-card ratios use.
    floor = Timing(f"{TYPER} (beside the commands)", floor.runs, floor.peak_mb)
    return [_figure(floor, space.cards), *(_figure(t, space.cards, floor.name) for t in studykit)]


def site(space: Workspace, run: Path, runs: int) -> list[Figure]:
    """Time `studykit export` and `mkdocs build` of the same pages as plain Markdown."""
    env = study_env(space, run)
    export = [STUDYKIT, "export", "--out", str(run / "export"), "--decks", str(space.decks)]
    plain = [MKDOCS, "build", "--quiet", "--config-file", str(space.plain / "mkdocs.yml")]
    exported, built = time_interleaved([
        Command("studykit export", export, env, run),
        Command(MKDOCS_BASE, plain, env, space.plain),
    ], runs)  # fmt: skip
    return [_figure(exported, space.cards, MKDOCS_BASE), _figure(built, space.cards)]


def _python_json(module: str, *args: str, env: dict[str, str]) -> object:
    """Run `python -m module args` and return the JSON it prints."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


def answers(space: Workspace, run: Path, count: int) -> Figure:
    """Time `count` answers recorded in-process through the session and the store."""
    env = dict(study_env(space, run), PYTHONPATH=str(Path(__file__).parent.parent))
    db = run / "answers.sqlite3"
    shutil.copy(space.progress, db)
    times = sorted(_python_json(
        "benchmarks.answers", str(space.decks), str(db), space.now.isoformat(), str(count),
        env=env,
    ))  # type: ignore[type-var]  # fmt: skip
    p99 = times[min(len(times) - 1, round(len(times) * 0.99))]
    extra = {"p99_s": p99, "max_s": times[-1], "answers": float(len(times))}
    name = f"answer recorded (in-process Session.answer, {count} answers)"
    return Figure(name, space.cards, statistics.median(times), (), None, (), extra)


def loading(space: Workspace, run: Path, runs: int) -> list[Figure]:
    """Time load_decks cold (fresh process) and warm (second load), `runs` processes."""
    env = dict(study_env(space, run), PYTHONPATH=str(Path(__file__).parent.parent))
    found = [
        _python_json("benchmarks.loading", str(space.decks), env=env) for _ in range(runs + 1)
    ][1:]  # the first process warms the file cache and bytecode
    rows = []
    for key, name in (("cold_s", "deck load, cold (fresh process)"), ("warm_s", "deck load, warm")):
        values = tuple(float(f[key]) for f in found)  # type: ignore[index]
        peak = max(float(f["peak_mb"]) for f in found)  # type: ignore[index]
        rows.append(Figure(name, space.cards, statistics.median(values), values, peak))
    return rows
