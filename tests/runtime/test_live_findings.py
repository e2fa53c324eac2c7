"""What the live engines showed and the simulator now does (see tests/live for the proof)."""

from __future__ import annotations

from studykit.runtime.lab.session import LabSession

ID = "<id>"


def _err(session: LabSession, line: str) -> tuple[int, str]:
    record = session.run(line)
    return record["exit_code"], record["stderr"]


def test_a_missing_container_is_worded_per_command_and_dialect() -> None:
    old, new = LabSession("docker"), LabSession("docker", "docker-29")
    assert _err(old, "docker rm c9") == (1, "Error: No such container: c9\n")
    assert _err(new, "docker rm c9") == (1, "Error response from daemon: No such container: c9\n")
    assert _err(old, "docker rm -f c9") == (0, "Error: No such container: c9\n")
    assert _err(old, "docker inspect c9") == (1, "Error: No such object: c9\n")
    assert _err(old, "docker kill c9") == (
        1,
        "Error response from daemon: Cannot kill container: c9: No such container: c9\n",
    )
    assert _err(old, "docker stop c9") == (1, "Error response from daemon: No such container: c9\n")


def test_run_errors_are_framed_by_the_client_of_each_dialect() -> None:
    old, new = LabSession("docker"), LabSession("docker", "docker-29")
    for session in (old, new):
        session.run("docker create --name c1 bb true")
    code, text = _err(old, "docker run --name c1 bb true")
    assert code == 125 and text.endswith("reuse that name.\nSee 'docker run --help'.\n")
    code, text = _err(new, "docker run --name c1 bb true")
    assert code == 125
    assert text.endswith("reuse that name.\n\nRun 'docker run --help' for more information\n")
    code, text = _err(old, "docker create --name c1 bb true")
    assert code == 1 and text.startswith(
        'Error response from daemon: Conflict. The container name "/c1"'
    )


def test_one_letter_names_and_unknown_signals_are_refused() -> None:
    s = LabSession("docker")
    assert _err(s, "docker create --name x bb true") == (
        1,
        "Error response from daemon: Invalid container name (x), only "
        "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n",
    )
    assert _err(s, "docker kill -s NOPE c9") == (
        1,
        "Error response from daemon: Invalid signal: NOPE\n",
    )
    assert s.containers() == {}


def test_a_start_by_hand_resets_exit_code_and_restart_count() -> None:
    s = LabSession("docker")
    s.run("docker run -d --name c1 --restart on-failure:2 bb sh -c 'sleep 1; exit 1'")
    s.run("sleep 10")
    assert s.containers()["c1"] == {
        "status": "exited", "exit_code": 1, "oom_killed": False, "restart_count": 2,
    }  # fmt: skip
    s.run("docker start c1")
    assert s.containers()["c1"]["exit_code"] == 0
    assert s.containers()["c1"]["restart_count"] == 0


def test_a_stopping_daemon_applies_no_policy_then_starts_by_policy() -> None:
    s = LabSession("docker")
    for name, policy in (("c1", "always"), ("c2", "no"), ("c3", "unless-stopped")):
        s.run(f"docker run -d --name {name} --restart {policy} bb sleep 1000")
    s.run("docker stop -t 1 c3")
    s.run("event daemon-restart")
    views = s.containers()
    assert views["c1"] == {
        "status": "running",
        "exit_code": 0,
        "oom_killed": False,
        "restart_count": 0,
    }
    assert views["c2"]["status"] == "exited" and views["c2"]["exit_code"] == 137
    assert views["c3"]["status"] == "exited" and views["c3"]["exit_code"] == 137


def test_runc_run_deletes_the_container_and_exec_on_a_missing_one_exits_255() -> None:
    s = LabSession("runc")
    s.run("bundle sh -c 'exit 3'")
    assert s.run("runc run c1")["exit_code"] == 3
    assert s.containers() == {}
    assert _err(s, "runc exec c1 true") == (
        255,
        "ERRO[0000] exec failed: container does not exist\n",
    )
