"""`studykit --help` stays as light as a bare Typer app: heavy libraries load only when used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = [
    "yaml",
    "fsrs",
    "sqlite3",
    "mkdocs",
    "material",
    "genanki",
    "markdown_it",
    "studykit.model",
    "studykit.load",
    "studykit.study",
    "studykit.runtime",
    "studykit.export",
]
LIGHT = {"studykit.study", "studykit.study.mode"}
"""Stdlib-only: the quiz command's `--mode` option is the study layer's own Mode enum."""


def test_help_imports_no_heavy_library() -> None:
    script = (
        "import sys, json\n"
        "from studykit.cli.app import app\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    loaded = set(json.loads(done.stdout))
    heavy = sorted(name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY)
    heavy = [n for n in heavy if any(n == h or n.startswith(h + ".") for h in HEAVY)]
    heavy = [n for n in heavy if n not in LIGHT]
    assert heavy == [], f"--help imported {heavy}; import them inside the command function"
