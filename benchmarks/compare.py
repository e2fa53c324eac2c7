"""Time two installs of studykit in turns on one synthetic collection: before and after.

Run: python -m benchmarks --compare BEFORE_PYTHON [--sizes 10000] [--runs 7] [--json FILE]

BEFORE_PYTHON is the interpreter of the other install (for example a venv of an older
commit: /work/venvs/baseline/bin/python); the install running this is "after". Each
figure is measured for both, one run of each in turn, so load on the machine hits both
alike; the table gives each median and the ratio after / before (below 1: faster).

Figures: the quiz's first card with the deck index warm, after editing one deck file,
and with no index at all (the full cold build); one answer recorded (median and p99,
in-process, through each install's own `benchmarks.answers`, found beside its source);
`studykit validate`. Each install keeps its own cache and progress database copies.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from benchmarks.figures import CARD_SHOWN, study_env
from benchmarks.terminal import Screen, time_screens
from benchmarks.timing import Command, time_interleaved
from benchmarks.workspace import Workspace

ANSWERS = 1000


@dataclass(frozen=True)
class Install:
    """One studykit install: its interpreter, its `studykit` script and its source tree."""

    name: str
    python: Path

    @property
    def studykit(self) -> str:
        """Return the console script next to the interpreter (not a pyenv shim)."""
        return str(self.python.parent / "studykit")

    def source_root(self) -> Path:
        """Return the folder holding the install's `studykit` package (and its benchmarks)."""
        code = "import os, studykit; print(os.path.dirname(os.path.dirname(studykit.__file__)))"
        done = subprocess.run(
            [str(self.python), "-c", code], capture_output=True, text=True, check=True, cwd="/"
        )
        return Path(done.stdout.strip())


@dataclass(frozen=True)
class Pair:
    """One figure of both installs: every run's seconds, and extras (p99 of the answers)."""

    name: str
    cards: int
    before: tuple[float, ...]
    after: tuple[float, ...]
    extra: dict[str, float]

    @property
    def ratio(self) -> float:
        """Return the median after over the median before."""
        return statistics.median(self.after) / statistics.median(self.before)


def _decks(run: Path, install: Install) -> Path:
    """Return the install's own copy of the deck folder (edits of one do not reach the other)."""
    return run / install.name / "decks"


def _env(space: Workspace, run: Path, install: Install) -> dict[str, str]:
    """Return the environment of one install's commands: its own decks, cache and database."""
    own = run / install.name
    return dict(
        study_env(space, run),
        STUDYKIT_DECKS=str(_decks(run, install)),
        XDG_CACHE_HOME=str(own / "cache"),
        XDG_DATA_HOME=str(own / "data"),
        STUDYKIT_DB=str(own / "progress.sqlite3"),
    )


def _pristine(run: Path, install: Install) -> Path:
    """Return the install's own pristine progress database (the same reviews for both)."""
    return run / install.name / "pristine.sqlite3"


def prepare_installs(space: Workspace, run: Path, installs: list[Install]) -> None:
    """Give each install its copy of the decks and of the pristine progress database."""
    for install in installs:
        own = run / install.name
        shutil.rmtree(own, ignore_errors=True)
        own.mkdir(parents=True)
        shutil.copytree(space.decks, _decks(run, install))
        shutil.copy(space.progress, _pristine(run, install))
        if not _opens(space, run, install):
            _write_own_progress(space, run, install)
            if not _opens(space, run, install):
                raise RuntimeError(f"{install.name}: cannot open its own progress database")


def _opens(space: Workspace, run: Path, install: Install) -> bool:
    """Return whether the install opens its pristine database (`studykit due` on a copy)."""
    shutil.copy(_pristine(run, install), run / install.name / "progress.sqlite3")
    done = subprocess.run(
        [install.studykit, "due"], env=_env(space, run, install), cwd=run, capture_output=True,
    )  # fmt: skip
    return done.returncode == 0


def _write_own_progress(space: Workspace, run: Path, install: Install) -> None:
    """Write the workspace's reviews through the install's own store (an older schema).

    A database this install made can have a schema the other one does not read yet (a
    migration between them); the other's own `benchmarks.progress_db` records the same
    simulated reviews, so both start from the same progress.
    """
    print(f"{install.name}: cannot open the pristine database; writing its own", file=sys.stderr)
    _pristine(run, install).unlink()
    code = (
        "import pickle, sys; from pathlib import Path; "
        "from benchmarks.progress_db import write_progress; "
        "write_progress(Path(sys.argv[1]), pickle.loads(Path(sys.argv[2]).read_bytes()))"
    )
    env = dict(os.environ, PYTHONPATH=str(install.source_root()))
    subprocess.run(
        [str(install.python), "-c", code, str(_pristine(run, install)), str(space.history)],
        env=env, cwd=run, check=True,
    )  # fmt: skip


def edit_one_deck(folder: Path) -> None:
    """Change one card's explanation in the middle deck of the folder (its keys stay).

    The file is dated 3 s back, as if saved a moment before the quiz starts: the index of
    the "after" install compares a file changed within 2 s of its last check by digest on
    every start until it has aged, which would otherwise show in the next warm start.
    """
    decks = sorted(folder.glob("deck-*.yaml"))
    path = decks[len(decks) // 2]
    text = path.read_text(encoding="utf-8")
    found = re.search(r"(explanation: Generated card 0 of deck \d+\.)(?: edit (\d+))?", text)
    assert found is not None, path
    count = int(found.group(2) or 0) + 1
    path.write_text(text.replace(found.group(0), f"{found.group(1)} edit {count}", 1), "utf-8")
    saved = time.time_ns() - 3_000_000_000
    os.utime(path, ns=(saved, saved))


def first_cards(space: Workspace, run: Path, installs: list[Install], runs: int) -> list[Pair]:
    """Time the first card, index warm, after one edit and cold, for both installs in turns."""
    screens = []
    for install in installs:
        env, quiz = _env(space, run, install), [install.studykit, "quiz"]
        cache = run / install.name / "cache"
        screens += [
            Screen(f"{install.name}: first card", quiz, CARD_SHOWN, env, run, "q"),
            Screen(
                f"{install.name}: edited", quiz, CARD_SHOWN, env, run, "q",
                prepare=partial(edit_one_deck, _decks(run, install)),
            ),
            Screen(f"{install.name}: cold", quiz, CARD_SHOWN, env, run, "q", before=(cache,)),
        ]  # fmt: skip
    timings = time_screens(screens, runs)
    names = (
        "quiz: first card (deck index warm)",
        "quiz: first card after editing one deck file",
        "quiz: first card, no deck index (full cold build)",
    )
    before, after = timings[: len(names)], timings[len(names) :]
    return [
        Pair(name, space.cards, b.runs, a.runs, {})
        for name, b, a in zip(names, before, after, strict=True)
    ]


def validate(space: Workspace, run: Path, installs: list[Install], runs: int) -> Pair:
    """Time `studykit validate` of the folder for both installs in turns."""
    commands = [
        Command(i.name, [i.studykit, "validate", str(_decks(run, i))], _env(space, run, i), run)
        for i in installs
    ]
    before, after = time_interleaved(commands, runs)
    return Pair("studykit validate", space.cards, before.runs, after.runs, {})


def _answer_times(space: Workspace, run: Path, install: Install, count: int) -> list[float]:
    """Return each answer's seconds, recorded in-process by the install's own probe."""
    db = run / install.name / "answers.sqlite3"
    shutil.copy(_pristine(run, install), db)
    env = dict(_env(space, run, install), PYTHONPATH=str(install.source_root()))
    args = [str(_decks(run, install)), str(db), space.now.isoformat(), str(count)]
    done = subprocess.run(
        [str(install.python), "-m", "benchmarks.answers", *args],
        env=env, cwd=run, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{install.name}: benchmarks.answers failed: {done.stderr[-2000:]}")
    return sorted(json.loads(done.stdout))


def answers(space: Workspace, run: Path, installs: list[Install], rounds: int) -> Pair:
    """Record ANSWERS answers per round with each install in turn; pool every answer's time."""
    pooled: list[list[float]] = [[] for _ in installs]
    for _ in range(rounds):
        for install, times in zip(installs, pooled, strict=True):
            times += _answer_times(space, run, install, ANSWERS)
    before, after = (sorted(times) for times in pooled)
    extra = {f"p99_{n}_s": _p99(t) for n, t in (("before", before), ("after", after))}
    name = f"answer recorded (in-process Session.answer, {rounds} x {ANSWERS})"
    return Pair(name, space.cards, tuple(before), tuple(after), extra)


def _p99(times: list[float]) -> float:
    return times[min(len(times) - 1, round(len(times) * 0.99))]


def table(pairs: list[Pair]) -> str:
    """Return the pairs as a text table: medians before and after, and their ratio."""
    lines = [f"{'cards':>7}  {'figure':52} {'before':>10} {'after':>10} {'after/before':>13}"]
    for pair in pairs:
        before, after = statistics.median(pair.before), statistics.median(pair.after)
        lines.append(
            f"{pair.cards:>7,}  {pair.name[:52]:52} {_time(before):>10} {_time(after):>10}"
            f" {pair.ratio:>13.2f}"
        )
        if "p99_before_s" in pair.extra:
            p99 = (pair.extra["p99_before_s"], pair.extra["p99_after_s"])
            ratio = p99[1] / p99[0]
            lines.append(
                f"{'':>7}  {'  p99':52} {_time(p99[0]):>10} {_time(p99[1]):>10} {ratio:>13.2f}"
            )
    return "\n".join(lines)


def _time(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds:.3f} s"


def _runs(times: tuple[float, ...]) -> object:
    """Return every run's seconds, or a count for thousands of answers (the file stays small)."""
    return list(times) if len(times) <= 100 else {"count": len(times)}


def write_json(path: Path, pairs: list[Pair], installs: list[Install], command: str) -> None:
    """Write every pair with its medians and ratio, and the two installs, to a JSON file."""
    rows = [
        {
            **asdict(p),
            **{side: _runs(getattr(p, side)) for side in ("before", "after")},
            "median_before_s": statistics.median(p.before),
            "median_after_s": statistics.median(p.after),
            "ratio": p.ratio,
        }
        for p in pairs
    ]
    installs_json = {
        i.name: {"python": str(i.python), "source": str(i.source_root())} for i in installs
    }
    record = {"command": command, "installs": installs_json, "figures": rows}
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def compare(space: Workspace, run: Path, installs: list[Install], runs: int) -> list[Pair]:
    """Measure every figure of one workspace for both installs."""
    prepare_installs(space, run, installs)
    return [
        *first_cards(space, run, installs, runs),
        answers(space, run, installs, max(1, runs // 2)),
        validate(space, run, installs, runs),
    ]
