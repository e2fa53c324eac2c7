"""What a new user noticed: --json on show and orphans, plurals, the show heading."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.wording import counted
from tests.cli.quiz_support import QUIZ_DECKS, START
from tests.conftest import DECKS


def test_counted_words_are_singular_for_one() -> None:
    assert [counted(n, "deck") for n in (0, 1, 2, 1500)] == [
        "0 decks", "1 deck", "2 decks", "1,500 decks",
    ]  # fmt: skip
    assert counted(1, "media file") == "1 media file" and counted(3, "entry") == "3 entries"


def test_show_json_is_the_deck_with_its_item_keys(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "oci", "--json", "--decks", str(QUIZ_DECKS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == "oci" and data["path"].endswith("oci.yaml")
    assert data["cards"][0]["id"] == "shares-kernel" and data["cards"][0]["kind"] == "basic"
    assert "oci/shares-kernel" in data["items"]


def test_show_names_the_deck_id_once(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["show", "cgroups", "--decks", str(DECKS)], env={"COLUMNS": "120"})
    first = shown.stdout.splitlines()[0]
    assert first.strip() == "Linux control groups (cgroups)"
    other = runner.invoke(app, ["show", "oci", "--decks", str(QUIZ_DECKS)])
    assert other.stdout.splitlines()[0].endswith("(oci)")


def test_orphans_json(runner: CliRunner, tmp_path: Path) -> None:
    db, decks = tmp_path / "p.sqlite3", tmp_path / "decks"
    quiz = ["quiz", "--decks", str(QUIZ_DECKS), "--db", str(db), "--seed", "3"]
    runner.invoke(app, quiz, input="3\n", env={"STUDYKIT_NOW": START})
    shutil.copytree(QUIZ_DECKS, decks)
    deck = decks / "oci.yaml"
    text = deck.read_text()
    deck.write_text(
        text[: text.index("  - id: shares-kernel")] + text[text.index("  - id: runtime-name") :]
    )
    listed = runner.invoke(app, ["orphans", "--json", "--decks", str(decks), "--db", str(db)])
    assert json.loads(listed.stdout) == [{"key": "oci/shares-kernel", "deck": "oci"}]
    deleted = runner.invoke(app, ["orphans", "--delete", "--decks", str(decks), "--db", str(db)])
    assert "deleted the progress of 1 orphaned item\n" in deleted.stderr
    none = runner.invoke(app, ["orphans", "--json", "--decks", str(decks), "--db", str(db)])
    assert json.loads(none.stdout) == []


def test_lint_and_stats_say_one_not_ones(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "cgroups.yaml").write_text((DECKS / "cgroups.yaml").read_text())
    linted = runner.invoke(app, ["lint", str(tmp_path / "cgroups.yaml")])
    assert linted.stderr.splitlines()[-1] == "0 errors, 1 warning"
    db = tmp_path / "p.sqlite3"
    quiz = ["quiz", "--decks", str(QUIZ_DECKS), "--db", str(db), "--seed", "3"]
    runner.invoke(app, quiz, input="3\n", env={"STUDYKIT_NOW": START})
    stats = runner.invoke(
        app, ["stats", "--decks", str(QUIZ_DECKS), "--db", str(db)], env={"STUDYKIT_NOW": START}
    )
    assert "streak  1 day " in stats.stdout
