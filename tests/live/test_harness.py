"""The conformance harness itself: normalisation, comparison and scenario files (no engine)."""

from __future__ import annotations

import pytest

from tests.live.harness import (
    compare,
    load_scenarios,
    model_session,
    ps_rows,
    report,
    scenario_lines,
    status_word,
    view,
)

DOCKER_20_10_PS = (
    "CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS"
    "                       PORTS     NAMES",
    '<id>   bb        "sleep 1000"             3 seconds ago   Up 2 seconds (Paused)'
    "                  web",
    "<id>   bb        \"sh -c 'exit 3'\"         5 seconds ago   Exited (3) 4 seconds ago"
    "               t3",
    '<id>   bb        "nosuchcmd"              6 seconds ago   Created'
    "                                t127",
)


def record(command: str, stdout: str = "", stderr: str = "", code: int = 0) -> dict:
    """Return a lab --json record with no containers."""
    return {
        "command": command,
        "exit_code": code,
        "stdout": stdout,
        "stderr": stderr,
        "containers": {},
    }


def test_ps_rows_keep_names_and_status_words() -> None:
    assert ps_rows(DOCKER_20_10_PS) == ("web Paused", "t3 Exited (3)", "t127 Created")


@pytest.mark.parametrize(
    ("status", "word"),
    [
        ("Up Less than a second", "Up"),
        ("Up 3 minutes (Paused)", "Paused"),
        ("Exited (137) 2 seconds ago", "Exited (137)"),
        ("Restarting (1) Less than a second ago", "Restarting (1)"),
        ("Created", "Created"),
    ],
)
def test_status_word_drops_ages(status: str, word: str) -> None:
    assert status_word(status) == word


def test_the_simulators_ps_table_reduces_like_the_real_one() -> None:
    session = model_session("docker")
    session.run("docker run -d --name web bb sleep 1000")
    session.run("docker pause web")
    session.run("docker run --name t3 bb sh -c 'exit 3'")
    session.run("docker create --name t127 bb sleep 1")
    stdout = session.run("docker ps -a")["stdout"]
    table = record("docker ps -a", stdout)
    assert view(table, "docker").stdout == ("t127 Created", "t3 Exited (3)", "web Paused")


def test_runc_log_lines_ids_and_durations_are_normalised() -> None:
    stderr = 'time="2026-11-22T10:00:00Z" level=error msg="container not running"\n'
    assert view(record("runc kill c1", stderr=stderr), "runc").stderr == ("container not running",)
    long_id = "0123456789abcdef" * 4
    stdout = f"{long_id}\n"
    assert view(record("docker run -d bb true", stdout), "docker").stdout == ("<id>",)
    waited = record("docker wait x", "Up 3 seconds\n")
    assert view(waited, "docker").stdout == ("Up <duration>",)


def test_runc_state_json_reduces_to_id_and_status() -> None:
    session = model_session("runc")
    session.run("runc create c1")
    assert view(session.run("runc state c1"), "runc").stdout == ("c1 created",)


def test_compare_names_every_difference() -> None:
    model = record("docker kill web", stderr="Error: a\n", code=1)
    live = record("docker kill web", stderr="Error: b\n", code=1)
    live["containers"] = {"web": {"status": "exited", "exit_code": 137}}
    live["containers"]["web"] |= {"oom_killed": False, "restart_count": 0}
    step = compare("docker kill web", model, live, "docker")
    assert not step.agrees
    assert [p.split(":")[0] for p in step.mismatches] == ["stderr", "containers"]
    assert "BAD  1 docker kill web" in report([step])


def test_scenario_lines_drop_comments_and_blanks() -> None:
    text = "# heading\n\ndocker start web   # a note\nbundle sh -c 'echo #x'\n"
    assert scenario_lines(text) == ["docker start web", "bundle sh -c 'echo #x'"]


@pytest.mark.parametrize("name", list(load_scenarios()))
def test_every_scenario_line_is_a_lab_line(name: str) -> None:
    engine, lines = load_scenarios()[name]
    session = model_session(engine)
    errors = [line for line in lines if session.run(line)["stderr"].startswith("lab:")]
    assert not errors, f"the simulator cannot run: {errors}"
