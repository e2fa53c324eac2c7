"""Random walks (hypothesis): any sequence of commands, the model predicts each real step."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.runtime.conformance.live import LiveDocker, LiveRunc
from studykit.runtime.conformance.sequences import WALK_NAMES, walk_steps
from tests.live.test_conformance import report, run_both

pytestmark = pytest.mark.live

WALKS = int(os.environ.get("STUDYKIT_LIVE_WALKS", "25"))
"""Walks per engine; each has at most 8 steps, so a run stays within a minute or two."""
KERNEL_CHECKS = [f"kernel {name}" for name in WALK_NAMES]
"""Every walk ends with the kernel view of each container it may have made, against /proc."""
WALK = settings(
    max_examples=WALKS,
    deadline=None,
    derandomize=True,  # the same walks on every run: a failure here is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@WALK
@given(lines=st.lists(st.sampled_from(walk_steps("runc")), min_size=3, max_size=8))
def test_runc_random_walks(live_runc: LiveRunc, lines: list[str]) -> None:
    results = run_both(live_runc, "runc", [*lines, *KERNEL_CHECKS])
    assert all(r.agrees for r in results), report(results)


@WALK
@given(lines=st.lists(st.sampled_from(walk_steps("docker")), min_size=3, max_size=8))
def test_docker_random_walks(live_docker: LiveDocker, lines: list[str]) -> None:
    results = run_both(live_docker, "docker", [*lines, *KERNEL_CHECKS])
    assert all(r.agrees for r in results), report(results)
