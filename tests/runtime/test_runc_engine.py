"""The simulated runc follows the live trace of runc 1.1.5 (ground truth, section 6)."""

from __future__ import annotations

import pytest

from studykit.runtime.lab.session import LabSession

# (line, exit code, stderr message or "", state of the container afterwards or None if absent)
TRACE = [
    ("runc create c1", 0, "", "created"),
    ("runc start c1", 0, "", "running"),
    ("runc start c1", 1, "cannot start an already running container", "running"),
    ("runc pause c1", 0, "", "paused"),
    ("runc pause c1", 1, "container not running", "paused"),
    ("runc start c1", 1, "cannot start a container in the paused state", "paused"),
    (
        "runc exec c1 true",
        255,
        "exec failed: cannot exec in a paused container (use --ignore-paused to override)",
        "paused",
    ),
    ("runc delete c1", 1, "cannot delete container c1 that is not stopped: paused", "paused"),
    ("runc resume c1", 0, "", "running"),
    ("runc resume c1", 1, "container not paused", "running"),
    ("runc delete c1", 1, "cannot delete container c1 that is not stopped: running", "running"),
    ("runc kill c1 SIGTERM", 0, "", "running"),
    ("runc kill c1 SIGKILL", 0, "", "stopped"),
    ("runc kill c1 SIGKILL", 1, "container not running", "stopped"),
    ("runc start c1", 1, "cannot start a container that has stopped", "stopped"),
    ("runc pause c1", 1, "container not running", "stopped"),
    ("runc resume c1", 1, "container not paused", "stopped"),
    ("runc exec c1 true", 255, "exec failed: cannot exec in a stopped container", "stopped"),
    ("runc delete c1", 0, "", None),
    ("runc delete c1", 1, "container does not exist", None),
    ("runc state c1", 1, "container does not exist", None),
    ("runc delete --force c1", 0, "", None),
]


def _error(record: dict[str, object]) -> str:
    return str(record["stderr"]).removeprefix("ERRO[0000] ").strip()


def test_the_live_trace_step_by_step() -> None:
    session = LabSession("runc")
    for line, code, message, state in TRACE:
        record = session.run(line)
        containers = session.containers()
        assert (record["exit_code"], _error(record)) == (code, message), line
        assert (containers["c1"]["status"] if "c1" in containers else None) == state, line


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["runc create c3", "runc delete c3"], {}),  # runc deviates from the OCI spec here
        (["runc create c4", "runc pause c4", "runc resume c4"], {"c4": "created"}),
        (
            ["runc create c5", "runc start c5", "runc pause c5", "runc kill c5 SIGKILL"],
            {"c5": "stopped"},
        ),
        (["runc create d1", "runc kill d1 TERM"], {"d1": "stopped"}),
        (["runc create c6", "runc start c6", "runc pause c6", "runc delete --force c6"], {}),
    ],
)
def test_row_by_row_outcomes(lines: list[str], expected: dict[str, str]) -> None:
    session = LabSession("runc")
    for line in lines:
        assert session.run(line)["exit_code"] == 0, line
    assert {name: c["status"] for name, c in session.containers().items()} == expected


def test_errors_for_ids_signals_and_duplicates() -> None:
    session = LabSession("runc")
    assert (
        _error(session.run("runc create bad/id"))
        == "runc create failed: invalid container ID format"
    )
    session.run("runc create c2")
    assert (
        _error(session.run("runc create c2"))
        == "runc create failed: container with given ID already exists"
    )
    assert _error(session.run("runc kill c2 NOSUCHSIG")) == 'unknown signal "NOSUCHSIG"'


def test_a_term_handler_exits_after_resume_with_its_code() -> None:
    session = LabSession("runc")
    session.run("bundle sh -c \"trap 'exit 7' TERM; sleep 1000\"")
    for line in ["runc create t", "runc start t", "runc pause t", "runc kill t TERM"]:
        assert session.run(line)["exit_code"] == 0
    assert session.containers()["t"]["status"] == "paused"
    session.run("runc resume t")
    assert session.containers()["t"] == {
        "status": "stopped",
        "exit_code": 7,
        "oom_killed": False,
        "restart_count": 0,
    }


def test_runc_run_returns_the_process_status() -> None:
    session = LabSession("runc")
    session.run("bundle sh -c 'exit 3'")
    assert session.run("runc run r1")["exit_code"] == 3
    session.run("bundle sleep 5")
    assert session.run("runc run r2")["exit_code"] == 0
    assert session.world.clock == 5


def test_explain_notes_name_the_oci_deviation() -> None:
    session = LabSession("runc")
    session.run("runc create c")
    notes = session.step("runc delete c").notes
    assert notes[0][0] == "runc-delete-created"
    assert "OCI spec requires delete to fail" in notes[0][1]
