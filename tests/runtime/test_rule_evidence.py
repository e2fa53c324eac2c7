"""Every rule says how it is known, and a rule marked `verified: live` is exercised live.

A rule is `live` when some line that tests/live runs on the real engine makes the model
apply it (a note of the rule); otherwise it is `documented` and names its source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studykit.model.runtime import RuntimeModel
from studykit.runtime.conformance.sequences import sequences, walk_steps
from studykit.runtime.host import HostProfile
from studykit.runtime.lab.models import bundled_model
from studykit.runtime.lab.session import LabSession
from tests.live.harness import load_scenarios

SCENARIOS = Path(__file__).parents[1] / "live" / "scenarios"
LIVE_HOST = HostProfile("v1", "vfs", 2, 8 * 2**30, ("CAP_SYS_RESOURCE",), "cgroupfs")
"""The machines the live suite runs on (studykit.runtime.conformance.live.host_profile)."""


@pytest.fixture(scope="module")
def model() -> RuntimeModel:
    return bundled_model()


def _applied(engine: str, lines: list[str]) -> set[str]:
    session = LabSession(engine, host=LIVE_HOST)
    rules: set[str] = set()
    for line in lines:
        rules |= {rule for rule, _ in session.step(line).notes}
    return rules


def _exercised_live() -> set[str]:
    """Return the rules the model applies on the lines the live suite runs."""
    rules: set[str] = set()
    for engine in ("docker", "runc"):
        for lines in sequences(engine).values():
            rules |= _applied(engine, lines)
        rules |= _applied(engine, walk_steps(engine))
    for engine, lines in load_scenarios(SCENARIOS).values():
        rules |= _applied(engine, lines)
    return rules


def test_every_rule_says_how_it_is_known(model: RuntimeModel) -> None:
    unmarked = [rule.id for rule in model.rules if rule.verified not in ("live", "documented")]
    assert not unmarked
    assert all(model.source(rule.source) is not None for rule in model.rules)


def test_live_rules_are_exercised_by_the_live_suite(model: RuntimeModel) -> None:
    live = {rule.id for rule in model.rules if rule.verified == "live"}
    missing = sorted(live - _exercised_live())
    assert not missing, f"marked live, but no live line applies them: {missing}"
