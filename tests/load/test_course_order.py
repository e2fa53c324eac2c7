"""The course order: prerequisites are checked, and decks come after the decks they build on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load import load_decks
from studykit.load.course import check_prerequisites, course_order, stages
from studykit.load.lint import lint_decks
from studykit.model import Deck, Severity


def _deck(deck_id: str, *prerequisites: str) -> Deck:
    return Deck(id=deck_id, title=deck_id.title(), prerequisites=prerequisites)


def test_decks_come_by_stage_then_id() -> None:
    decks = [
        _deck("zeta"),
        _deck("alpha", "zeta"),
        _deck("beta", "alpha", "gamma"),
        _deck("gamma"),
        _deck("delta", "zeta"),
    ]
    assert stages(decks) == {"zeta": 1, "gamma": 1, "alpha": 2, "delta": 2, "beta": 3}
    assert [d.id for d in course_order(decks)] == ["gamma", "zeta", "alpha", "delta", "beta"]


def test_every_deck_comes_after_its_prerequisites_in_a_long_chain() -> None:
    chain = [_deck(f"d{n:04}", f"d{n + 1:04}") for n in range(5000)] + [_deck("d5000")]
    assert check_prerequisites(chain) == []  # no recursion limit on a deep chain
    ordered = [d.id for d in course_order(chain)]
    assert ordered == [f"d{n:04}" for n in range(5000, -1, -1)]


def test_a_cycle_is_reported_once_and_ordering_still_ends() -> None:
    decks = [_deck("a", "c"), _deck("b", "a"), _deck("c", "b"), _deck("d", "a")]
    problems = [i.message for i in check_prerequisites(decks)]
    assert problems == ["prerequisites form a cycle: a -> c -> b -> a"]
    assert {d.id for d in course_order(decks)} == {"a", "b", "c", "d"}


def test_unknown_prerequisites_are_lint_warnings_not_problems() -> None:
    decks = [_deck("k8s", "containers")]
    assert check_prerequisites(decks) == []
    warnings = [(i.rule, i.severity) for i in lint_decks(decks) if "containers" in i.message]
    assert warnings == [("unknown-prerequisite", Severity.WARNING)]


def _write(folder: Path, deck_id: str, prerequisites: str, front: str) -> None:
    (folder / f"{deck_id}.yaml").write_text(
        f"id: {deck_id}\ntitle: {deck_id.title()}\nprerequisites: {prerequisites}\n"
        f"cards:\n  - {{id: c, kind: basic, front: {front}, back: B}}\n"
    )


def test_a_deck_validates_without_its_prerequisites(tmp_path: Path) -> None:
    _write(tmp_path, "later", "[first]", "Later")
    assert load_decks([tmp_path / "later.yaml"]).errors == ()
    loaded = load_decks([tmp_path])
    assert loaded.errors == ()
    assert [d.id for d in loaded.decks] == ["later"]


def test_decks_and_the_quiz_follow_the_course_order(runner: CliRunner, tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    _write(decks, "advanced", "[basics]", "Advanced first card")
    _write(decks, "basics", "[]", "Basics first card")
    listed = json.loads(runner.invoke(app, ["decks", "--decks", str(decks), "--json"]).stdout)
    assert [(d["id"], d["prerequisites"]) for d in listed] == [
        ("basics", []),
        ("advanced", ["basics"]),
    ]
    db = tmp_path / "progress.sqlite3"
    result = runner.invoke(app, ["quiz", "--decks", str(decks), "--db", str(db)], input="3\n")
    assert result.exit_code == 0, result.output
    assert result.output.index("basics/c") < result.output.index("advanced/c")
