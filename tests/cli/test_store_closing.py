"""`stats`, `due` and `orphans` close the progress store even when they fail half-way."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.cli.support.errors import exit_code
from studykit.errors import DataError
from studykit.study.store import ProgressStore
from tests.cli.quiz_support import QUIZ_DECKS


def _fail(*args: object, **kwargs: object) -> None:
    raise DataError("the progress database broke half-way")


@pytest.mark.parametrize(
    ("command", "target"),
    [
        ("stats", "studykit.study.stats.read_stats"),
        ("due", "studykit.study.due.due_counts"),
        ("orphans", "studykit.study.store.ProgressStore.items"),
    ],
)
def test_a_failing_command_still_closes_the_store(
    command: str, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "progress.sqlite3"
    ProgressStore(db).close()
    closed: list[Path] = []
    real_close = ProgressStore.close

    def close(store: ProgressStore) -> None:
        closed.append(store.path)
        real_close(store)

    monkeypatch.setattr(ProgressStore, "close", close)
    monkeypatch.setattr(target, _fail)
    result = CliRunner().invoke(app, [command, "--decks", str(QUIZ_DECKS), "--db", str(db)])
    assert result.exit_code == exit_code(DataError("damaged")), result.output
    assert "broke half-way" in result.output
    assert closed == [db]
