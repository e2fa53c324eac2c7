"""The lab bounds what a line may ask: finite sleeps, restart loops in closed form, costs flat."""

from __future__ import annotations

import dataclasses
import json
import time
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.runtime.lab.session import LabSession


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sleep inf", "finite"),
        ("sleep infinity", "finite"),
        ("sleep 1e400", "finite"),
        ("sleep nan", "finite"),
        ("sleep -1", "positive"),
        ("sleep", "needs a number of seconds"),
        ("sleep 1 2", "one number"),
        ("sleep ten", "needs a number of seconds"),
        ("sleep 1e12", "clock"),
    ],
)
def test_a_sleep_the_lab_cannot_simulate_is_a_clear_error(line: str, message: str) -> None:
    session = LabSession("docker")
    session.run("docker run -d --restart always --name rr bb true")
    before = session.world.clock, session.containers()
    record = session.run(line)
    assert record["exit_code"] == 2
    assert str(record["stderr"]).startswith("lab: ") and message in str(record["stderr"])
    assert (session.world.clock, session.containers()) == before


def test_a_long_sleep_with_a_restart_loop_is_computed_not_stepped() -> None:
    session = LabSession("docker")
    session.run("docker run -d --restart always --name rr bb true")
    tracemalloc.start()
    started = time.perf_counter()
    record = session.run("sleep 1000000000")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert record["exit_code"] == 0
    assert elapsed < 1 and peak < 5_000_000
    # Back-off 0.1 s doubling to the 60 s cap (102.3 s over the first ten), then every 60 s.
    restarts = session.containers()["rr"]["restart_count"]
    assert restarts == 10 + int((1_000_000_000 - 102.3) // 60) + 1
    assert len(json.dumps(record)) < 2_000  # one note for the whole loop, not one per restart


PROGRAMS = [
    "bb true",
    "bb false",
    "bb sh -c 'exit 3'",
    "bb sh -c 'sleep 5; exit 1'",
    "bb sh -c 'sleep 12; exit 2'",
    "-m 16m bb sh -c 'x=a; while true; do x=$x$x; done'",
    "bb sleep 30",
]
POLICIES = ["always", "unless-stopped", "on-failure", "on-failure:3", "on-failure:40", "no"]


def _rounded(value: object) -> object:
    """Round times to the microsecond: a jump adds k * period where stepping adds k times."""
    return round(value, 6) if isinstance(value, float) else value


def _state(session: LabSession) -> tuple[object, ...]:
    containers = {
        name: {k: _rounded(v) for k, v in dataclasses.asdict(c).items()}
        for name, c in session.world.containers.items()
    }
    return session.world.clock, session.world.next_pid, containers


@settings(max_examples=60, deadline=None)
@given(
    program=st.sampled_from(PROGRAMS),
    policy=st.sampled_from(POLICIES),
    total=st.integers(0, 40_000),
    step=st.sampled_from([1, 7, 13, 59]),
)
def test_one_long_sleep_equals_many_short_ones(
    program: str, policy: str, total: int, step: int
) -> None:
    """The closed form of a restart loop gives what stepping through it gives, to the field."""
    at_once, stepped = LabSession("docker"), LabSession("docker")
    for session in (at_once, stepped):
        session.run(f"docker run -d --restart {policy} --name c {program}")
    at_once.run(f"sleep {total}")
    for _ in range(total // step):
        stepped.run(f"sleep {step}")
    stepped.run(f"sleep {total % step}")
    assert _state(at_once) == _state(stepped)
    assert at_once.run("docker ps -a")["stdout"] == stepped.run("docker ps -a")["stdout"]


def _seconds_per_command(count: int) -> float:
    session = LabSession("docker")
    started = time.perf_counter()
    for n in range(count):
        session.run(f"docker run -d --name c{n} bb sleep 1000")
        session.run("sleep 1")
    return (time.perf_counter() - started) / count


def test_the_cost_of_a_command_does_not_grow_with_the_containers() -> None:
    small, large = _seconds_per_command(200), _seconds_per_command(1600)
    assert large < 3 * small, (small, large)


def test_json_records_hold_what_the_command_changed() -> None:
    session = LabSession("docker")
    sizes = [
        len(json.dumps(session.run(f"docker run -d --name c{n} bb sleep 1000"))) for n in range(300)
    ]
    assert max(sizes) < 2 * min(sizes)
    record = session.run("docker stop c7")
    assert record["containers"] == {
        "c7": {"status": "exited", "exit_code": 137, "oom_killed": False, "restart_count": 0}
    }
    assert session.run("docker ps")["containers"] == {}
    assert session.run("docker rm c7")["containers"] == {"c7": None}


def test_a_copied_world_runs_on_its_own() -> None:
    """The live harness deep-copies a session's world to probe its future."""
    import copy
    import pickle

    session = LabSession("docker")
    session.run("docker run -d --restart always --name rr bb sh -c 'sleep 5; exit 1'")
    session.run("docker run -d --name web bb sleep 100")
    for probe in (copy.deepcopy(session.world), pickle.loads(pickle.dumps(session.world))):
        probe_session = LabSession("docker")
        probe_session.world = probe
        probe_session.run("sleep 200")
        assert probe_session.containers()["web"]["status"] == "exited"
        assert probe_session.containers()["rr"]["restart_count"] > 3
    assert session.containers()["web"]["status"] == "running"
    assert session.containers()["rr"]["restart_count"] == 0
    session.run("sleep 200")
    assert session.containers()["web"]["status"] == "exited"
