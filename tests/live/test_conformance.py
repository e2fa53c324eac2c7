"""The model predicts every step of real runc 1.1.5 and Docker Engine 20.10 sessions.

Three sources of sequences: every (state, command) pair and the named scenarios of
studykit.runtime.conformance.sequences (also run by `studykit lab verify`), and the scenario
files in tests/live/scenarios. Set STUDYKIT_LIVE_RECORD=1 to write the live records of
the scenario files to tests/live/recorded/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from studykit.runtime.conformance.sequences import sequences
from tests.live.conftest import record_scenario
from tests.live.harness import Driver, Step, load_scenarios, report, run_scenario

pytestmark = pytest.mark.live

DOCKER = sequences("docker")
RUNC = sequences("runc")
FILES = load_scenarios()
RECORDED = Path(__file__).parent / "recorded"

__all__ = ["report", "run_both"]


def run_both(driver: Driver, engine: str, lines: list[str], name: str = "") -> list[Step]:
    """Run the lines live and in the simulator; record and return every step compared."""
    steps = run_scenario(driver, engine, lines)
    record_scenario(name or f"{engine} random walks", engine, steps)
    return steps


def _driver(request: pytest.FixtureRequest, engine: str) -> Driver:
    fixture = "live_docker" if engine == "docker" else "live_runc"
    driver: Driver = request.getfixturevalue(fixture)
    return driver


def _record(name: str, steps: list[Step]) -> None:
    """Write the live records of a scenario file, when asked to."""
    if os.environ.get("STUDYKIT_LIVE_RECORD") == "1":
        RECORDED.mkdir(exist_ok=True)
        lines = ",\n".join(json.dumps(step.live) for step in steps)
        (RECORDED / f"{name}.json").write_text(f"[\n{lines}\n]\n")


@pytest.mark.parametrize("name", list(FILES), ids=list(FILES))
def test_scenario_files_match_the_model(request: pytest.FixtureRequest, name: str) -> None:
    engine, lines = FILES[name]
    steps = run_both(_driver(request, engine), engine, lines, name)
    _record(name, steps)
    assert all(s.agrees for s in steps), f"{name}:\n{report(steps)}"


@pytest.mark.parametrize("name", list(RUNC), ids=list(RUNC))
def test_runc_steps_match_the_model(live_runc: Driver, name: str) -> None:
    steps = run_both(live_runc, "runc", RUNC[name], f"runc {name}")
    assert all(s.agrees for s in steps), report(steps)


@pytest.mark.parametrize("name", list(DOCKER), ids=list(DOCKER))
def test_docker_steps_match_the_model(live_docker: Driver, name: str) -> None:
    steps = run_both(live_docker, "docker", DOCKER[name], f"docker {name}")
    assert all(s.agrees for s in steps), report(steps)
