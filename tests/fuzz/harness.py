"""Run mutants through every command, each in a forked child with a time and memory bound.

For each mutant: the loader and `validate` must give valid decks or `path:line:column`
problems, never a traceback. A deck that validates must then work in `quiz` (the line
protocol, review and exam), `stats`, `due`, `decks`, `show`, `lint` and every export
(site, Anki, CSV). A child that raises, exits non-zero where it should not, runs past
the time limit or past the memory limit is a crash. Its peak RSS comes from wait4.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_decks
from tests.fuzz.mutator import Mutant

NOW = "2026-03-02T12:00:00+00:00"
TIME_LIMIT_S = 60
"""A mutant whose commands take longer than this, together, hangs."""
MEMORY_LIMIT = 4 << 30
"""Address space a child may map (the interpreter with MkDocs maps about 1 GB)."""
ANSWERS = ["3", "a", "t", "1", "runc", ":u", "2", "ab", "f", "4", "2143", ":s", "x", "3"] * 30


@dataclass
class Outcome:
    """What one mutant did: accepted or not, its problems, crash, time and peak memory."""

    number: int
    source: str
    mutations: tuple[str, ...]
    accepted: bool = False
    problems: int = 0
    crash: str = ""
    seconds: float = 0.0
    peak_rss_kb: int = 0
    slowest: str = ""
    timings: dict[str, float] = field(default_factory=dict)


class Crash(Exception):
    """A command misbehaved on a mutant."""


def _invoke(args: list[str], timings: dict[str, float], lines: str = "") -> Any:
    """Run a studykit command in this process; raise Crash on a traceback."""
    started = time.perf_counter()
    result = CliRunner().invoke(app, args, input=lines)
    timings[" ".join(a for a in args if not a.startswith("/"))[:60]] = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        detail = "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]
        raise Crash(f"{args}: {detail}")
    return result


def _check_problems(folder: Path, data: bytes) -> int:
    """Load the folder; check every problem is located in the file; return how many."""
    text = data.decode("utf-8", "replace")
    lines = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", text)) + 1  # as YAML counts
    issues = load_decks([folder]).issues
    for issue in issues:
        located = Path(issue.path).name and 1 <= issue.line <= lines + 1 and issue.column >= 1
        if not located or "\n" in issue.message or not 0 < len(issue.message) < 500:
            raise Crash(f"badly located or shaped problem: {issue!r}")
    return sum(1 for i in issues if i.severity == "error")


def _check_validate(folder: Path, timings: dict[str, float]) -> bool:
    """Run `validate`: exit 0, or exit 1 with path:line:column lines only."""
    result = _invoke(["validate", str(folder)], timings)
    if result.exit_code not in (0, 1):
        raise Crash(f"validate exited {result.exit_code}: {result.output[-2000:]}")
    shape = re.compile(r"^\S.*:\d+:\d+: \S")
    bad = [line for line in result.stdout.splitlines() if not shape.match(line)]
    if result.exit_code == 1 and (bad or not result.stdout):
        raise Crash(f"validate printed lines that are not path:line:column problems: {bad[:3]}")
    return bool(result.exit_code == 0)


def _commands(folder: Path, work: Path, deck_ids: list[str]) -> Iterator[tuple[list[str], str]]:
    """Yield every command a valid deck folder must survive, with its input."""
    decks, db = ["--decks", str(folder)], ["--db", str(work / "progress.sqlite3")]
    answers = "\n".join(ANSWERS) + "\n"
    yield ["quiz", *decks, *db, "--seed", "1"], answers
    yield ["quiz", *decks, *db, "--seed", "2", "--mode", "exam", "--count", "8"], answers
    yield ["stats", *decks, *db], ""
    yield ["stats", "--json", *decks, *db], ""
    yield ["due", "--json", *decks, *db], ""
    yield ["lint", str(folder)], ""
    yield ["export", "anki", *decks, "--out", str(work / "decks.apkg")], ""
    yield ["export", *decks, "--out", str(work / "site")], ""
    for deck_id in deck_ids:
        yield ["show", deck_id, *decks], ""
        yield ["export", "csv", deck_id, *decks, "--out", str(work / f"{deck_id}.csv")], ""


def check_mutant(mutant: Mutant, work: Path) -> tuple[bool, int, dict[str, float]]:
    """Run one mutant through everything; return (accepted, problems, timings) or raise Crash."""
    folder = work / "decks"
    place = folder / "models" if mutant.is_model else folder
    place.mkdir(parents=True)
    (place / mutant.source).write_bytes(mutant.data)
    timings: dict[str, float] = {}
    problems = _check_problems(folder, mutant.data)
    if not _check_validate(folder, timings):
        return False, problems, timings
    listing = _invoke(["decks", "--json", "--decks", str(folder)], timings)
    deck_ids = [deck["id"] for deck in json.loads(listing.stdout)]
    lint_may_fail = {"lint"}
    for args, lines in _commands(folder, work, deck_ids):
        result = _invoke(args, timings, lines)
        if result.exit_code != 0 and not (args[0] in lint_may_fail and result.exit_code == 1):
            raise Crash(f"{args[:3]} exited {result.exit_code}: {result.output[-2000:]}")
    return True, problems, timings


def _child(mutant: Mutant, work: Path, write: int) -> None:
    """Check a mutant in this (forked) process and send the outcome through the pipe."""
    outcome: dict[str, object] = {}
    try:
        os.environ.update(
            STUDYKIT_NOW=NOW,
            XDG_DATA_HOME=str(work / "data"),
            XDG_CONFIG_HOME=str(work / "config"),
            XDG_CACHE_HOME=str(work / "cache"),
        )
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        signal.alarm(TIME_LIMIT_S)
        accepted, problems, timings = check_mutant(mutant, work)
        outcome = {"accepted": accepted, "problems": problems, "timings": timings}
    except BaseException as error:  # noqa: BLE001 - everything that escapes is the finding
        outcome = {"crash": f"{type(error).__name__}: {error}"[:20_000]}
        if not isinstance(error, Crash):
            outcome["crash"] = traceback.format_exc()[-20_000:]
    with os.fdopen(write, "w") as pipe:
        pipe.write(json.dumps(outcome))


def run_mutant(mutant: Mutant, root: Path) -> Outcome:
    """Check a mutant in a forked child; return its outcome with its wall time and peak RSS."""
    work = Path(tempfile.mkdtemp(prefix=f"m{mutant.number}-", dir=root))
    read, write = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            _child(mutant, work, write)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        sent = pipe.read()
    _, status, usage = os.wait4(pid, 0)
    outcome = Outcome(mutant.number, mutant.source, mutant.mutations)
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_kb = usage.ru_maxrss
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        outcome.crash = f"killed by {name}" + (" (time limit)" if name == "SIGALRM" else "")
        return outcome
    found = json.loads(sent or '{"crash": "the child sent nothing"}')
    outcome.accepted = bool(found.get("accepted"))
    outcome.problems = int(found.get("problems", 0))
    outcome.crash = str(found.get("crash", ""))
    outcome.timings = found.get("timings", {})
    if outcome.timings:
        outcome.slowest = max(outcome.timings, key=outcome.timings.__getitem__)
    return outcome


def warm_up(root: Path, mutant: Mutant) -> Outcome:
    """Run an unmutated deck in this process first: imports are then shared by every child."""
    work = Path(tempfile.mkdtemp(prefix="warm-", dir=root))
    accepted, problems, timings = check_mutant(mutant, work)
    return Outcome(-1, mutant.source, (), accepted, problems, "", sum(timings.values()))


def summary(outcomes: list[Outcome]) -> dict[str, object]:
    """Return the figures of a run: counts, crashes, the slowest mutant and the peak RSS."""
    slowest = max(outcomes, key=lambda o: o.seconds)
    biggest = max(outcomes, key=lambda o: o.peak_rss_kb)
    return {
        "mutants": len(outcomes),
        "accepted": sum(o.accepted for o in outcomes if not o.crash),
        "rejected": sum(not o.accepted for o in outcomes if not o.crash),
        "crashes": [asdict(o) for o in outcomes if o.crash],
        "max_seconds": round(slowest.seconds, 2),
        "max_seconds_mutant": [slowest.number, slowest.source, slowest.slowest],
        "max_rss_mb": round(biggest.peak_rss_kb / 1024, 1),
        "max_rss_mutant": [biggest.number, biggest.source],
    }


Progress = Callable[[Outcome], None]
