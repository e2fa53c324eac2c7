"""Measure studykit beside `import typer`, Anki and plain MkDocs on synthetic collections.

Run: python -m benchmarks [--sizes 1000,10000] [--runs 7] [--json FILE]
The 100,000-card size takes long (minutes to generate; each of its site builds takes
minutes) and is measured only when asked: --sizes 1000,10000,100000 [--site-max-cards N].

With --compare PYTHON, time another install (PYTHON is its interpreter) against this one
in turns instead: first card (deck index warm, after editing one deck, cold), answer
recording and validate, before and after (benchmarks/compare.py).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import figures as measure
from benchmarks.figures import Figure
from benchmarks.report import growth, table, target_lines, targets, write_json
from benchmarks.workspace import prepare

ANSWERS = 1000


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="card counts, comma-separated")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--site-runs", type=int, default=3, help="timed runs of each site build")
    parser.add_argument(
        "--site-max-cards", type=int, default=10_000,
        help="build the sites only up to this size (100,000 cards: minutes per build)",
    )  # fmt: skip
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "studykit-benchmarks",
        help="where the generated collections are kept between runs",
    )  # fmt: skip
    parser.add_argument("--fresh", action="store_true", help="regenerate the collections")
    parser.add_argument(
        "--compare", type=Path, metavar="PYTHON",
        help="time the install of this interpreter (before) against this one (after), in turns",
    )  # fmt: skip
    return parser.parse_args()


def measure_size(cards: int, args: argparse.Namespace) -> list[Figure]:
    """Generate (or reuse) the collection of `cards` cards and measure every figure on it."""
    started = time.perf_counter()
    space = prepare(cards, args.work, fresh=args.fresh)
    print(f"{cards:,} cards, {space.reviews:,} reviews: ready in "
          f"{time.perf_counter() - started:.0f} s; measuring", file=sys.stderr)  # fmt: skip
    run = measure.prepare_run(space)
    return [
        *measure.first_card(space, run, args.runs),
        *measure.commands(space, run, args.runs),
        measure.answers(space, run, ANSWERS),
        *measure.loading(space, run, args.runs),
        *(measure.site(space, run, args.site_runs) if cards <= args.site_max_cards else ()),
    ]


def compare_main(args: argparse.Namespace) -> None:
    """Time the other install against this one at every size; print the table, write JSON."""
    from benchmarks import compare

    installs = [
        compare.Install("before", args.compare),
        compare.Install("after", Path(sys.executable)),
    ]
    pairs: list[compare.Pair] = []
    for cards in sorted(int(size) for size in args.sizes.split(",")):
        space = prepare(cards, args.work, fresh=args.fresh)
        print(f"{cards:,} cards: comparing {args.compare} with {sys.executable}", file=sys.stderr)
        pairs += compare.compare(space, measure.prepare_run(space), installs, args.runs)
    print(compare.table(pairs))
    if args.json:
        command = shlex.join(["python", "-m", "benchmarks", *sys.argv[1:]])
        compare.write_json(args.json, pairs, installs, command)
        print(f"\nwrote {args.json}", file=sys.stderr)


def main() -> None:
    """Measure every size, print the table, growth and targets, and write JSON if asked."""
    args = _arguments()
    if args.compare is not None:
        compare_main(args)
        return
    found: list[Figure] = []
    for cards in sorted(int(size) for size in args.sizes.split(",")):
        found += measure_size(cards, args)
    print(table(found))
    if text := growth(found):
        print(f"\n{text}")
    print(f"\ntargets at 10,000 cards and 100,000 reviews:\n{target_lines(targets(found))}")
    if args.json:
        write_json(args.json, found, shlex.join(["python", "-m", "benchmarks", *sys.argv[1:]]))
        print(f"\nwrote {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
