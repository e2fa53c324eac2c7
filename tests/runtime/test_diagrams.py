"""State diagrams, transition tables and the simulator-observed exit-code and policy tables."""

from __future__ import annotations

import re

import pytest

from studykit.model.runtime import RuntimeModel
from studykit.runtime.diagrams import state_diagram, transition_table
from studykit.runtime.lab.models import bundled_model
from studykit.runtime.scenarios import exit_code_rows, restart_policy_rows

EDGE = re.compile(r"^    (\S+) --> (\S+): ([A-Za-z0-9 ,()-]+)$")


@pytest.fixture(scope="module")
def model() -> RuntimeModel:
    return bundled_model()


@pytest.mark.parametrize("engine", ["runc", "docker"])
def test_state_diagram_is_mermaid_with_one_labelled_edge_per_pair(
    model: RuntimeModel, engine: str
) -> None:
    lines = state_diagram(model, engine).splitlines()
    assert lines[0] == "stateDiagram-v2"
    edges = [m.groups() for line in lines if (m := EDGE.match(line))]
    pairs = [(source, target) for source, target, _ in edges]
    assert len(pairs) == len(set(pairs)) >= 8
    assert ("[*]", "created") in pairs and any(t == "[*]" for _, t in pairs)
    assert "absent" not in " ".join(lines)


def _edges(diagram: str) -> dict[tuple[str, str], str]:
    """Return the label of each (from, to) edge of a diagram."""
    found = (EDGE.match(line) for line in diagram.splitlines())
    return {(m[1], m[2]): m[3] for m in found if m}


def test_docker_diagram_edges(model: RuntimeModel) -> None:
    labels = _edges(state_diagram(model, "docker"))
    assert "stop" in labels[("paused", "exited")]
    assert labels[("running", "paused")] == "pause"
    assert ("paused", "created") not in labels  # errors are not edges


def test_transition_table_wording_per_dialect(model: RuntimeModel) -> None:
    old = transition_table(model, "docker", "docker-20.10")
    new = transition_table(model, "docker", "docker-29")
    assert len(old) == len(new)
    differ = [(a.result, b.result) for a, b in zip(old, new, strict=True) if a.result != b.result]
    assert any(a.startswith("You cannot remove a running") for a, _ in differ)


def test_exit_code_rows_cover_the_issue_codes(model: RuntimeModel) -> None:
    rows = exit_code_rows(model)
    codes = {code for code, *_ in rows}
    assert {"0", "1", "125", "126", "127", "137", "143"} <= codes
    rules = {rule.id for rule in model.rules}
    assert all(rule in rules for *_, rule in rows)
    assert ("137", "oom-kill") in {(code, rule) for code, *_, rule in rows}


def test_restart_policy_rows_follow_the_ground_truth_table(model: RuntimeModel) -> None:
    header, *rows = restart_policy_rows(model)
    table = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}
    assert table["no"] == dict.fromkeys(header[1:], "no")
    assert table["on-failure"]["process exits 0"] == "no"
    assert table["on-failure"]["process exits 1"] == "yes"
    for policy in ("always", "unless-stopped"):
        assert table[policy]["process exits 0"] == "yes"
        assert table[policy]["after docker stop"] == "no"
    assert table["always"]["daemon restart after docker stop"] == "yes"
    assert table["unless-stopped"]["daemon restart after docker stop"] == "no"
