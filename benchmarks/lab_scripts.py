"""Lab scripts a learner (or an attacker) may write: time, peak memory and output size.

Run: python -m benchmarks.lab_scripts [--json FILE]
Each script runs once through `studykit lab --script` in a fresh process; the figures
are wall time, peak RSS (from /usr/bin/time) and the bytes written to stdout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPTS = {
    "one 1 MB line": "docker run -d --name a bb sleep " + "9" * 1_000_000 + "\n",
    "1,000 docker run -d": "".join(
        f"docker run -d --name c{n} bb sleep 1000\n" for n in range(1000)
    ),
    "4,000 docker run -d": "".join(
        f"docker run -d --name c{n} bb sleep 1000\n" for n in range(4000)
    ),
    "restart loop, sleep 1e9": "docker run -d --restart always --name r bb true\nsleep 1000000000\n",
}


def measure(name: str, text: str, *options: str) -> dict[str, object]:
    """Run one script; return its figures."""
    studykit = str(Path(sys.executable).parent / "studykit")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "script.lab"
        script.write_text(text, encoding="utf-8")
        command = ["/usr/bin/time", "-f", "%M", studykit, "lab", "--script", str(script)]
        started = time.perf_counter()
        done = subprocess.run([*command, *options], capture_output=True, timeout=3600, check=False)
        seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.decode(errors="replace").strip().splitlines()[-1])
    return {
        "script": name,
        "options": " ".join(options),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_kb / 1024),
        "stdout_bytes": len(done.stdout),
        "exit_code": done.returncode,
    }


def main() -> None:
    """Print the figures as a table, and as JSON when asked."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lab_scripts", description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    rows = []
    for name, text in SCRIPTS.items():
        rows.append(measure(name, text))
        if name.startswith("1,000"):
            rows.append(measure(name, text, "--json"))
    for row in rows:
        print(
            f"{row['script']:26} {row['options']:7} {row['seconds']:8.2f} s "
            f"{row['peak_mb']:5} MB {row['stdout_bytes']:>12,} B stdout  exit {row['exit_code']}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
