"""What a learner types in the first hours of a Docker tutorial, and what the lab answers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from studykit.runtime.lab.session import LabSession


def _run(session: LabSession, *lines: str) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for line in lines:
        record = session.run(line)
        assert not record["stderr"].startswith("lab: "), (line, record["stderr"])
    return record


def test_nginx_stays_up_with_its_defaults_and_its_start_up_lines() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name web -p 8080:80 nginx")
    assert s.containers()["web"]["status"] == "running"
    logs = s.run("docker logs web")
    assert (
        logs["stdout"].splitlines()[-1]
        == "/docker-entrypoint.sh: Configuration complete; ready for start up"
    )
    assert "nginx/1.31.3" in logs["stderr"]
    config = json.loads(s.run("docker inspect -f '{{json .Config}}' web")["stdout"])
    assert config["Entrypoint"] == ["/docker-entrypoint.sh"]
    assert config["Cmd"] == ["nginx", "-g", "daemon off;"]
    assert config["ExposedPorts"] == {"80/tcp": {}} and config["StopSignal"] == "SIGQUIT"
    assert "NGINX_VERSION=1.31.3" in config["Env"]
    # STOPSIGNAL SIGQUIT: nginx shuts down gracefully at once, exit 0, no 10 s wait.
    _run(s, "docker stop web")
    assert s.containers()["web"]["exit_code"] == 0 and s.world.clock == 0


def test_postgres_needs_its_password_variable() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name db postgres")
    assert s.containers()["db"] == {
        "status": "exited",
        "exit_code": 1,
        "oom_killed": False,
        "restart_count": 0,
    }
    assert s.run("docker logs --tail 1 db")["stderr"].strip().endswith("auth-trust.html")
    _run(s, "docker run -d --name db2 -e POSTGRES_PASSWORD=secret postgres")
    assert s.containers()["db2"]["status"] == "running"
    env = json.loads(s.run("docker inspect -f '{{json .Config.Env}}' db2")["stdout"])
    assert env[-1] == "POSTGRES_PASSWORD=secret" and env[0].startswith("PATH=")


def test_pull_tags_digests_and_failures() -> None:
    s = LabSession("docker")
    first = s.run("docker pull alpine")
    assert first["stdout"].splitlines()[0] == "Using default tag: latest"
    assert first["stdout"].splitlines()[-1] == "docker.io/library/alpine:latest"
    digest = next(
        line.split()[1] for line in first["stdout"].splitlines() if line.startswith("Digest:")
    )
    again = s.run("docker pull alpine:latest")
    assert "Status: Image is up to date for alpine:latest" in again["stdout"]
    by_digest = s.run(f"docker pull alpine@{digest}")
    assert by_digest["stdout"].splitlines()[-1] == f"docker.io/library/alpine@{digest}"
    assert "Status: Image is up to date for alpine@sha256:" in by_digest["stdout"]
    from studykit.runtime.images import digest_of

    busybox = digest_of(s.model.image("busybox"))  # type: ignore[arg-type]
    assert s.run(f"docker pull busybox@{busybox}")["exit_code"] == 0
    listed = s.run("docker images")["stdout"].splitlines()
    # Newest build first; an image pulled by digest alone has no tag.
    assert [row.split()[:2] for row in listed[1:]] == [
        ["bb", "latest"],
        ["alpine", "latest"],
        ["busybox", "<none>"],
    ]
    unknown = s.run("docker pull nosuchimage")
    assert unknown["exit_code"] == 1
    assert unknown["stderr"].startswith(
        "Error response from daemon: pull access denied for nosuchimage, repository does not exist"
    )
    tag = s.run("docker pull nginx:0.1")
    assert tag["stderr"] == (
        "Error response from daemon: manifest for nginx:0.1 not found: manifest unknown: manifest unknown\n"
    )
    wrong = s.run("docker run nginx@sha256:" + "0" * 64)
    assert wrong["exit_code"] == 125 and "manifest unknown" in wrong["stderr"]


def test_logs_keep_the_streams_and_tail_counts_both() -> None:
    s = LabSession("docker")
    _run(s, "docker run -d --name lg bb sh -c 'echo one; echo two; echo three >&2; sleep 1000'")
    assert (s.run("docker logs lg")["stdout"], s.run("docker logs lg")["stderr"]) == (
        "one\ntwo\n",
        "three\n",
    )
    tail = s.run("docker logs --tail 2 lg")
    assert (tail["stdout"], tail["stderr"]) == ("two\n", "three\n")
    missing = s.run("docker logs nosuch")
    assert missing["stderr"] == "Error: No such container: nosuch\n" and missing["exit_code"] == 1


def test_rename_top_stats_and_update() -> None:
    s = LabSession("docker", host=None)
    _run(s, "docker run -d --name small -m 8m bb sleep 1000", "docker create --name made bb true")
    assert s.run("docker rename small tiny")["stdout"] == ""
    same = s.run("docker rename tiny tiny")
    assert same["stderr"].splitlines() == [
        "Error response from daemon: Renaming a container with the same name as its current name",
        "Error: failed to rename container named tiny",
    ]
    top = s.run("docker top tiny")["stdout"].splitlines()
    assert top[0].split() == ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    assert top[1].endswith("sleep 1000")
    assert "is not running" in s.run("docker top made")["stderr"]
    stats = s.run("docker stats --no-stream tiny")["stdout"].splitlines()
    assert stats[1].split()[1] == "tiny" and "/ 8MiB" in stats[1] and stats[1].split()[-1] == "1"
    assert s.run("docker update -m 16m --restart always tiny")["stdout"] == "tiny\n"
    assert (
        s.run(
            "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.RestartPolicy.Name}}' tiny"
        )["stdout"]
        == "16777216 16777216 always\n"
    )
    # 20.10: a larger -m than the memory+swap limit needs --memory-swap (0 when never set).
    bigger = s.run("docker update -m 64m made")
    assert bigger["exit_code"] == 1 and "update the memoryswap at the same time" in bigger["stderr"]
    assert s.run("docker update -m 64m --memory-swap -1 made")["exit_code"] == 0
    assert "Minimum memory limit" in s.run("docker update -m 4m tiny")["stderr"]
    assert "Range of CPUs is from 0.01 to 4.00" in s.run("docker update --cpus 5 tiny")["stderr"]


def test_prune_filters_and_formats() -> None:
    s = LabSession("docker")
    _run(
        s,
        "docker run -d --name up bb sleep 100",
        "docker create --name made bb true",
        "docker run --name done bb true",
    )
    names = s.run(
        "docker ps -a --filter status=created --filter status=exited --format '{{.Names}}'"
    )
    assert names["stdout"] == "done\nmade\n"
    assert (
        s.run("docker ps --filter name=u --format '{{.Names}} {{.State}}'")["stdout"]
        == "up running\n"
    )
    bad = s.run("docker ps -a --filter status=bogus")
    assert bad["stderr"] == "Error response from daemon: Invalid filter 'status=bogus'\n"
    unknown_field = s.run("docker ps --format '{{.Nope}}'")
    assert (
        unknown_field["exit_code"] == 1 and "can't evaluate field Nope" in unknown_field["stderr"]
    )
    table = s.run("docker ps -a --format 'table {{.Names}}\\t{{.Status}}'")["stdout"].splitlines()
    assert table[0].split() == ["NAMES", "STATUS"]
    assert s.run("docker ps -a --format json")["stdout"] == "json\njson\njson\n"  # the 20.10 client
    pruned = s.run("docker container prune -f")["stdout"].splitlines()
    assert pruned[0] == "Deleted Containers:" and pruned[-1] == "Total reclaimed space: 0B"
    assert set(s.containers()) == {"up"}


def test_start_attach_and_init() -> None:
    s = LabSession("docker")
    _run(s, "docker create --name sa bb sh -c 'echo out; echo err >&2; exit 3'")
    attached = s.run("docker start -a sa")
    assert (attached["exit_code"], attached["stdout"], attached["stderr"]) == (3, "out\n", "err\n")
    both = s.run("docker start -a sa sa")
    assert both["stderr"] == "you cannot start and attach multiple containers at once\n"
    _run(s, "docker run -d --init --name ini bb sleep 1000", "docker stop ini")
    assert s.containers()["ini"]["exit_code"] == 143 and s.world.clock == 0


def test_ports_are_published_and_taken() -> None:
    s = LabSession("docker")
    _run(
        s,
        "docker run -d --name web -p 8080:80 bb sleep 1000",
        "docker run -d --name w3 -p 80 -p 127.0.0.1:9090:90/udp bb sleep 1000",
    )
    assert s.run("docker port web")["stdout"] == "80/tcp -> 0.0.0.0:8080\n80/tcp -> :::8080\n"
    assert s.run("docker port w3")["stdout"] == (
        "80/tcp -> 0.0.0.0:32768\n80/tcp -> :::32768\n90/udp -> 127.0.0.1:9090\n"
    )
    assert "0.0.0.0:8080->80/tcp, :::8080->80/tcp" in s.run("docker ps")["stdout"]
    taken = s.run("docker run -d --name w2 -p 8080:80 bb sleep 1000")
    assert (
        taken["exit_code"] == 125
        and "Bind for 0.0.0.0:8080 failed: port is already allocated" in taken["stderr"]
    )
    assert s.containers()["w2"]["status"] == "created"
    assert (
        s.run("docker port web 81")["stderr"]
        == "Error: No public port '81/tcp' published for web\n"
    )


def test_environment_volumes_and_binds() -> None:
    s = LabSession("docker")
    _run(
        s,
        "docker volume create data",
        "docker run -d --name vv -v data:/data -v /srv/site:/site --mount type=volume,source=v2,target=/v2 -e A=1 -e B bb sleep 1000",
    )
    assert s.run("docker inspect -f '{{json .Config.Env}}' vv")["stdout"] == '["A=1","B"]\n'
    mounts = json.loads(s.run("docker inspect -f '{{json .Mounts}}' vv")["stdout"])
    assert sorted((m["Type"], m["Destination"]) for m in mounts) == [
        ("bind", "/site"),
        ("volume", "/data"),
        ("volume", "/v2"),
    ]
    assert s.run("docker volume ls")["stdout"].splitlines()[1:] == [
        "local     data",
        "local     v2",
    ]
    in_use = s.run("docker volume rm data")
    assert in_use["exit_code"] == 1 and "volume is in use" in in_use["stderr"]
    assert s.run("docker volume rm nosuch")["stderr"] == "Error: No such volume: nosuch\n"
    env = s.run("docker run --rm -e A=1 bb env")["stdout"].splitlines()
    assert (
        env[0].startswith("PATH=")
        and env[1].startswith("HOSTNAME=")
        and env[2:] == ["A=1", "HOME=/"]
    )


def test_networks() -> None:
    s = LabSession("docker")
    created = s.run("docker network create n1")
    assert len(created["stdout"].strip()) == 64
    assert [row.split()[1] for row in s.run("docker network ls")["stdout"].splitlines()[1:]] == [
        "bridge",
        "host",
        "n1",
        "none",
    ]
    _run(
        s,
        "docker run -d --name a1 --network n1 bb sleep 1000",
        "docker run -d --name web bb sleep 1000",
        "docker network connect n1 web",
    )
    busy = s.run("docker network rm n1")
    assert busy["exit_code"] == 1 and "has active endpoints" in busy["stderr"]
    assert "pre-defined network" in s.run("docker network rm bridge")["stderr"]
    assert (
        s.run("docker network create n1")["stderr"]
        == "Error response from daemon: network with name n1 already exists\n"
    )
    nowhere = s.run("docker run -d --network nosuch bb sleep 1")
    assert nowhere["exit_code"] == 125 and "network nosuch not found" in nowhere["stderr"]


def test_interactive_runs_get_a_plain_note() -> None:
    s = LabSession("docker")
    record = s.run("docker run -it --name sh1 ubuntu")
    assert record["exit_code"] == 0 and "lab note: the lab is not a terminal" in record["stderr"]
    assert s.containers()["sh1"]["status"] == "running"
    execd = s.run("docker exec -it sh1 bash")
    assert execd["exit_code"] == 0 and "opens no shell" in execd["stderr"]


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("docker psa", "did you mean `docker ps`"),
        ("docker imags", "did you mean `docker images`"),
        ("docker swarm init", "not supported in the lab"),
        ("docker volume backup x", "not supported in the lab"),
        ("docker stpo web", "did you mean `docker stop`"),
        ("docker fly", "is not a docker command (try `help`)"),
    ],
)
def test_typos_and_unsupported_commands_say_so(line: str, hint: str) -> None:
    record = LabSession("docker").run(line)
    assert record["exit_code"] == 2 and hint in record["stderr"]


def test_the_kernel_view_of_a_default_container() -> None:
    from studykit.runtime.kernel import kernel_record

    s = LabSession("docker")
    _run(s, "docker run -d --name web -m 64m --cpus 0.5 --pids-limit 20 bb sleep 1000")
    c = s.world.containers["web"]
    record = kernel_record(s.model, s.world, c)
    assert record["namespaces"] == {
        "pid": "new", "net": "new", "mnt": "new", "uts": "new", "ipc": "new", "user": "host", "cgroup": "new",
    }  # fmt: skip
    assert len(record["capabilities"]) == 14 and "CAP_SYS_ADMIN" not in record["capabilities"]
    assert (record["seccomp"], record["no_new_privs"], record["pid1"]) == (
        "filter",
        False,
        "sleep 1000",
    )
    group = record["cgroup"]
    assert (group["memory_max_bytes"], group["pids_max"], group["cpu_quota"]) == (
        64 * 2**20,
        20,
        50000,
    )
    assert (
        group["files"][f"/sys/fs/cgroup/system.slice/docker-{c.id}.scope/cpu.max"] == "50000 100000"
    )
    assert record["rootfs"]["storage_driver"] == "overlay2" and record["rootfs"]["lower"]


def test_docker_options_the_lab_does_not_simulate_are_named_as_such() -> None:
    s = LabSession("docker")
    record = s.run("docker run -e A=1 --cpu-shares 2 bb true")
    assert (
        record["stderr"] == "lab: --cpu-shares is a docker run option the lab does not simulate\n"
    )
    assert s.run("docker run --name x1 bb echo --read-only")["stdout"] == "--read-only\n"


@pytest.mark.parametrize(
    ("engine", "lines", "ref", "pid1"),
    [
        ("docker", ["docker create --name web bb sleep 9"], "web", "(sleep 9: not running)"),
        ("docker", ["docker run --init --name web bb sleep 9"], "web", "(/sbin/docker-init -- sleep 9: not running)"),
        ("docker", ["docker run -d --init --name web bb sleep 9"], "web", "/sbin/docker-init -- sleep 9"),
        ("runc", ["runc create r1"], "r1", "runc init"),
        ("runc", ["runc create r1", "runc start r1"], "r1", "sleep 1000"),
    ],
)  # fmt: skip
def test_pid1_is_runc_init_only_for_runc_and_absent_without_a_process(
    engine: str, lines: list[str], ref: str, pid1: str
) -> None:
    s = LabSession(engine)
    _run(s, *lines)
    record = s.run(f"kernel --json {ref}")
    assert record["kernel"]["pid1"] == pid1


def test_the_getting_started_scenario_runs_with_no_refusal() -> None:
    from tests.live.harness import load_scenarios

    engine, lines = load_scenarios()["docker-getting-started"]
    assert 28 <= len(lines) <= 40
    for needed in ("pull", "-p ", "logs", "exec", "stop", "rm", "volume", "network"):
        assert any(needed in line for line in lines), needed
    s = LabSession(engine, dialect="docker-20.10")
    for line in lines:
        record = s.run(line)
        assert not record["stderr"].startswith("lab: "), (line, record["stderr"])
        assert "not supported" not in record["stderr"], line
