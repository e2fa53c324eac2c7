"""The quality rules of `studykit lint`: each fails its bad fixture and passes its good one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from studykit.cli.app import app
from studykit.load.lint import lint_decks
from studykit.load.lint_folder import MIN_VOCABULARY, similar_pairs
from studykit.model import BasicCard, ChoiceCard, Deck
from tests.conftest import FIXTURES

LINT = FIXTURES / "lint"
RULES = sorted(p.name for p in LINT.iterdir() if p.is_dir())


def _case(rule: str, which: str) -> str:
    folder = LINT / rule / which
    return f"{rule}/{which}" if folder.is_dir() else f"{rule}/{which}.yaml"


def test_every_rule_of_the_guide_has_fixtures() -> None:
    guide = (Path(__file__).resolve().parents[2] / "site" / "authoring.md").read_text()
    assert len(RULES) >= 11
    assert [rule for rule in RULES if f"`{rule}`" not in guide] == []


@pytest.mark.parametrize("rule", RULES)
def test_bad_fixture_gives_exactly_its_warnings(
    rule: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(LINT)
    result = runner.invoke(app, ["lint", "--strict", _case(rule, "bad")])
    assert result.exit_code == 1
    expected = (LINT / rule / "bad.expected").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert f"[warning: {rule}]" in expected


@pytest.mark.parametrize("rule", RULES)
def test_good_fixture_passes_strict(
    rule: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(LINT)
    result = runner.invoke(app, ["lint", "--strict", _case(rule, "good")])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def _taught(count: int) -> Deck:
    """Return a deck that teaches `count` distinct words (the folder's vocabulary)."""
    cards = tuple(
        BasicCard(id=f"b{n}", front=f"What is term{n}?", back=f"word{n} of hypervisor", source="s")
        for n in range(count // 2)
    )
    return Deck(id="taught", title="Taught", cards=cards)


def _properties(distractor: str, explanation: str = "") -> Deck:
    card = ChoiceCard(
        id="properties",
        question="Which property did Popek and Goldberg require of a hypervisor?",
        choices=("Equivalence", "Hypervisor speed", "Word1 portability", distractor),
        answers=("Equivalence",),
        explanation=explanation,
        source="s",
    )
    return Deck(id="quiz", title="Quiz", cards=(card,))


def _absurd(decks: list[Deck]) -> list[str]:
    return [i.message for i in lint_decks(decks) if i.rule == "absurd-distractor"]


def test_an_option_that_shares_no_word_with_the_folder_is_absurd() -> None:
    folder = _taught(MIN_VOCABULARY + 10)
    assert _absurd([folder, _properties("Tents in a field")]) == [
        "card 'properties': the wrong option 'Tents in a field' shares no word with anything "
        "the decks teach"
    ]
    explained = _properties("Tents in a field", "A tent in a field is shelter, not a VMM.")
    assert _absurd([folder, explained]) == []
    assert _absurd([folder, _properties("Control of word3")]) == []  # one taught word is enough


def test_a_small_vocabulary_is_not_judged() -> None:
    assert _absurd([_taught(MIN_VOCABULARY // 2), _properties("Tents in a field")]) == []


def test_an_option_of_another_form_stands_out() -> None:
    card = ChoiceCard(
        id="code",
        question="Which exit code means the command was not found?",
        choices=("127", "126", "125", "The daemon crashed"),
        answers=("127",),
        source="s",
    )
    assert _absurd([Deck(id="codes", title="Codes", cards=(card,))]) == [
        "card 'code': the wrong option 'The daemon crashed' is the only words among the options"
    ]


def test_similar_pairs_finds_exactly_the_pairs_over_the_threshold() -> None:
    sets = [frozenset(s.split()) for s in ("a b c d e", "a b c d f", "a b c x y", "p q r s t")]
    brute = {
        (i, j)
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if len(sets[i] & sets[j]) >= 0.6 * len(sets[i] | sets[j])
    }
    assert set(similar_pairs(sets, 0.6)) == brute == {(0, 1)}


def test_lint_of_ten_thousand_cards_stays_fast() -> None:
    cards = tuple(
        ChoiceCard(
            id=f"c{n}",
            question=f"Which runtime number {n} starts container {n % 97} of pod {n % 89}?",
            choices=(f"runc {n}", f"crun {n % 7}", f"youki {n % 11}", f"kata {n % 13}"),
            answers=(f"runc {n}",),
            explanation=f"Because runc {n} is the default of engine {n % 5}.",
            source="s",
        )
        for n in range(10_000)
    )
    start = time.perf_counter()
    lint_decks([Deck(id="big", title="Big", cards=cards)])
    assert time.perf_counter() - start < 5  # measured ~0.6 s on the 2-core machine
