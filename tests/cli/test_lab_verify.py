"""`studykit lab verify` without the real tools, and with a wrong action."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from studykit.cli import lab_live
from studykit.cli.app import app


def test_missing_tools_fail_with_what_to_install(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lab_live.shutil, "which", lambda name: None)
    result = runner.invoke(app, ["lab", "verify", "--engine", "runc"])
    assert result.exit_code == 1
    assert "missing runc (package runc), a static busybox (package busybox-static)" in (
        result.output
    )
    assert "apt-get install -y docker.io runc busybox-static" in result.output


def test_an_unknown_action_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lab", "check"])
    assert result.exit_code == 2
    assert "unknown action 'check' (only: verify)" in result.output
