"""`studykit lab verify` without the real tools, and with a wrong action."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.runtime.conformance import live


def test_missing_tools_fail_with_what_to_install(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live.shutil, "which", lambda name: None)
    result = runner.invoke(app, ["lab", "verify", "--engine", "runc"])
    assert result.exit_code == 1
    assert "missing runc (package runc), a static busybox (package busybox-static)" in (
        result.output
    )
    assert "apt-get install -y docker.io runc busybox-static" in result.output


def test_an_unknown_subcommand_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lab", "check"])
    assert result.exit_code == 2
    assert "'check'" in result.output


def test_verify_has_its_own_options(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lab", "--walks", "3"])  # a verify option, not the lab's
    assert result.exit_code == 2
    result = runner.invoke(app, ["lab", "verify", "--engine", "lxc"])
    assert result.exit_code == 1 and "unknown engine 'lxc'" in result.output
