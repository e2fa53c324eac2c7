"""The generated runtime-behaviour deck: valid, explained by real rules, true to the simulator."""

from __future__ import annotations

import time

import pytest

from studykit.decks import open_deck_folder
from studykit.load import check_deck
from studykit.load.lint import lint_decks
from studykit.model import ChoiceCard, Deck, TrueFalseCard, TypedCard
from studykit.model.runtime import RuntimeModel
from studykit.runtime.cards import CARD_COMMANDS, SETUPS, card_id, describe, model_deck
from studykit.runtime.lab.models import bundled_model
from studykit.runtime.scenario_cards import EXIT_CARDS
from studykit.runtime.scenarios import run_script
from tests.conftest import DECKS


@pytest.fixture(scope="module")
def model() -> RuntimeModel:
    return bundled_model()


@pytest.fixture(scope="module")
def deck(model: RuntimeModel) -> Deck:
    return model_deck(model)


def test_deck_is_valid_and_lint_clean(deck: Deck) -> None:
    assert deck.id == "runtime-behaviour" and deck.generated
    assert check_deck(deck) == []
    # Scenario cards are built from templates: questions differ in one flag by design, and
    # an error message is a long right option. Those two rules are for authored decks.
    templated = {"near-duplicate", "length-cue"}
    assert [i for i in lint_decks([deck]) if i.rule not in templated] == []
    assert 60 <= len(deck.cards) <= 170


def test_every_explanation_names_an_existing_rule_and_cites_its_source(
    deck: Deck, model: RuntimeModel
) -> None:
    rules = {rule.id: rule for rule in model.rules}
    for card in deck.cards:
        named = card.explanation.split("`")[1]
        assert named in rules, card.id
        assert rules[named].text in card.explanation
        assert card.source == rules[named].source
        assert deck.source(card.source) is not None


def test_choice_answers_match_a_fresh_simulator_run(deck: Deck, model: RuntimeModel) -> None:
    checked = 0
    for engine, setups in SETUPS.items():
        for state, setup in setups.items():
            for command in CARD_COMMANDS[engine]:
                card = deck.card(card_id(engine, command, state))
                if card is None:
                    continue
                session, _ = run_script(model, engine, setup)
                outcome = session.step(f"{engine} {command}")
                assert isinstance(card, ChoiceCard)
                assert card.answers == (describe(session, state, outcome),), card.id
                assert len(card.choices) >= 3 and len(set(card.choices)) == len(card.choices)
                checked += 1
    assert checked >= 80


def test_known_outcomes(deck: Deck) -> None:
    def answer(card_id: str) -> str:
        card = deck.card(card_id)
        assert card is not None
        return card.answer_text

    assert answer("docker-stop-paused") == "It becomes exited with exit code 137"
    assert answer("docker-start-paused").endswith(
        "cannot start a paused container, try unpause instead"
    )
    assert answer("runc-delete-running") == (
        "Fails (exit 1): cannot delete container web that is not stopped: running"
    )
    assert answer("runc-delete-created") == "The container is removed"
    assert answer("runc-exec-true-stopped").startswith("Fails (exit 255)")
    assert answer("docker-exit-stop-sleep") == "137"
    assert answer("docker-exit-missing-command") == "127"
    assert answer("docker-exit-name-conflict") == "125"
    assert answer("docker-exit-exec-missing") == "126"
    assert answer("runc-exit-kill-created") == "143"


def test_exit_and_restart_cards(deck: Deck) -> None:
    typed = [c for c in deck.cards if isinstance(c, TypedCard) and c.tags[-1] == "exit-codes"]
    assert {c.id for c in typed} == {spec.id for spec in EXIT_CARDS}
    flags = {c.id: c.answer for c in deck.cards if isinstance(c, TrueFalseCard)}
    assert flags["docker-oom-killed-flag"] is True
    assert flags["docker-restart-always-daemon-restart-after-docker-stop"] is True
    assert flags["docker-restart-unless-stopped-daemon-restart-after-docker-stop"] is False
    assert flags["docker-restart-no-process-exits-1"] is False
    assert flags["docker-restart-on-failure-process-exits-0"] is False


def test_ids_and_prompts_are_unique(deck: Deck) -> None:
    ids = [c.id for c in deck.cards]
    prompts = [c.prompt for c in deck.cards]
    assert len(set(ids)) == len(ids) and len(set(prompts)) == len(prompts)


def test_generation_is_fast(model: RuntimeModel) -> None:
    model_deck(model)
    started = time.perf_counter()
    model_deck(model)
    assert time.perf_counter() - started < 0.1  # about 20 ms here; the quiz caches it anyway


def test_collection_holds_the_generated_deck() -> None:
    collection = open_deck_folder(DECKS)
    assert collection.deck("runtime-behaviour").generated
    assert [m.id for m in collection.models()] == ["container-runtime"]


def test_kernel_and_image_cards_read_their_answers_from_the_model(deck: Deck) -> None:
    cards = {c.id: c for c in deck.cards if "kernel" in c.tags or "images" in c.tags}
    typed = {key: c.answers for key, c in cards.items() if isinstance(c, TypedCard)}
    flags = {key: c.answer for key, c in cards.items() if isinstance(c, TrueFalseCard)}
    assert typed["kernel-docker-capability-count"] == ("14",)
    assert typed["kernel-v2-memory-file"] == ("memory.max",)
    assert typed["kernel-v1-memory-file"] == ("memory.limit_in_bytes",)
    assert typed["kernel-v2-cpu-max"] == ("50000 100000",)
    assert typed["image-nginx-stop-signal"] == ("SIGQUIT", "QUIT")
    assert (
        flags["kernel-docker-cgroupns-v2"] is True and flags["kernel-docker-cgroupns-v1"] is False
    )
    assert flags["kernel-docker-user-namespace"] is False
