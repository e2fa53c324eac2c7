"""The table, the growth across sizes, the targets, and the JSON record of a run."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from benchmarks.figures import ANKI, MKDOCS_BASE, TYPER, Figure

TARGET_SIZE = 10_000
FIRST_CARD = "quiz: first card"
ANSWER_PREFIX = "answer recorded"


@dataclass(frozen=True)
class Target:
    """A target of issue 7 at 10,000 cards: what it says, the figure and whether it is met."""

    text: str
    value: float
    limit: float
    met: bool


def _find(figures: Sequence[Figure], name: str, cards: int, prefix: bool = False) -> Figure | None:
    """Return the figure of that name (or name prefix) at that size."""
    return next(
        (
            f
            for f in figures
            if f.cards == cards and (f.name == name or prefix and f.name.startswith(name))
        ),
        None,
    )


def ratio(figures: Sequence[Figure], figure: Figure, baseline: str) -> float | None:
    """Return a figure's median over its baseline's at the same size."""
    base = _find(figures, baseline, figure.cards)
    return figure.median_s / base.median_s if base and base.median_s else None


def _cell(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def table(figures: Sequence[Figure]) -> str:
    """Return the figures as a text table: median, ratios to each baseline, peak memory."""
    lines = [f"{'cards':>7}  {'figure':48} {'median':>9} {'x typer':>8} {'x Anki':>7} "
             f"{'x mkdocs':>8} {'peak MB':>8}"]  # fmt: skip
    for f in figures:
        ratios = [
            next((ratio(figures, f, b) for b in f.baselines if b.startswith(base)), None)
            for base in (TYPER, ANKI, MKDOCS_BASE)
        ]
        median = f"{f.median_s * 1000:.2f} ms" if f.median_s < 0.1 else f"{f.median_s:.3f} s"
        lines.append(
            f"{f.cards:>7,}  {f.name[:48]:48} {median:>9} {_cell(ratios[0], '.2f'):>8} "
            f"{_cell(ratios[1], '.2f'):>7} {_cell(ratios[2], '.2f'):>8} "
            f"{_cell(f.peak_mb, '.1f'):>8}"
        )
        if "p99_s" in f.extra:
            lines.append(f"{'':>7}  {'  p99':48} {f.extra['p99_s'] * 1000:>6.2f} ms")
    return "\n".join(lines)


def growth(figures: Sequence[Figure]) -> str:
    """Return how each figure's median grows from one size to the next (x, for 10x cards)."""
    sizes = sorted({f.cards for f in figures})
    if len(sizes) < 2:
        return ""
    names = list(dict.fromkeys(f.name for f in figures))
    header = "  ".join(f"{a:,}->{b:,}".rjust(15) for a, b in zip(sizes, sizes[1:], strict=False))
    lines = [f"growth of the median  {'':27}{header}"]
    for name in names:
        cells = []
        for small, large in zip(sizes, sizes[1:], strict=False):
            a, b = _find(figures, name, small), _find(figures, name, large)
            cells.append(_cell(b.median_s / a.median_s if a and b else None, ".2f").rjust(15))
        lines.append(f"{name[:48]:48} {'  '.join(cells)}")
    return "\n".join(lines)


def _check(figures: Sequence[Figure], text: str, get: Callable[[], float | None], limit: float):
    value = get()
    return None if value is None else Target(text, value, limit, value <= limit)


def targets(figures: Sequence[Figure]) -> list[Target]:
    """Return the issue's targets at 10,000 cards that this run measured."""
    first = _find(figures, FIRST_CARD, TARGET_SIZE)
    answer = _find(figures, ANSWER_PREFIX, TARGET_SIZE, prefix=True)
    validate = _find(figures, "studykit validate", TARGET_SIZE)
    export = _find(figures, "studykit export", TARGET_SIZE)
    checks = [
        ("first card / import typer <= 1.5", lambda: first and ratio(figures, first, TYPER), 1.5),
        ("first card / Anki <= 0.5", lambda: first and ratio(figures, first, ANKI), 0.5),
        ("quiz peak memory <= 80 MB", lambda: first and first.peak_mb, 80.0),
        ("answer recorded, median <= 5 ms", lambda: answer and answer.median_s * 1000, 5.0),
        ("studykit validate <= 1 s", lambda: validate and validate.median_s, 1.0),
        ("export / mkdocs build <= 1.3", lambda: export and ratio(figures, export, MKDOCS_BASE), 1.3),
    ]  # fmt: skip
    found = [_check(figures, text, get, limit) for text, get, limit in checks]
    return [t for t in found if t is not None] + _growth_targets(figures)


def _growth_targets(figures: Sequence[Figure]) -> list[Target]:
    """Return 10,000 -> 100,000 growth: at most linear (10x), the first card nearly flat."""
    found = []
    for small in (f for f in figures if f.cards == TARGET_SIZE):
        large = _find(figures, small.name, TARGET_SIZE * 10)
        if large is None or not small.median_s:
            continue
        limit = 1.5 if small.name == FIRST_CARD else 10.0
        growth = large.median_s / small.median_s
        found.append(Target(f"growth 10k->100k: {small.name}", growth, limit, growth <= limit))
    return found


def target_lines(found: Sequence[Target]) -> str:
    """Return the targets as text lines."""
    return "\n".join(
        f"{'met   ' if t.met else 'MISSED'}  {t.text:58} {t.value:8.2f} (limit {t.limit:g})"
        for t in found
    )


def write_json(path: Path, figures: Sequence[Figure], command: str) -> None:
    """Write every figure, its ratios, the targets and the machine to a JSON file."""
    versions = {n: metadata.version(n) for n in ("studykit", "anki", "mkdocs", "fsrs", "typer")}
    rows = [
        {**asdict(f), "ratios": {b: ratio(figures, f, b) for b in f.baselines}} for f in figures
    ]
    record = {
        "command": command,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), **versions},
        "figures": rows,
        "targets": [asdict(t) for t in targets(figures)],
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
