"""Shared fixtures: paths, a CLI runner and the repository's deck folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DECKS = ROOT / "decks"
# Diagram drawings are keyed by their source and kept between tests and runs (content-addressed,
# written atomically): a site build of the shipped decks draws them once, not once per test.
# Set at import, before test modules copy the environment for their subprocesses.
os.environ.setdefault("STUDYKIT_CACHE_DIR", str(ROOT / "build" / "test-cache"))


@pytest.fixture
def runner() -> CliRunner:
    """Return a Typer CLI runner."""
    return CliRunner()


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real user's progress, config and deck folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("STUDYKIT_DECKS", raising=False)
    monkeypatch.delenv("STUDYKIT_DB", raising=False)
