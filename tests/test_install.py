"""The distribution installs under its own name in a fresh virtual environment."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

DISTRIBUTION = "studykit-containers"
"""PyPI's `studykit` is an unrelated project; the command and the import package stay."""


def _run(*command: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_the_built_wheel_installs_in_a_fresh_venv(tmp_path: Path) -> None:
    _run(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", tmp_path / "dist")
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    assert wheel.name.startswith("studykit_containers-")
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    _run(bin_dir / "python", "-m", "pip", "install", "-q", wheel)
    shown = _run(bin_dir / "python", "-m", "pip", "show", DISTRIBUTION)
    assert f"Name: {DISTRIBUTION}\n" in shown
    assert _run(bin_dir / "studykit", "--version", cwd=tmp_path).strip().startswith("studykit ")
    listing = json.loads(_run(bin_dir / "studykit", "decks", "--json", cwd=tmp_path))
    assert {deck["id"] for deck in listing} >= {"virtualization"}  # the bundled decks
