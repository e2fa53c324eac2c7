"""Foundation figures: `studykit validate` of 10,000 cards and `studykit --help` vs `import typer`.

Run: python -m benchmarks.foundation [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.synthetic import write_decks
from benchmarks.timing import Command, Timing, time_interleaved


def measure(runs: int) -> list[Timing]:
    """Measure the baseline and the two commands in turns, in one run."""
    # The script next to this Python, not a pyenv shim (its bash start would be timed too).
    studykit = str(Path(sys.executable).parent / "studykit")
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_decks(Path(tmp) / "decks", decks=100, cards=100)
        return time_interleaved(
            [
                Command("python -c 'import typer'", [sys.executable, "-c", "import typer"]),
                Command("studykit --help", [studykit, "--help"]),
                Command("studykit validate (10,000 cards)", [studykit, "validate", str(folder)]),
            ],
            runs,
        )


def main() -> None:
    """Print the table (and write JSON when asked)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    timings = measure(args.runs)
    floor = timings[0].median
    print(f"{'measure':40} {'median s':>9} {'x typer':>8} {'peak MB':>8}")
    for t in timings:
        print(f"{t.name:40} {t.median:9.3f} {t.median / floor:8.2f} {t.peak_mb or 0:8.1f}")
    if args.json:
        rows = [
            {
                "name": t.name,
                "median_s": t.median,
                "runs_s": t.runs,
                "peak_mb": t.peak_mb,
                "ratio_to_typer": t.median / floor,
            }
            for t in timings
        ]
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
