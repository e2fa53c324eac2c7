"""A course is made and its site built with no network at all (a network namespace of its own).

The browser tests block every request off 127.0.0.1; this one takes the network away from
the build itself, diagrams drawn from an empty cache included. It needs root and
util-linux's `unshare` (CI runs as root); elsewhere it is skipped, saying why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = """
set -eu
ip link set lo up 2>/dev/null || true
if python -c "import socket; socket.create_connection(('pypi.org', 443), timeout=3)" 2>/dev/null
then echo "the network is still there" >&2; exit 99; fi
python -m studykit new course course --title "Offline course"
cd course
python -m studykit validate
python -m studykit export
"""


def _can_unshare() -> str | None:
    """Return why a network namespace cannot be made here, or None if it can."""
    if shutil.which("unshare") is None:
        return "util-linux's unshare is not installed"
    if os.geteuid() != 0:
        return "making a network namespace needs root"
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return None if probe.returncode == 0 else "unshare -n is refused here"


def test_a_new_course_builds_with_its_diagrams_drawn_and_no_network(tmp_path: Path) -> None:
    if (reason := _can_unshare()) is not None:
        pytest.skip(reason)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
        "STUDYKIT_CACHE_DIR": str(tmp_path / "empty-cache"),  # every diagram drawn afresh
        "HOME": str(tmp_path),
    }
    env.pop("STUDYKIT_DECKS", None)
    built = subprocess.run(
        ["unshare", "-n", "sh", "-c", SCRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    site = tmp_path / "course" / "site"
    diagrams = list((site / "assets" / "studykit" / "diagrams").glob("*.svg"))
    assert diagrams and all(b"<svg" in file.read_bytes()[:400] for file in diagrams)
    page = (site / "decks" / "example-deck" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img alt="[^"]*" class="sk-diagram" src="\.\./\.\./([^"]+)"', page)
    assert shown and all((site / src).is_file() for src in shown)
    assert "sk-diagram-missing" not in page
