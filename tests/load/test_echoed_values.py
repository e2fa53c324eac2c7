"""Problems quote the values they are about readably: cut to a bounded length, on one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.model.issue import ECHO_LIMIT, quoted

LONG = "k" * 200_000
LINE_LIMIT = 300
"""No problem line may be longer than this, whatever the deck holds."""

DECKS = {
    "kind": f"id: d\ntitle: D\ncards:\n  - id: a\n    kind: {LONG}\n",
    "card id": f"id: d\ntitle: D\ncards:\n  - id: {LONG}\n    kind: basic\n    front: F\n",
    "deck id": f"id: {LONG}_\ntitle: D\n",
    "unknown key": f"id: d\ntitle: D\n? {LONG}\n: 1\n",
    "duplicate key": f"id: d\ntitle: D\n? {LONG}\n: 1\n? {LONG}\n: 2\n",
    "choice answer": (
        "id: d\ntitle: D\ncards:\n  - id: c\n    kind: choice\n    question: Q\n"
        f"    choices: [a, b]\n    answer: {LONG}\n"
    ),
    "source": f"id: d\ntitle: D\ncards:\n  - id: a\n    kind: basic\n    front: F\n    back: B\n    source: {LONG}\n",
    "tag": f"id: d\ntitle: D\ntags: !{LONG} x\n",
    "alias": f"id: d\ntitle: D\ntags: *{LONG}\n",
    "tagged value": f"id: d\ntitle: D\ndescription: !!int {LONG}\n",
}


@pytest.mark.parametrize("text", DECKS.values(), ids=DECKS.keys())
def test_every_problem_line_is_bounded(
    text: str, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "deck.yaml"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("deck.yaml:") for line in lines)
    assert max(len(line) for line in lines) < LINE_LIMIT, lines
    assert "k" * (ECHO_LIMIT - 1) in result.stdout  # the value is still recognisable


def test_control_characters_are_shown_not_sent_to_the_terminal(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("deck.yaml").write_text(
        'id: d\ntitle: D\ncards:\n  - id: a\n    kind: "bas\\nic\\u001b[31m"\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "deck.yaml"])
    assert result.stdout.count("\n") == 1 and "\x1b" not in result.stdout
    assert "unknown kind 'bas\\nic\\x1b[31m'" in result.stdout


def test_a_cut_value_says_how_long_it_was() -> None:
    assert quoted("short") == "'short'"
    assert quoted("x" * 70) == f"'{'x' * ECHO_LIMIT}...' (70 characters)"
    assert quoted("tab\there") == "'tab\\there'"


def test_an_unknown_deck_id_on_the_command_line_is_cut(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "d.yaml").write_text("id: d\ntitle: D\n", encoding="utf-8")
    result = runner.invoke(app, ["show", "--decks", str(tmp_path), "x" * 100_000])
    assert result.exit_code == 1
    assert len(result.stderr) < LINE_LIMIT and "x" * ECHO_LIMIT in result.stderr
