"""Quiz tables whose cells would make the same card id are refused, with the row or column."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_deck_file
from studykit.model import study_items

TABLE = """id: d
title: D
tables:
  - id: t
    title: T
    quiz: {quiz}
    columns: [Name, {second}, {third}]
    rows:
      - [{first}, one, two]
      - [{again}, three, four]
"""


def _problems(tmp_path: Path, **fields: str) -> list[str]:
    values = {"quiz": "true", "second": "Meaning", "third": "Use", "first": "a", "again": "b"}
    path = tmp_path / "d.yaml"
    path.write_text(TABLE.format(**(values | fields)), encoding="utf-8")
    deck, issues = load_deck_file(path)
    if not issues:
        keys = [item.key for item in study_items(deck)]  # type: ignore[arg-type]
        assert len(keys) == len(set(keys))
    return [f"{i.line}:{i.column}: {i.message}" for i in issues]


@pytest.mark.parametrize(
    ("first", "again"), [("created", "Created"), ("a b", "a-b"), ("'!!!'", "'???'")]
)
def test_first_cells_with_the_same_slug_are_a_problem_at_the_later_row(
    tmp_path: Path, first: str, again: str
) -> None:
    problems = _problems(tmp_path, first=first, again=again)
    assert len(problems) == 1
    assert problems[0].startswith("10:9: table 't': row 2 ")
    assert "same card ids as row 1" in problems[0]


def test_columns_with_the_same_slug_are_a_problem_at_the_later_column(tmp_path: Path) -> None:
    problems = _problems(tmp_path, third="meaning")
    assert len(problems) == 1
    assert problems[0].startswith("7:30: table 't': column 3 'meaning' ")
    assert "same card ids as column 2 'Meaning'" in problems[0]


def test_a_table_without_quiz_makes_no_cards_and_no_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path, quiz="false", first="created", again="Created") == []


def test_distinct_slugs_pass(tmp_path: Path) -> None:
    assert _problems(tmp_path, first="created", again="running") == []


def test_quiz_stats_and_due_refuse_the_folder_cleanly(tmp_path: Path, runner: CliRunner) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    text = TABLE.format(
        quiz="true", second="Meaning", third="Use", first="created", again="Created"
    )
    (decks / "d.yaml").write_text(text, encoding="utf-8")
    db = ["--db", str(tmp_path / "progress.sqlite3")]
    commands = [["quiz", *db], ["stats", *db], ["due", *db], ["export", "anki", "--out", "a.apkg"]]
    for command in commands:
        result = runner.invoke(app, [*command, "--decks", str(decks)], input="")
        assert result.exit_code == 1, (command, result.output)
        assert "same card ids as row 1" in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_column_that_is_not_text_is_reported_once(tmp_path: Path) -> None:
    problems = _problems(tmp_path, third="[x]")
    assert len(problems) == 1 and "'columns' item 3 must be text" in problems[0]
