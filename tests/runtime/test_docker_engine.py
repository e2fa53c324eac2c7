"""The simulated Docker engine: states, errors per dialect, exit codes, limits, restart policies."""

from __future__ import annotations

from studykit.runtime.lab.session import LabSession


def _run(session: LabSession, *lines: str) -> dict[str, object]:
    record: dict[str, object] = {}
    for line in lines:
        record = session.run(line)
    return record


def _state(session: LabSession, name: str) -> tuple[str, int, bool, int]:
    c = session.containers()[name]
    return c["status"], c["exit_code"], c["oom_killed"], c["restart_count"]


def test_the_observed_lifecycle_of_section_8() -> None:
    s = LabSession("docker", "docker-20.10")
    _run(
        s,
        "docker create --name w1 --network none bb sleep 1000",
        "docker start w1",
        "docker pause w1",
    )
    start = s.run("docker start w1")
    assert start["exit_code"] == 1
    assert start["stderr"] == (
        "Error response from daemon: cannot start a paused container, try unpause instead\n"
        "Error: failed to start containers: w1\n"
    )
    rm = s.run("docker rm w1")
    c_id = s.world.containers["w1"].id
    assert rm["stderr"] == (
        f"Error response from daemon: You cannot remove a paused container {c_id}. "
        "Unpause and then stop the container before attempting removal or force remove\n"
    )
    _run(s, "docker unpause w1")
    stop = s.run("docker stop -t 1 w1")
    assert (stop["exit_code"], stop["stdout"]) == (0, "w1\n")
    assert _state(s, "w1") == ("exited", 137, False, 0)
    assert s.world.clock == 1  # SIGTERM ignored by PID 1; SIGKILL after the timeout


def test_current_wording_differs_only_in_messages() -> None:
    s = LabSession("docker", "docker-29")
    _run(s, "docker run -d --name web bb sleep 1000")
    assert s.run("docker rm web")["stderr"] == (
        'Error response from daemon: cannot remove container "web": container is running: '
        "stop the container before removing or force remove\n"
    )
    _run(s, "docker pause web")
    assert "failed to start containers: web\n" in str(s.run("docker start web")["stderr"])
    assert "Error: failed" not in str(s.run("docker start web")["stderr"])


def test_foreground_exit_codes() -> None:
    s = LabSession("docker")
    assert s.run("docker run bb true")["exit_code"] == 0
    assert s.run("docker run bb false")["exit_code"] == 1
    assert s.run("docker run bb sh -c 'exit 3'")["exit_code"] == 3
    missing = s.run("docker run --name nf bb nosuch")
    assert missing["exit_code"] == 127 and "executable file not found" in str(missing["stderr"])
    assert _state(s, "nf") == ("created", 127, False, 0)
    assert s.run("docker run bb echo hello")["stdout"] == "hello\n"


def test_limits_memory_pids_and_cpu() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d -m 16m --name hog bb sh -c 'x=a; while true; do x=$x$x; done'")
    assert _state(s, "hog") == ("exited", 137, True, 0)
    forks = s.run(
        "docker run --pids-limit 3 bb sh -c 'sleep 1 & sleep 1 & sleep 1 & sleep 1 & wait'"
    )
    assert (forks["exit_code"], forks["stderr"]) == (
        2,
        "sh: can't fork: Resource temporarily unavailable\n",
    )
    _run(s, "docker run -d --cpus 0.5 --name spin bb sh -c 'while true; do :; done'", "sleep 60")
    assert _state(s, "spin")[0] == "running"


def test_stop_with_a_term_handler_and_kill_default() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name h1 bb sh -c \"trap 'exit 0' TERM; sleep 1000\"", "docker stop h1")
    assert _state(s, "h1") == ("exited", 0, False, 0) and s.world.clock == 0
    _run(s, "docker run -d --name k1 bb sleep 1000", "docker kill k1")
    assert _state(s, "k1") == ("exited", 137, False, 0)
    again = s.run("docker kill k1")
    assert again["exit_code"] == 1 and "is not running" in str(again["stderr"])


def test_on_failure_restarts_with_back_off_until_the_limit() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name rf --restart on-failure:2 bb sh -c 'exit 1'")
    assert _state(s, "rf")[0] == "restarting"
    _run(s, "sleep 1")
    assert _state(s, "rf") == ("exited", 1, False, 2)


def test_policies_after_a_manual_stop_and_a_daemon_restart() -> None:
    s = LabSession("docker")
    for policy in ("no", "on-failure", "always", "unless-stopped"):
        _run(
            s,
            f"docker run -d --name {policy} --restart {policy} bb sleep 1000",
            f"docker stop -t 0 {policy}",
        )
        assert _state(s, policy)[0] == "exited", policy
    _run(s, "event daemon-restart")
    states = {p: _state(s, p)[0] for p in ("no", "on-failure", "always", "unless-stopped")}
    assert states == {
        "no": "exited",
        "on-failure": "running",
        "always": "running",
        "unless-stopped": "exited",
    }


def test_rm_flag_and_name_conflict_and_no_such_container() -> None:
    s = LabSession("docker")
    _run(s, "docker run --rm --name gone bb true")
    assert "gone" not in s.containers()
    _run(s, "docker create --name x1 bb sleep 1")
    conflict = s.run("docker create --name x1 bb sleep 1")
    assert conflict["exit_code"] == 1 and 'The container name "/x1" is already in use' in str(
        conflict["stderr"]
    )
    assert (
        s.run("docker stop nope")["stderr"]
        == "Error response from daemon: No such container: nope\n"
    )


def test_pause_freezes_the_process_clock() -> None:
    s = LabSession("docker")
    _run(
        s,
        "docker run -d --name p1 bb sleep 10",
        "docker pause p1",
        "sleep 100",
        "docker unpause p1",
        "sleep 9",
    )
    assert _state(s, "p1")[0] == "running"
    _run(s, "sleep 1")
    assert _state(s, "p1") == ("exited", 0, False, 0)


def test_a_lab_error_changes_nothing() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name a1 bb sleep 5")
    before = s.containers()
    bad = s.run("docker run --bogus bb true")
    assert bad["exit_code"] == 2 and str(bad["stderr"]).startswith("lab: unknown flag")
    assert s.containers() == before


def test_ps_lists_running_then_all() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name up bb sleep 100", "docker create --name made bb true")
    running = str(s.run("docker ps")["stdout"]).splitlines()
    assert running[0].split() == [
        "CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES",
    ]  # fmt: skip
    assert [line.split()[-1] for line in running[1:]] == ["up"]
    every = str(s.run("docker ps -a")["stdout"]).splitlines()
    assert [line.split()[-1] for line in every[1:]] == ["made", "up"]
    assert "Created" in every[1] and "Up " in every[2]
