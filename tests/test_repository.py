"""The repository's own files: nothing a merge left half done."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(rb"^(<{7} |>{7} |={7}$)", re.MULTILINE)


def _tracked() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_file_keeps_a_merge_conflict_marker() -> None:
    marked = [
        str(path.relative_to(ROOT))
        for path in _tracked()
        if path.is_file() and path.stat().st_size < 2_000_000 and MARKER.search(path.read_bytes())
    ]
    assert marked == []
