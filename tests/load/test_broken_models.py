"""Broken runtime models give exactly their golden messages, with lines and columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_decks
from tests.conftest import DECKS, FIXTURES

BROKEN = FIXTURES / "broken-models"
CASES = sorted((BROKEN / "models").glob("*.yaml"))


def test_there_are_at_least_10_broken_models() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_validate_prints_the_golden_messages(
    case: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    expected = (BROKEN / f"{case.stem}.expected").read_text(encoding="utf-8")
    result = runner.invoke(app, ["validate", f"models/{case.name}"])
    assert expected.strip()
    assert result.stdout == expected
    assert result.exit_code == 1


def test_the_shipped_model_and_the_minimal_one_are_valid(tmp_path: Path) -> None:
    shipped = load_decks([DECKS])
    assert not shipped.errors and [m.id for m in shipped.models] == ["container-runtime"]
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "mini.yaml").write_text((FIXTURES / "minimal-model.yaml").read_text())
    minimal = load_decks([tmp_path])
    assert not minimal.issues and minimal.models[0].engine("runc").state_ids() == (
        "absent",
        "created",
        "running",
    )
