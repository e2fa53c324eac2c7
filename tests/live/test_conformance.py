"""The model predicts every step of real runc 1.1.5 and Docker Engine 20.10 sessions."""

from __future__ import annotations

import pytest

from studykit.cli.lab_live import LiveDocker, LiveRunc
from studykit.runtime.conformance import StepResult, compare, predict
from studykit.runtime.live_sequences import (
    DOCKER_COMMANDS,
    DOCKER_SCENARIOS,
    DOCKER_SETUPS,
    RUNC_COMMANDS,
    RUNC_SCENARIOS,
    RUNC_SETUPS,
    pairs,
)
from studykit.runtime.session import Session
from tests.live.conftest import STEPS

pytestmark = pytest.mark.live

DOCKER = {**pairs(DOCKER_SETUPS, DOCKER_COMMANDS), **DOCKER_SCENARIOS}
RUNC = {**pairs(RUNC_SETUPS, RUNC_COMMANDS), **RUNC_SCENARIOS}


def run_both(live: LiveDocker | LiveRunc, engine: str, lines: list[str]) -> list[StepResult]:
    """Run the lines on a fresh engine and a fresh simulator; return every step compared."""
    live.clean()
    session = Session(engine=engine)
    results = []
    for line in lines:
        predicted = predict(session, line)
        results.append(compare(line, predicted, live.execute(line, predicted.containers)))
    STEPS[engine] += len(results)
    return results


def report(results: list[StepResult]) -> str:
    """Return the steps as a readable table, mismatches spelled out."""
    lines = []
    for result in results:
        lines.append(f"{'ok ' if result.agrees else 'BAD'} {result.line}")
        lines += [f"      {problem}" for problem in result.mismatches]
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(RUNC), ids=list(RUNC))
def test_runc_steps_match_the_model(live_runc: LiveRunc, name: str) -> None:
    results = run_both(live_runc, "runc", RUNC[name])
    assert all(r.agrees for r in results), report(results)


@pytest.mark.parametrize("name", list(DOCKER), ids=list(DOCKER))
def test_docker_steps_match_the_model(live_docker: LiveDocker, name: str) -> None:
    results = run_both(live_docker, "docker", DOCKER[name])
    assert all(r.agrees for r in results), report(results)
