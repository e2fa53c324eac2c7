"""`studykit lab verify` against the real runc: the instructor's conformance table."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from tests.live.conftest import _require

pytestmark = pytest.mark.live


def test_verify_runc_prints_a_table_with_no_mismatches(runner: CliRunner) -> None:
    _require("runc")
    result = runner.invoke(
        app, ["lab", "verify", "--engine", "runc", "--walks", "3", "--seed", "7"]
    )
    assert result.exit_code == 0, result.output
    assert "ok        running: runc kill c1 KILL  (3 steps)" in result.output
    assert "random walk 3 (seed 7)" in result.output
    total = next(line for line in result.output.splitlines() if "all (runc)" in line)
    assert total.split("│")[-2].strip() == "0"


def test_verify_json_has_one_record_per_sequence(runner: CliRunner) -> None:
    _require("runc")
    result = runner.invoke(
        app, ["lab", "verify", "--engine", "runc", "--walks", "1", "--seed", "1", "--json"]
    )
    records = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0
    assert records[0] == {"sequence": "absent: runc create c1", "steps": 1, "mismatches": []}
    assert records[-1]["sequence"] == "random walk 1 (seed 1)"
