"""Compare what the simulator predicts with what a real runc or dockerd did, step by step.

Pure: the live drivers (studykit.runtime.conformance.live) observe the real tools and hand their
observations here. Both sides are normalised the same way before they are compared:
container ids become `<id>`, runc's log lines (`time=... level=error msg="..."` when not
on a terminal, `ERRO[0000] ...` on one) become their message, and the docker CLI's own
logrus noise (`time=... level=error msg="error waiting for container: ..."`, a race in
the 20.10 client) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from studykit.runtime.lab.session import LabSession

LONG_ID = re.compile(r"\b[0-9a-f]{64}\b")
SHORT_ID = re.compile(r"\b[0-9a-f]{12}\b")
LOGFMT = re.compile(r'^time="[^"]*" level=(\w+) msg="((?:[^"\\]|\\.)*)"')
TERMINAL_LOG = re.compile(r"^(?:ERRO|WARN|INFO)\[\d+\] ")
CLIENT_NOISE = ("error waiting for container",)
"""Messages the docker 20.10 CLI logs by itself when a foreground run fails (a race)."""
UNCOMPARED_STDOUT = frozenset({"inspect", "state", "list"})
"""Commands whose output carries pids or fields the simulator does not model."""
DURATION = re.compile(
    r"Less than a second|About an? (?:minute|hour)|\d+ (?:seconds?|minutes|hours|days)"
)
"""go-units' HumanDuration, as docker ps writes ages: real and simulated clocks differ."""


@dataclass(frozen=True)
class ContainerView:
    """What is compared of one container: status, and for Docker the State fields."""

    status: str
    exit_code: int | None = None
    oom_killed: bool | None = None
    restart_count: int | None = None

    def describe(self) -> str:
        """Return the view as `status (exit 137, oom, restarts 2)`."""
        extra = []
        if self.exit_code is not None:
            extra.append(f"exit {self.exit_code}")
        if self.oom_killed:
            extra.append("oom")
        if self.restart_count:
            extra.append(f"restarts {self.restart_count}")
        return f"{self.status} ({', '.join(extra)})" if extra else self.status


@dataclass(frozen=True)
class Observation:
    """One command's exit code, normalised output, and every container afterwards."""

    exit_code: int
    stdout: tuple[str, ...]
    stderr: tuple[str, ...]
    containers: tuple[tuple[str, ContainerView], ...]


@dataclass(frozen=True)
class StepResult:
    """A line run on both sides, and every difference between them."""

    line: str
    predicted: Observation
    observed: Observation
    mismatches: tuple[str, ...]
    items: tuple[tuple[str, bool], ...] = ()
    """For a kernel view: each item compared (`ns pid`, `seccomp`, ...) and whether it agrees."""

    @property
    def agrees(self) -> bool:
        """Return whether the model predicted this step exactly."""
        return not self.mismatches


def normalize(lines: Iterable[str]) -> tuple[str, ...]:
    """Return output lines with ids replaced and log framing removed."""
    kept = []
    for raw in lines:
        line = raw.rstrip()
        if not line:
            continue
        logged = LOGFMT.match(line)
        if logged:
            line = logged.group(2).replace('\\"', '"')
            if any(noise in line for noise in CLIENT_NOISE):
                continue
        line = TERMINAL_LOG.sub("", line)
        kept.append(SHORT_ID.sub("<id>", LONG_ID.sub("<id>", line)))
    return tuple(kept)


def table_cells(lines: Iterable[str]) -> tuple[str, ...]:
    """Return `docker ps` rows as cells joined by ` | `, durations replaced by `<time>`."""
    rows = []
    for line in lines:
        cells = re.split(r" {3,}", DURATION.sub("<time>", line).strip())
        rows.append(" | ".join(cells))
    return tuple(rows)


def command_word(line: str) -> str:
    """Return the engine subcommand of a line (`ps` for `docker ps -a`), or the lab word."""
    words = line.split()
    if len(words) > 1 and words[0] in ("docker", "runc"):
        return words[2] if words[1] == "container" and len(words) > 2 else words[1]
    return words[0] if words else ""


def predict(session: LabSession, line: str) -> Observation:
    """Run a line in the simulator and return what it predicts."""
    outcome = session.step(line)
    runc = session.engine == "runc"
    containers = tuple(
        sorted(
            (
                name,
                ContainerView(
                    view["status"],
                    None if runc else view["exit_code"],
                    None if runc else view["oom_killed"],
                    None if runc else view["restart_count"],
                ),
            )
            for name, view in session.containers().items()
        )
    )
    return Observation(
        outcome.exit_code, normalize(outcome.stdout), normalize(outcome.stderr), containers
    )


def _stdout(line: str, lines: tuple[str, ...]) -> tuple[str, ...]:
    """Return stdout reduced to what the model is about (studykit.runtime.conformance.views)."""
    from studykit.runtime.conformance.views import reduce

    words = line.split()
    sub = command_word(line)
    if len(words) > 2 and words[1] in ("container", "image", "volume", "network"):
        sub = f"{words[1]} {words[2]}"
    reduced = reduce(sub, words, lines) if words[:1] == ["docker"] else None
    if reduced is not None:
        return reduced
    return table_cells(lines) if command_word(line) in ("ps", "ls") else lines


def compare(
    line: str, predicted: Observation, observed: Observation, documented: str = ""
) -> StepResult:
    """Return the differences between a prediction and an observation of one line."""
    from studykit.runtime.conformance.views import PULL_PROGRESS

    problems = []
    if predicted.exit_code != observed.exit_code:
        problems.append(f"exit code: model {predicted.exit_code}, real {observed.exit_code}")
    mine_err = tuple(t for t in predicted.stderr if not PULL_PROGRESS.match(t))
    if not documented and mine_err != observed.stderr:
        problems.append(f"stderr: model {list(mine_err)}, real {list(observed.stderr)}")
    word = command_word(line)
    mine, theirs = _stdout(line, predicted.stdout), _stdout(line, observed.stdout)
    if not documented and word not in UNCOMPARED_STDOUT and mine != theirs:
        problems.append(f"stdout: model {list(mine)}, real {list(theirs)}")
    problems += _container_differences(dict(predicted.containers), dict(observed.containers))
    return StepResult(line, predicted, observed, tuple(problems))


def _container_differences(
    model: dict[str, ContainerView], real: dict[str, ContainerView]
) -> list[str]:
    """Return a line for every container whose view differs (or exists on one side only)."""
    problems = []
    for name in sorted(set(model) | set(real)):
        mine = model[name].describe() if name in model else "absent"
        theirs = real[name].describe() if name in real else "absent"
        if mine != theirs:
            problems.append(f"container {name}: model {mine}, real {theirs}")
    return problems


Execute = Callable[[str, tuple[tuple[str, ContainerView], ...] | None], Observation]
"""Run a line on a real engine, given the containers the model expects afterwards."""


Kernel = Callable[[str], dict[str, Any] | None]
"""Read a live container's kernel record from /proc (None when it has no process)."""


def kernel_result(session: LabSession, line: str, live_kernel: Kernel) -> StepResult:
    """Compare the lab's kernel view of a container with the live one (`kernel NAME`)."""
    from studykit.runtime.conformance.kernel_compare import differences, items, model_subset
    from studykit.runtime.kernel import kernel_record

    name = line.split()[1]
    c = session.world.find(name)
    live = live_kernel(name)
    empty = Observation(0, (), (), ())
    alive = c is not None and has_process(c, session.engine)
    if not alive or live is None:
        problems = () if alive == (live is not None) else ("kernel: one side has no process",)
        return StepResult(line, empty, empty, problems)
    assert c is not None
    model = model_subset(kernel_record(session.model, session.world, c))
    if c.program.rule == "image-programs":  # a stand-in script runs live, not the program
        model.pop("pid1")
        live.pop("pid1")
    compared = tuple(items(model, live))
    return StepResult(line, empty, empty, tuple(differences(model, live)), compared)


def has_process(c: Any, engine: str) -> bool:
    """Return whether a container has a live init process (runc's waits while created)."""
    states = ("running", "paused", "created") if engine == "runc" else ("running", "paused")
    return bool(c.state in states)


def run_sequence(
    session: LabSession, lines: Sequence[str], execute: Execute, kernel: Kernel | None = None
) -> list[StepResult]:
    """Run lines on the simulator and through `execute` on a real engine; compare each step."""
    results = []
    for line in lines:
        if line.startswith("kernel ") and kernel is not None:
            results.append(kernel_result(session, line, kernel))
            continue
        from studykit.runtime.conformance.views import documented

        predicted = predict(session, line)
        observed = execute(line, predicted.containers)
        results.append(compare(line, predicted, observed, documented(session, line)))
    return results
