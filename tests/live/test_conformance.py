"""The model predicts every step of real runc 1.1.5 and Docker Engine 20.10 sessions."""

from __future__ import annotations

import pytest

from studykit.cli.lab_live import LiveDocker, LiveRunc
from studykit.runtime.conformance import StepResult, run_sequence
from studykit.runtime.live_sequences import sequences
from studykit.runtime.session import Session
from tests.live.conftest import STEPS

pytestmark = pytest.mark.live

DOCKER = sequences("docker")
RUNC = sequences("runc")


def run_both(live: LiveDocker | LiveRunc, engine: str, lines: list[str]) -> list[StepResult]:
    """Run the lines on a fresh engine and a fresh simulator; return every step compared."""
    live.clean()
    results = run_sequence(Session(engine=engine), lines, live.execute)
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
