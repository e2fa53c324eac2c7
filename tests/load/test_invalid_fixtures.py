"""Every invalid deck fixture gives exactly its golden messages, exit code 1 and no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.suffix != ".expected")
LIBRARY_WORDS = "YAML syntax error: ..."
"""A golden line ending so names the problem and its place; libyaml's words after it vary."""


def _same(actual: list[str], expected: list[str]) -> bool:
    """Return whether printed lines match golden lines (LIBRARY_WORDS ends match any text)."""
    if len(actual) != len(expected):
        return False
    return all(
        a.startswith(e.removesuffix("...")) and len(a) > len(e) - 3
        if e.endswith(LIBRARY_WORDS)
        else a == e
        for a, e in zip(actual, expected, strict=True)
    )


def test_there_are_at_least_25_invalid_fixtures() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_validate_prints_the_golden_messages(
    case: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(INVALID)
    expected = (INVALID / f"{case.stem}.expected").read_text(encoding="utf-8")
    result = runner.invoke(app, ["validate", case.name])
    assert result.exit_code == 1
    assert _same(result.stdout.splitlines(), expected.splitlines()), result.stdout
    assert result.stdout.endswith("\n")
    assert expected.strip(), "a golden file must not be empty"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_validate_json_has_the_same_problems(
    case: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.chdir(INVALID)
    result = runner.invoke(app, ["validate", "--json", case.name])
    problems = json.loads(result.stdout)
    lines = [f"{p['path']}:{p['line']}:{p['column']}: {p['message']}" for p in problems]
    assert _same(
        lines, (INVALID / f"{case.stem}.expected").read_text(encoding="utf-8").splitlines()
    )
    assert {p["severity"] for p in problems} == {"error"}


def test_a_real_process_exits_1_without_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studykit", "validate", "19-python-tag.yaml"],
        cwd=INVALID,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "is not allowed" in done.stdout
    assert "Traceback" not in done.stderr
