"""Live engines for the conformance tests: a private dockerd and a private runc root.

Both are session-scoped: dockerd starts once (its own socket, data root, exec root and
pidfile under a temporary folder; vfs storage, no bridge, no iptables), the busybox image
`bb` is imported once, and dockerd is stopped by its pid at the end. runc keeps its state
in a private `--root`, and its output goes to files, never to a pipe a container inherits
(studykit.runtime.conformance.live). A machine without the tools fails these tests naming the apt
packages to install. At the end, the steps compared go to build/test-output/conformance.json.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from studykit.runtime.conformance.live import LiveDocker, LiveRunc, LiveToolsMissing, require_tools
from tests.live.docker_api import ApiDocker

OUTPUT = Path(__file__).resolve().parents[2] / "build" / "test-output" / "conformance.json"
STEPS: dict[str, int] = {"docker": 0, "runc": 0}
"""Steps compared per engine in this run."""
LEDGER: dict[str, dict[str, Any]] = {}
"""Per scenario: engine, steps, mismatches and the mismatching lines, for the JSON report."""
KERNEL_ITEMS: dict[str, list[int]] = {}
"""Per kernel item (`ns pid`, `capabilities`, `cgroup pids_max`...): [agreeing, compared]."""
STARTED = time.monotonic()


def record_scenario(name: str, engine: str, steps: list[Any]) -> None:
    """Add a scenario's compared steps (harness.Step) to the run's ledger."""
    entry = LEDGER.setdefault(
        name,
        {
            "engine": engine, "steps": 0, "mismatches": 0, "model_lag": 0.0, "bad": [],
            "kernel_views": 0, "kernel_mismatches": 0, "documented": 0, "kernel_processes": 0,
        },
    )  # fmt: skip
    entry["steps"] += len(steps)
    kernel = [step for step in steps if step.kind == "kernel"]
    entry["kernel_views"] += len(kernel)
    entry["kernel_mismatches"] += sum(1 for step in kernel if not step.agrees)
    entry["documented"] += sum(1 for step in steps if step.kind == "documented")
    entry["kernel_processes"] += sum(1 for step in kernel if step.items)
    for step in kernel:
        for item, agrees in step.items:
            tally = KERNEL_ITEMS.setdefault(item, [0, 0])
            tally[0] += agrees
            tally[1] += 1
    # How far the model's clock was moved to meet the real engine's (harness.Timeline).
    entry["model_lag"] = round(entry["model_lag"] + sum(step.lag for step in steps), 2)
    bad = [step for step in steps if not step.agrees]
    entry["mismatches"] += len(bad)
    entry["bad"] += [{"line": s.line, "problems": list(s.mismatches)} for s in bad]
    STEPS[engine] += len(steps)


def _require(engine: str) -> None:
    try:
        require_tools(engine)
    except LiveToolsMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def live_docker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDocker]:
    """Return a running private dockerd with the busybox image `bb`."""
    _require("docker")
    docker = ApiDocker(Path(tmp_path_factory.mktemp("dockerd")))
    try:
        docker.start()
        yield docker
    finally:
        docker.stop()


@pytest.fixture(scope="session")
def live_runc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveRunc]:
    """Return runc with a private state root and a busybox root filesystem."""
    _require("runc")
    runc = LiveRunc(Path(tmp_path_factory.mktemp("runc")))
    runc.start()
    try:
        yield runc
    finally:
        runc.stop()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the steps and mismatches per scenario to build/test-output/conformance.json."""
    if not LEDGER:
        return
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    totals = {
        "steps": sum(e["steps"] for e in LEDGER.values()),
        "mismatches": sum(e["mismatches"] for e in LEDGER.values()),
        "kernel_views": sum(e["kernel_views"] for e in LEDGER.values()),
        "kernel_mismatches": sum(e["kernel_mismatches"] for e in LEDGER.values()),
        "documented": sum(e["documented"] for e in LEDGER.values()),
        "kernel_processes": sum(e["kernel_processes"] for e in LEDGER.values()),
        "kernel_items": {
            item: {"agree": a, "compared": n} for item, (a, n) in KERNEL_ITEMS.items()
        },
        "steps_per_engine": STEPS,
        "seconds": round(time.monotonic() - STARTED, 1),
    }
    OUTPUT.write_text(json.dumps({**totals, "scenarios": LEDGER}, indent=2) + "\n")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how many live steps were compared with the model."""
    if any(STEPS.values()):
        mismatches = sum(e["mismatches"] for e in LEDGER.values())
        kernel = sum(e["kernel_views"] for e in LEDGER.values())
        kernel_bad = sum(e["kernel_mismatches"] for e in LEDGER.values())
        documented = sum(e["documented"] for e in LEDGER.values())
        agree = sum(a for a, _ in KERNEL_ITEMS.values())
        compared = sum(n for _, n in KERNEL_ITEMS.values())
        terminalreporter.write_line(
            f"kernel items against /proc and the cgroup files: {agree} of {compared} agree"
        )
        terminalreporter.write_line(
            f"live conformance: {STEPS['runc']} runc steps and {STEPS['docker']} docker steps "
            f"compared with the model, {mismatches} mismatches; {kernel} kernel views against "
            f"/proc, {kernel_bad} differing; {documented} steps with documented output only "
            f"(details: {OUTPUT})"
        )
