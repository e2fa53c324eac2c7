"""Time loading a deck folder with `studykit.load.load_decks`: cold and warm.

Run in a fresh process by the runner: python -m benchmarks.loading DECKS
It prints JSON: the import of the loader, the first load (cold: fresh process, cold
imports and caches) and a second load in the same process (warm), in seconds, and the
process's peak RSS in MB.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.timing import own_peak_mb


def main() -> None:
    """Print the load times as JSON."""
    folder = Path(sys.argv[1])
    start = time.perf_counter()
    from studykit.load import load_decks

    imported = time.perf_counter()
    first = load_decks([folder])
    loaded = time.perf_counter()
    second = load_decks([folder])
    again = time.perf_counter()
    if first.errors or second.errors:
        raise SystemExit(f"{folder}: the synthetic decks have errors: {first.errors[:3]}")
    print(json.dumps({
        "import_s": imported - start, "cold_s": loaded - start, "first_load_s": loaded - imported,
        "warm_s": again - loaded, "peak_mb": own_peak_mb(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
