"""Run a large mutation corpus and print its figures: python -m tests.fuzz --mutants 2000."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import DECKS
from tests.fuzz.harness import Outcome, run_mutant, summary, warm_up
from tests.fuzz.mutator import Mutant, make_mutant, sources


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--mutants", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first mutant number")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--crashes", type=Path, help="write each crashing mutant's file here")
    return parser.parse_args()


def _keep(outcome: Outcome, mutant: Mutant, folder: Path | None) -> None:
    print(f"CRASH #{outcome.number} {outcome.source} {outcome.mutations}\n{outcome.crash[-3000:]}",
          file=sys.stderr)  # fmt: skip
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{outcome.number}-{mutant.source}").write_bytes(mutant.data)


def main() -> None:
    """Run the corpus, print progress and the figures, write them as JSON if asked."""
    args = _arguments()
    root = Path(tempfile.mkdtemp(prefix="studykit-fuzz-"))
    pristine = DECKS / "cgroups.yaml"
    warm_up(root, Mutant(-1, pristine.name, pristine.read_bytes(), False, ()))
    files, outcomes, started = sources(), [], time.perf_counter()
    for number in range(args.start, args.start + args.mutants):
        mutant = make_mutant(args.seed, number, files)
        outcome = run_mutant(mutant, root)
        outcomes.append(outcome)
        if outcome.crash:
            _keep(outcome, mutant, args.crashes)
        if len(outcomes) % 100 == 0:
            print(
                f"{len(outcomes)} mutants, {time.perf_counter() - started:.0f} s", file=sys.stderr
            )
    figures = summary(outcomes) | {
        "seed": args.seed,
        "seconds": round(time.perf_counter() - started),
    }
    shown = {k: v for k, v in figures.items() if k != "crashes"} | {
        "crashes": len(figures["crashes"])
    }  # type: ignore[arg-type]
    print(json.dumps(shown, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
