"""Print the quality figures of the shipped decks (the same report as `studykit lint --stats`).

Run: python -m benchmarks.content_quality [--decks DIR | --rev GIT-REV] [--json]
`--rev` reads the decks of an earlier commit (for before/after figures): it extracts
`decks/` of that revision with `git archive` into a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from studykit.export.site_pages import glossary_entries
from studykit.load import load_decks
from studykit.load.quality import figures_report, folder_figures

ROOT = Path(__file__).resolve().parents[1]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.content_quality", description=__doc__
    )
    parser.add_argument("--decks", type=Path, default=ROOT / "decks", help="the deck folder")
    parser.add_argument("--rev", help="read decks/ of this git revision instead")
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser.parse_args()


def _extract(rev: str, into: Path) -> Path:
    """Write decks/ of a git revision under `into` and return its path."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev, "decks"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "decks"


def report(folder: Path, as_json: bool) -> str:
    """Return the figures of a deck folder as text or JSON."""
    result = load_decks([folder])
    if result.errors:
        raise SystemExit("\n".join(str(e) for e in result.errors))
    rows, total = folder_figures(result.decks)
    glossary = len(glossary_entries(result.decks))
    if as_json:
        data = {"decks": [r.as_dict() for r in rows], "total": total.as_dict()}
        return json.dumps({**data, "glossary": glossary}, indent=2) + "\n"
    return figures_report(rows, total, glossary)


def main() -> None:
    """Print the report."""
    options = _arguments()
    if options.rev:
        with tempfile.TemporaryDirectory() as work:
            print(report(_extract(options.rev, Path(work)), options.json), end="")
    else:
        print(report(options.decks, options.json), end="")


if __name__ == "__main__":
    main()
