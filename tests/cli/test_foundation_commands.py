"""The foundation commands as a user runs them: version, help, validate, lint, new, schema, decks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.decks import bundled_decks_dir, find_deck_folder
from tests.conftest import DECKS

COMMANDS = ["validate", "lint", "schema", "new", "decks", "show", "quiz", "lab", "export", "import"]


def test_version_and_help_list_every_command(runner: CliRunner) -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("studykit ")
    help_text = runner.invoke(app, ["--help"]).stdout
    for command in COMMANDS:
        assert f" {command} " in help_text, command


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "studykit", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith("studykit ")


def test_the_shipped_decks_are_valid(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(DECKS)])
    assert result.exit_code == 0, result.stdout


def test_validate_counts_the_cards_tables_make(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "t.yaml"
    deck.write_text(
        "id: t\ntitle: T\ncards:\n  - id: a\n    kind: basic\n    front: F\n    back: B\n"
        "tables:\n  - id: s\n    title: S\n    quiz: true\n    columns: [State, Meaning, Use]\n"
        "    rows:\n      - [created, made, x]\n      - [running, runs, '']\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(deck)])
    assert result.exit_code == 0
    assert result.stderr == "1 deck, 4 cards (3 from tables): no problems\n"


def test_a_new_deck_is_valid_and_lint_clean(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "net" / "networking.yaml"
    created = runner.invoke(app, ["new", "deck", "networking", "--out", str(target)])
    assert created.exit_code == 0, created.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    schema = (target.parent / text.splitlines()[0].split("$schema=")[1]).resolve()
    assert schema.name == "deck.schema.json" and schema.exists()
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    assert runner.invoke(app, ["lint", "--strict", str(target)]).exit_code == 0
    listing = json.loads(
        runner.invoke(app, ["decks", "--json", "--decks", str(target.parent)]).stdout
    )
    counts = listing[0]["counts"]
    assert {k: counts[k] for k in ("basic", "typed", "choice", "truefalse", "cloze", "order")} == {
        "basic": 1,
        "typed": 1,
        "choice": 1,
        "truefalse": 1,
        "cloze": 1,
        "order": 1,
    }
    assert counts["table"] == 2 and counts["items"] == 9  # the cloze has two deletions


def test_a_new_deck_points_editors_at_a_schema_that_moves_with_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "a" / "networking.yaml"
    assert runner.invoke(app, ["new", "deck", "networking", "--out", str(target)]).exit_code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=deck.schema.json"
    schema = runner.invoke(app, ["schema"]).stdout
    assert (target.parent / "deck.schema.json").read_text(encoding="utf-8") == schema
    moved = tmp_path / "elsewhere"
    (tmp_path / "a").rename(moved)  # another machine, or a reinstalled studykit: the same
    assert (moved / "deck.schema.json").read_text(encoding="utf-8") == schema
    second = moved / "storage.yaml"
    assert runner.invoke(app, ["new", "deck", "storage", "--out", str(second)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(moved)]).exit_code == 0


def test_new_deck_keeps_a_schema_file_that_is_not_studykits(
    runner: CliRunner, tmp_path: Path
) -> None:
    mine = tmp_path / "deck.schema.json"
    mine.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["new", "deck", "x", "--out", str(tmp_path / "x.yaml")])
    assert result.exit_code == 0 and mine.read_text(encoding="utf-8") == "{}"
    assert "deck.schema.json" in result.stderr


def test_new_deck_refuses_to_overwrite_and_bad_names(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("keep me")
    result = runner.invoke(app, ["new", "deck", "x", "--out", str(target)])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert target.read_text() == "keep me"
    bad = runner.invoke(app, ["new", "deck", "Bad Name", "--out", str(tmp_path / "b.yaml")])
    assert bad.exit_code == 1 and "invalid deck id 'Bad Name'" in bad.stderr
    long = runner.invoke(app, ["new", "deck", "d" * 65, "--out", str(tmp_path / "l.yaml")])
    assert long.exit_code == 1 and "at most 64 characters" in long.stderr
    assert not (tmp_path / "l.yaml").exists()


def test_schema_prints_the_json_schema(runner: CliRunner) -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert schema["title"] == "studykit deck" and "cards" in schema["properties"]


LINTY = """\
id: linty
title: Linty
sources: [{id: docs, title: Docs}]
cards:
  - {id: a, kind: typed, question: Is runc a runtime? Name runc., answers: [runc], source: docs}
  - {id: b, kind: choice, question: Pick, choices: [x, y, x], answer: x, source: docs}
  - {id: c, kind: basic, front: Pick, back: B}
  - {id: d, kind: truefalse, statement: S, answer: true, source: docs}
"""


def test_lint_warns_and_fails_only_when_strict(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "linty.yaml"
    deck.write_text(LINTY)
    relaxed = runner.invoke(app, ["lint", str(deck)])
    assert relaxed.exit_code == 0
    messages = [line.split(": ", 1)[1] for line in relaxed.stdout.splitlines()]
    assert messages == [
        "card 'a': the answer 'runc' appears in the question [warning: answer-in-question]",
        "card 'b': duplicate choice 'x' [warning: duplicate-choice]",
        "card 'c': no source (add 'source' naming one of the deck's sources) [warning: no-source]",
        "card 'd': a true/false card without an explanation teaches little when answered wrong "
        "[warning: truefalse-no-explanation]",
    ]
    assert runner.invoke(app, ["lint", "--strict", str(deck)]).exit_code == 1


def test_show_prints_cards_and_unknown_deck_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["new", "deck", "demo", "--out", str(tmp_path / "demo.yaml")])
    shown = runner.invoke(app, ["show", "demo", "--decks", str(tmp_path)])
    assert shown.exit_code == 0 and "what-is-a-container" in shown.stdout
    missing = runner.invoke(app, ["show", "nope", "--decks", str(tmp_path)])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("studykit: error: no deck with id 'nope' (known: demo)")


MARKDOWN_DECK = """\
id: md
title: Markdown
description: A deck whose text is *Markdown*.
cards:
  - id: a
    kind: basic
    front: Which command starts `runc`?
    back: "**runc run**, *see* the man page"
    explanation: "- one\\n- two"
  - id: b
    kind: choice
    question: Pick
    choices: ["`x`", y]
    answer: "`x`"
  - id: c
    kind: cloze
    text: "A {{c1::*gap*}} here."
"""


def test_show_renders_the_markdown_it_prints(runner: CliRunner, tmp_path: Path) -> None:
    """`show` prints card text as the quiz does: marks become styles, never raw `*see*`."""
    (tmp_path / "md.yaml").write_text(MARKDOWN_DECK)
    shown = runner.invoke(app, ["show", "md", "--decks", str(tmp_path)], env={"FORCE_COLOR": "1"})
    assert shown.exit_code == 0, shown.output
    plain = runner.invoke(app, ["show", "md", "--decks", str(tmp_path)]).stdout
    for raw in ("*see*", "**runc run**", "`runc`", "`x`", "*gap*", "*Markdown*"):
        assert raw not in plain
    for text in ("runc run, see the man page", "Which command starts runc?", "✓ x", "A gap here."):
        assert text in plain
    assert "- one" in plain and "- two" in plain
    assert "\x1b[3m" in shown.stdout  # italic: the emphasis is a style


def test_an_invalid_deck_folder_is_reported_once_per_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text("id: bad\n")
    result = runner.invoke(app, ["decks", "--decks", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad.yaml:1:1: 'title' is required" in result.stderr
    assert "Traceback" not in result.output


def test_the_deck_folder_is_option_then_env_then_local_then_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_deck_folder(None) == bundled_decks_dir()
    (tmp_path / "decks").mkdir()
    assert find_deck_folder(None) == Path("decks")
    monkeypatch.setenv("STUDYKIT_DECKS", "/elsewhere")
    assert find_deck_folder(None) == Path("/elsewhere")
    assert find_deck_folder(Path("given")) == Path("given")


def test_the_bundled_decks_are_the_repository_decks() -> None:
    bundled = sorted(p.name for p in bundled_decks_dir().glob("*.yaml"))
    assert bundled == sorted(p.name for p in DECKS.glob("*.yaml"))
