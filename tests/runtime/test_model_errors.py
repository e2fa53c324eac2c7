"""The eight model errors of issue 13, as the live Docker 20.10 and runc 1.1.5 showed them.

Each has a live counterpart in tests/live (scenario `docker-model-errors` and the runc
sequences), which runs the same lines on the real engine.
"""

from __future__ import annotations

from typing import Any

from studykit.runtime.lab.session import LabSession


def _run(session: LabSession, *lines: str) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for line in lines:
        record = session.run(line)
    return record


def test_1_tail_of_dev_zero_under_a_memory_limit_is_oom_killed() -> None:
    s = LabSession("docker")
    record = s.run("docker run --name hog -m 8m bb tail /dev/zero")
    assert record["exit_code"] == 137
    assert s.containers()["hog"] == {
        "status": "exited", "exit_code": 137, "oom_killed": True, "restart_count": 0,
    }  # fmt: skip


def test_2_an_oom_in_exec_kills_the_exec_not_the_container() -> None:
    s = LabSession("docker")
    record = _run(
        s, "docker run -d --name small -m 8m bb sleep 1000", "docker exec small tail /dev/zero"
    )
    assert record["exit_code"] == 137
    assert s.containers()["small"]["status"] == "running"
    assert s.containers()["small"]["oom_killed"] is False


def test_3_a_memory_limit_under_6_mib_is_refused_and_nothing_is_created() -> None:
    s = LabSession("docker")
    record = s.run("docker run -m 4m bb true")
    assert record["exit_code"] == 125
    assert record["stderr"] == (
        "docker: Error response from daemon: Minimum memory limit allowed is 6MB.\n"
        "See 'docker run --help'.\n"
    )
    assert s.containers() == {}


def test_4_running_a_directory_is_permission_denied_126() -> None:
    s = LabSession("docker")
    record = s.run("docker run --name ne bb /tmp")
    assert record["exit_code"] == 126
    assert 'exec: "/tmp": permission denied: unknown.' in record["stderr"]
    assert s.containers()["ne"]["status"] == "created"
    _run(s, "docker run -d --name box bb sleep 1000")
    execd = s.run("docker exec box /tmp")
    assert execd["exit_code"] == 126
    assert execd["stdout"] == (
        "OCI runtime exec failed: exec failed: unable to start container process: "
        'exec: "/tmp": permission denied: unknown\n'
    )


def test_5_a_programs_complaint_goes_to_stderr() -> None:
    record = LabSession("docker").run("docker run bb sleep abc")
    assert (record["exit_code"], record["stdout"]) == (1, "")
    assert record["stderr"] == "sleep: invalid number 'abc'\n"


def test_6_a_trap_of_any_signal_decides_the_exit_code() -> None:
    s = LabSession("docker")
    _run(
        s,
        "docker run -d --name tr bb sh -c 'trap \"exit 129\" HUP; while true; do sleep 1; done'",
        "docker kill -s HUP tr",
    )
    assert s.containers()["tr"]["exit_code"] == 129
    # A handler that does not exit leaves the shell running.
    _run(
        s, "docker run -d --name un bb sh -c 'trap \"echo hi\" TERM; while true; do sleep 1; done'"
    )
    assert s.run("docker kill -s TERM un")["exit_code"] == 0
    assert s.containers()["un"]["status"] == "running"


def test_7_runc_exec_of_a_missing_command_says_why() -> None:
    s = LabSession("runc")
    record = _run(s, "runc run -d r1", "runc exec r1 nosuchcmd")
    assert record["exit_code"] == 255
    assert record["stderr"] == (
        "ERRO[0000] exec failed: unable to start container process: "
        'exec: "nosuchcmd": executable file not found in $PATH\n'
    )


def test_8_runc_start_keeps_the_pid_of_runc_init() -> None:
    s = LabSession("runc")
    s.run("runc create r1")
    created = s.world.containers["r1"].pid
    s.run("runc start r1")
    assert s.world.containers["r1"].pid == created
    assert f'"pid": {created},' in s.run("runc state r1")["stdout"]
    assert s.run("runc list")["stdout"].splitlines()[1].split()[:2] == ["r1", str(created)]
