"""Live engines for the conformance tests: a private dockerd and a private runc root.

Both are session-scoped: dockerd starts once (on its own socket, data root and exec root
under a temporary folder), the busybox image is imported once, and dockerd is stopped by
its pid at the end. A machine without the tools fails these tests with what to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studykit.cli.lab_live import LiveDocker, LiveRunc, LiveToolsMissing, require_tools

STEPS: dict[str, int] = {"docker": 0, "runc": 0}
"""Steps compared per engine in this run, reported at the end of the session."""


def _require(engine: str) -> None:
    try:
        require_tools(engine)
    except LiveToolsMissing as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def live_docker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDocker]:
    """Return a running private dockerd with the busybox image `bb`."""
    _require("docker")
    docker = LiveDocker(Path(tmp_path_factory.mktemp("dockerd")))
    docker.start()
    try:
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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report how many live steps were compared with the model."""
    if any(STEPS.values()):
        terminalreporter.write_line(
            f"live conformance: {STEPS['runc']} runc steps and {STEPS['docker']} docker steps "
            "compared with the model"
        )
