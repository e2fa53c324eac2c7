"""A seeded slice of the mutation fuzz corpus: no mutant crashes, hangs or grows without bound.

The large corpus runs with `python -m tests.fuzz --mutants 2000` (about half an hour).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DECKS
from tests.fuzz.harness import Outcome, run_mutant, warm_up
from tests.fuzz.mutator import Mutant, make_mutant, sources

SEED = 20261130
MUTANTS = 50
MAX_SECONDS = 30.0
MAX_RSS_MB = 1024


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Outcome]:
    root = tmp_path_factory.mktemp("fuzz")
    pristine = DECKS / "cgroups.yaml"
    warm = warm_up(root, Mutant(-1, pristine.name, pristine.read_bytes(), False, ()))
    assert warm.accepted and not warm.problems, "the pristine deck must pass every command"
    files = sources()
    return [run_mutant(make_mutant(SEED, number, files), root) for number in range(MUTANTS)]


def test_no_mutant_crashes(outcomes: list[Outcome]) -> None:
    crashes = [f"#{o.number} {o.source} {o.mutations}:\n{o.crash}" for o in outcomes if o.crash]
    assert not crashes, "\n\n".join(crashes)


def test_the_slice_has_valid_and_invalid_mutants(outcomes: list[Outcome]) -> None:
    accepted = sum(o.accepted for o in outcomes)
    assert 0 < accepted < len(outcomes)
    assert all(o.problems for o in outcomes if not o.accepted and not o.crash)


def test_every_mutant_is_bounded_in_time_and_memory(outcomes: list[Outcome]) -> None:
    slowest = max(outcomes, key=lambda o: o.seconds)
    assert slowest.seconds < MAX_SECONDS, (slowest.number, slowest.slowest)
    biggest = max(outcomes, key=lambda o: o.peak_rss_kb)
    assert biggest.peak_rss_kb / 1024 < MAX_RSS_MB, (biggest.number, biggest.mutations)


def test_mutants_are_reproducible() -> None:
    files = sources()
    assert make_mutant(SEED, 7, files) == make_mutant(SEED, 7, files)
    assert len({make_mutant(SEED, n, files).data for n in range(20)}) == 20
    assert Path(files[0]).exists()
