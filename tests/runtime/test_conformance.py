"""Normalising and comparing real and simulated steps (no real engine needed)."""

from __future__ import annotations

from studykit.runtime.conformance.compare import (
    ContainerView,
    Observation,
    compare,
    normalize,
    predict,
    run_sequence,
)
from studykit.runtime.lab.session import LabSession

LONG = "4f4868825c28faedb53665795b4116ec9105afaf6ba8aa4f810b4b0a4df74d82"


def test_normalize_drops_log_framing_ids_and_client_noise() -> None:
    lines = [
        'time="2026-11-23T00:32:52Z" level=error msg="container not running"',
        "ERRO[0000] container not running",
        f"Error response from daemon: Container {LONG} is not running",
        'time="2026-11-23T00:32:52Z" level=error msg="error waiting for container: context canceled"',
        f'{LONG[:12]}   bb   "sleep 1000"',
        "",
        'time="x" level=error msg="unknown signal \\"NOSUCHSIG\\""',
    ]
    assert normalize(lines) == (
        "container not running",
        "container not running",
        "Error response from daemon: Container <id> is not running",
        '<id>   bb   "sleep 1000"',
        'unknown signal "NOSUCHSIG"',
    )


def test_compare_names_every_difference() -> None:
    model = Observation(1, ("c1",), ("boom",), (("c1", ContainerView("exited", 137)),))
    real = Observation(
        0, ("c1",), (), (("c1", ContainerView("running", 0)), ("c2", ContainerView("created", 0)))
    )
    result = compare("docker stop c1", model, real)
    assert not result.agrees
    assert result.mismatches == (
        "exit code: model 1, real 0",
        "stderr: model ['boom'], real []",
        "container c1: model exited (exit 137), real running (exit 0)",
        "container c2: model absent, real created (exit 0)",
    )


def test_ps_tables_are_compared_cell_by_cell_without_durations() -> None:
    header = "CONTAINER ID   IMAGE     COMMAND        CREATED         STATUS                  PORTS     NAMES"
    model = Observation(
        0,
        (header, '<id>   bb   "sleep 9"   Less than a second ago   Up Less than a second   c1'),
        (),
        (),
    )
    real = Observation(
        0, (header, '<id>   bb   "sleep 9"   2 seconds ago   Up 1 second   c1'), (), ()
    )
    assert compare("docker ps -a", model, real).agrees
    other = Observation(
        0, (header, '<id>   bb   "sleep 9"   2 seconds ago   Up 1 second   c2'), (), ()
    )
    assert not compare("docker ps", model, other).agrees


def test_inspect_output_is_not_compared() -> None:
    model, real = Observation(0, ("a",), (), ()), Observation(0, ("b",), (), ())
    assert compare("docker container inspect c1", model, real).agrees
    assert not compare("docker start c1", model, real).agrees


def test_run_sequence_hands_the_expected_containers_to_the_engine() -> None:
    seen: list[tuple[str, object]] = []

    def execute(line: str, expect: object) -> Observation:
        seen.append((line, expect))
        return Observation(0, (), (), expect)  # type: ignore[arg-type]

    results = run_sequence(LabSession("runc"), ["runc create c1", "runc start c1"], execute)
    assert [r.agrees for r in results] == [True, True]
    assert seen[1] == ("runc start c1", (("c1", ContainerView("running")),))

    def failing(line: str, expect: object) -> Observation:
        return Observation(1, (), ("container not running",), ())

    (result,) = run_sequence(LabSession("runc"), ["runc create c1"], failing)
    assert result.mismatches[0] == "exit code: model 0, real 1"
    assert result.mismatches[-1] == "container c1: model created, real absent"


def test_predict_leaves_out_docker_fields_for_runc() -> None:
    session = LabSession("runc")
    assert predict(session, "runc create c1").containers == (("c1", ContainerView("created")),)
    docker = LabSession("docker")
    predicted = predict(docker, "docker run --name c1 bb sh -c 'exit 3'")
    assert predicted.exit_code == 3
    assert predicted.containers == (("c1", ContainerView("exited", 3, False, 0)),)


def test_a_kernel_view_is_compared_item_by_item() -> None:
    import copy

    from studykit.runtime.conformance.compare import kernel_result
    from studykit.runtime.conformance.kernel_compare import model_subset
    from studykit.runtime.kernel import kernel_record

    s = LabSession("docker")
    s.run("docker run -d --name web -m 64m bb sleep 1000")
    live = model_subset(kernel_record(s.model, s.world, s.world.containers["web"]))
    live = copy.deepcopy(live)
    live["namespaces"]["user"] = "new"
    live["cgroup"]["pids_max"] = 100
    result = kernel_result(s, "kernel web", lambda name: copy.deepcopy(live))
    wrong = {item for item, agrees in result.items if not agrees}
    assert wrong == {"ns user", "cgroup pids_max"}
    assert {"ns pid", "capabilities", "seccomp", "no_new_privs", "cgroup memory_max_bytes"} <= {
        item for item, _ in result.items
    }
    assert len(result.mismatches) == 2
