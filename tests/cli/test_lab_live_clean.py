"""The live dockerd's launch and cleanup, against a scripted docker CLI (no engine)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from studykit.errors import StudykitError
from studykit.runtime.conformance import live


class ScriptedDocker(live.LiveDocker):
    """A LiveDocker whose `docker ps -aq` lists `c1` for the first `lingering` calls."""

    def __init__(self, folder: Path, lingering: int) -> None:
        super().__init__(folder)
        self.lingering = lingering
        self.calls: list[tuple[str, ...]] = []

    def docker(self, *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
        """Answer as a daemon whose removal of c1 is already in progress."""
        self.calls.append(args)
        out = ""
        if args == ("ps", "-aq") and self.lingering > 0:
            self.lingering -= 1
            out = "c1\n"
        return subprocess.CompletedProcess(["docker", *args], 0, out, "")


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live.time, "sleep", lambda seconds: None)


def test_cleanup_removes_until_no_container_is_left(tmp_path: Path) -> None:
    docker = ScriptedDocker(tmp_path, lingering=3)  # "removal ... already in progress" twice
    docker.clean()
    assert docker.calls.count(("rm", "-f", "c1")) == 3
    assert docker.lingering == 0


def test_cleanup_gives_up_with_the_containers_left(tmp_path: Path) -> None:
    docker = ScriptedDocker(tmp_path, lingering=10_000)
    with pytest.raises(StudykitError, match="containers left after cleanup: c1"):
        docker.clean()
    assert docker.calls.count(("ps", "-aq")) <= live.CLEAN_ATTEMPTS + 1


def test_launching_dockerd_leaves_no_log_file_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed: list[object] = []

    def popen(args: list[str], stdout: object = None, **kwargs: object) -> object:
        handed.append(stdout)
        return object()

    monkeypatch.setattr(live.subprocess, "Popen", popen)
    docker = ScriptedDocker(tmp_path, lingering=0)  # `docker version` answers at once
    docker.launch()
    (log,) = handed
    assert getattr(log, "closed", False), "dockerd has its own copy; ours must be closed"
