"""Errors map to exit codes in one table; each error class is raised for what it documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.cli.support.errors import EXIT_CODES, exit_code
from studykit.errors import DataError, DeckError, NotSuspendedError, StudykitError
from studykit.runtime.outcome import LabError
from studykit.study.session import SessionError
from studykit.study.store import ConflictError


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (StudykitError("x"), 1),
        (DeckError([]), 1),
        (NotSuspendedError("x"), 1),
        (ConflictError("x"), 1),  # another session changed the item: retry, not bad data
        (SessionError("x"), 1),
        (LabError("x"), 1),
        (DataError("x"), 3),
    ],
)
def test_every_error_gets_its_code_from_the_table(error: StudykitError, code: int) -> None:
    assert exit_code(error) == code


def test_no_error_class_carries_its_own_exit_code() -> None:
    for kind in (StudykitError, DataError, ConflictError, NotSuspendedError, LabError):
        assert "exit_code" not in vars(kind)
    assert set(EXIT_CODES) == {StudykitError, DataError}


def test_unsuspending_an_item_that_is_not_suspended(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["unsuspend", "oci/nothing", "--db", str(tmp_path / "p.sqlite3")])
    assert result.exit_code == 1
    assert result.stderr == "studykit: error: 'oci/nothing' is not suspended\n"
