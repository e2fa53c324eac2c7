"""Run lab lines on the real engines and in the simulator; compare the two step by step.

A step on either side is a record in the shape of the lab's `--json` ones, `{"command",
"exit_code", "stdout", "stderr", "containers": {NAME: {"status", "exit_code", "oom_killed",
"restart_count"}}}`, but with every container after the command (`--json` lists the ones
the command changed).
The live side comes from studykit.runtime.conformance.live (the private dockerd, its states read
from the API socket by tests/live/docker_api.py; the private runc root), the model side
from `LabSession.run`. The real engine is not instantaneous, so a live sample agrees with the
model's state at any instant up to the real time that passed (Timeline), and the model's
clock then follows (`Step.lag`). Both records are reduced to the same `View` before
they are compared: ids become `<id>`, runc's `time=... msg="X"` becomes `X`, durations
become `<duration>`, a `docker ps` table becomes `NAME STATUS` rows (Up, Paused,
Exited (N), Restarting (N), Created), and `docker inspect` / `runc state` JSON becomes
one `name status ...` line per container: the fields the model is about.

Some output is documented, not checkable here (`DOCUMENTED`): there is no registry, so
what `docker pull` prints and the pull progress of `docker run` are left out of both
sides; the catalogue's images run as stand-ins (studykit.runtime.conformance.live_images), so what
their programs print (docker logs of such a container) is not compared either.
`kernel NAME` lines compare the lab's kernel view with /proc and the cgroup files
(studykit.runtime.conformance.live_kernel).
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from studykit.runtime.conformance import views
from studykit.runtime.conformance.compare import (
    ContainerView,
    Observation,
    kernel_result,
    normalize,
)
from studykit.runtime.conformance.live import LiveDocker, LiveRunc
from studykit.runtime.conformance.views import PULL_PROGRESS
from studykit.runtime.lab.session import LabSession

Record = dict[str, Any]
Driver = LiveDocker | LiveRunc
Snapshot = tuple[tuple[str, ContainerView], ...]
DIALECTS = {"docker": "docker-20.10", "runc": "runc-1.1"}
DURATION = re.compile(
    r"\b(?:Less than a second|About an? \w+|\d+ (?:second|minute|hour|day|week|month|year)s?)\b"
)
STATUS = re.compile(r"(Up|Exited|Restarting|Created|Dead|Removal In Progress)\b")
SETTLE_SECONDS = 3.0
TICK = 0.05
SAMPLE_GAP = 0.02
"""Resolution of the model's timeline that live samples are matched against."""
"""How long the live containers may take to reach the predicted states: signals land,
processes exit and restart asynchronously after the CLI returns."""
SCENARIOS = Path(__file__).parent / "scenarios"


def model_session(engine: str, driver: Driver | None = None) -> LabSession:
    """Return a fresh simulator for the engine, in the dialect and on the host that run here."""
    host = driver.host() if driver is not None else None
    return LabSession(engine=engine, dialect=DIALECTS[engine], host=host)


def live_record(line: str, observed: Observation, containers: Snapshot) -> Record:
    """Return a live observation as the lab's `--json` record."""
    return {
        "command": line,
        "exit_code": observed.exit_code,
        "stdout": "".join(f"{text}\n" for text in observed.stdout),
        "stderr": "".join(f"{text}\n" for text in observed.stderr),
        "containers": {
            name: {
                "status": view.status,
                "exit_code": view.exit_code or 0,
                "oom_killed": bool(view.oom_killed),
                "restart_count": view.restart_count or 0,
            }
            for name, view in containers
        },
    }


class Timeline:
    """The model's containers from the end of a step on, as simulated time passes.

    The simulator is instantaneous; the real engine is not: a container in a restart loop
    goes on restarting while the CLI returns and the harness looks. A live sample agrees
    with the model when it equals the model's state at some instant between the step and
    the sample (never later than the real time that passed).
    """

    def __init__(self, session: LabSession, engine: str) -> None:
        self.probe = copy.copy(session)
        self.probe.world = copy.deepcopy(session.world)
        self.engine = engine
        self.ticks = 0
        self.seen = {_snapshot(self.probe.containers(), engine): 0.0}

    def lag(self, live: Snapshot, elapsed: float) -> float | None:
        """Return the earliest simulated delay at which the model shows `live`, if any."""
        while (self.ticks + 1) * TICK <= elapsed:
            self.probe.step(f"sleep {TICK}")
            self.ticks += 1
            found = _snapshot(self.probe.containers(), self.engine)
            self.seen.setdefault(found, round(self.ticks * TICK, 2))
        return self.seen.get(live)


def settle(
    driver: Driver, timeline: Timeline, since: float, first: Snapshot
) -> tuple[Snapshot, float]:
    """Sample the live containers until the model's timeline shows them, or time runs out.

    `since` is the monotonic instant the model's prediction stands for; `first` is the
    sample the driver took as the command returned. Samples are SAMPLE_GAP apart: a
    restart loop passes a state in a few hundred ms, and dockerd shares two cores.
    """
    deadline = time.monotonic() + SETTLE_SECONDS
    current = first
    while True:
        lag = timeline.lag(current, time.monotonic() - since)
        if lag is not None or time.monotonic() > deadline:
            return current, lag or 0.0
        time.sleep(SAMPLE_GAP)
        current = driver.snapshot()


def kernel_step(driver: Driver, session: LabSession, line: str) -> Step:
    """Compare the lab's kernel view of a container with what /proc shows of it."""
    result = kernel_result(session, line, driver.kernel)
    empty = {"command": line, "exit_code": 0, "stdout": "", "stderr": "", "containers": {}}
    return Step(line, empty, empty, result.mismatches, kind="kernel", items=result.items)


def run_step(driver: Driver, session: LabSession, engine: str, line: str) -> Step:
    """Run one line in the model and live; keep the model's clock with the real one."""
    if line.startswith("kernel "):
        return kernel_step(driver, session, line)
    clock = session.world.clock
    predicted = session.run(line)
    simulated = session.world.clock - clock
    started = time.monotonic()
    observed = driver.execute(line)
    timeline = Timeline(session, engine)
    containers, lag = settle(driver, timeline, started + simulated, observed.containers)
    if lag:
        session.step(f"sleep {lag}")
    predicted["containers"] = session.containers()
    step = compare(
        line, predicted, live_record(line, observed, containers), engine, _documented(session, line)
    )
    return replace(step, lag=lag)


def _documented(session: LabSession, line: str) -> str:
    return views.documented(session, line)


def _snapshot(containers: dict[str, Record], engine: str) -> Snapshot:
    """Return the model's containers as the live driver observes them."""
    views = []
    for name, c in containers.items():
        if engine == "runc":
            views.append((name, ContainerView(c["status"])))
        else:
            fields = (c["exit_code"], c["oom_killed"], c["restart_count"])
            views.append((name, ContainerView(c["status"], *fields)))
    return tuple(sorted(views))


@dataclass(frozen=True)
class View:
    """What is compared of one step."""

    exit_code: int
    stdout: tuple[str, ...]
    stderr: tuple[str, ...]
    containers: tuple[str, ...]


def view(record: Record, engine: str, documented: str = "") -> View:
    """Return the comparable view of a record."""
    words = _words(record["command"])
    if documented:
        return View(record["exit_code"], (), (), _containers(record["containers"], engine))
    stdout = _reduce_output(words, normalize(record["stdout"].splitlines()))
    stderr = tuple(
        DURATION.sub("<duration>", t)
        for t in normalize(record["stderr"].splitlines())
        if not PULL_PROGRESS.match(t)
    )
    return View(record["exit_code"], stdout, stderr, _containers(record["containers"], engine))


def _words(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:
        return line.split()


def _containers(containers: dict[str, Record], engine: str) -> tuple[str, ...]:
    """Return one line per container: status, and for Docker the State fields."""
    rows = []
    for name, c in sorted(containers.items()):
        if engine == "runc":
            rows.append(f"{name}: {c['status']}")
        else:
            oom = ", oom" if c["oom_killed"] else ""
            rows.append(
                f"{name}: {c['status']} (exit {c['exit_code']}{oom}, restarts {c['restart_count']})"
            )
    return tuple(rows)


def _reduce_output(words: list[str], lines: tuple[str, ...]) -> tuple[str, ...]:
    """Return stdout with tables and JSON reduced to what the model is about."""
    sub = words[1] if len(words) > 1 else ""
    if (
        words[:1] == ["docker"]
        and sub in ("container", "image", "volume", "network")
        and len(words) > 2
    ):
        sub = f"{sub} {words[2]}"
    reduced = views.reduce(sub, words, lines) if words[:1] == ["docker"] else None
    if reduced is not None:
        return reduced
    if words[:1] == ["docker"] and sub in ("ps", "ls") and "--format" in words:
        return tuple(re.sub(r"\s{2,}", "  ", DURATION.sub("<duration>", line)) for line in lines)
    if words[:1] == ["docker"] and sub in ("ps", "ls") and lines and "NAMES" in lines[0]:
        return ps_rows(lines)
    if words[:1] == ["docker"] and sub == "inspect" and lines[:1] == ("[",):
        return _inspect_rows("\n".join(lines))
    if words[:1] == ["runc"] and sub == "state" and lines[:1] == ("{",):
        state = json.loads("\n".join(lines))
        return (f"{state['id']} {state['status']}",)
    if words[:1] == ["runc"] and sub == "list" and lines and lines[0].startswith("ID"):
        return tuple(" ".join(row.split()[:3:2]) for row in lines[1:])
    return tuple(DURATION.sub("<duration>", line) for line in lines)


def ps_rows(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Return a `docker ps` table as `NAME STATUS` rows, the status without its age.

    Columns are found by content, not position: ids are already `<id>`, so the table is
    no longer aligned. NAMES is the last column (PORTS is empty with `--network none`).
    """
    rows = []
    for row in lines[1:]:
        cells = re.split(r"\s{2,}", row.strip())
        status = next((cell for cell in cells[1:] if STATUS.match(cell)), "?")
        rows.append(f"{cells[-1]} {status_word(status)}")
    return tuple(rows)


def status_word(status: str) -> str:
    """Return the STATUS column without durations: `Up`, `Paused`, `Exited (137)`..."""
    if status.startswith("Up"):
        return "Paused" if status.endswith("(Paused)") else "Up"
    match = re.match(r"(Exited|Restarting) \(-?\d+\)", status)
    return match.group(0) if match else status


def _inspect_rows(text: str) -> tuple[str, ...]:
    """Return `docker inspect` JSON as one line per container of the compared fields."""
    rows = []
    for item in json.loads(text):
        state = item["State"]
        rows.append(
            f"{item['Name'].lstrip('/')} {state['Status']} exit={state['ExitCode']} "
            f"oom={state['OOMKilled']} restarts={item['RestartCount']}"
        )
    return tuple(rows)


@dataclass(frozen=True)
class Step:
    """One line run on both sides, and every difference between them."""

    line: str
    model: Record
    live: Record
    mismatches: tuple[str, ...]
    lag: float = 0.0
    """Simulated seconds the model was advanced to meet the real engine's clock."""
    kind: str = "step"
    """`step`, `kernel` (the kernel view against /proc), or `documented` (output not compared)."""
    items: tuple[tuple[str, bool], ...] = ()
    """For a kernel view of a live process: each item compared and whether it agrees."""

    @property
    def agrees(self) -> bool:
        """Return whether the model predicted this step exactly."""
        return not self.mismatches


def compare(line: str, model: Record, live: Record, engine: str, documented: str = "") -> Step:
    """Return the step with a line per difference between model and live views."""
    mine, real = view(model, engine, documented), view(live, engine, documented)
    problems = []
    if mine.exit_code != real.exit_code:
        problems.append(f"exit code: model {mine.exit_code}, live {real.exit_code}")
    for field in ("stdout", "stderr", "containers"):
        if getattr(mine, field) != getattr(real, field):
            problems.append(
                f"{field}:\n        model {list(getattr(mine, field))}"
                f"\n        live  {list(getattr(real, field))}"
            )
    return Step(line, model, live, tuple(problems), kind="documented" if documented else "step")


def run_scenario(driver: Driver, engine: str, lines: list[str]) -> list[Step]:
    """Run the lines on a clean engine and a fresh simulator; return every step."""
    driver.clean()
    session = model_session(engine, driver)
    book = PidBook()
    steps = []
    for line in lines:
        step = run_step(driver, session, engine, line)
        if isinstance(driver, LiveRunc):
            step = book.check(driver, session, step)
        steps.append(step)
    return steps


class PidBook:
    """The PID each runc container had after create, on both sides: start must keep it."""

    def __init__(self) -> None:
        self.created: dict[str, tuple[int, int]] = {}

    @staticmethod
    def pids(driver: LiveRunc, session: LabSession, ident: str) -> tuple[int, int]:
        """Return (model PID, live PID) of a container, 0 when it has none."""
        c = session.world.containers.get(ident)
        model = c.pid if c is not None and c.state != "stopped" else 0
        code, stdout, _ = driver.runc("state", ident)
        live = json.loads(stdout).get("pid", 0) if code == 0 else 0
        return model, live

    def check(self, driver: LiveRunc, session: LabSession, step: Step) -> Step:
        """Record the PIDs after create; after state, compare `same as at create` both sides."""
        words = _words(step.line)
        if words[:2] == ["runc", "create"] and step.live["exit_code"] == 0:
            self.created[words[-1]] = self.pids(driver, session, words[-1])
        if words[:2] != ["runc", "state"] or words[-1] not in self.created:
            return step
        model, live = self.pids(driver, session, words[-1])
        first_model, first_live = self.created[words[-1]]
        same = (model == first_model, live == first_live)
        if same[0] == same[1]:
            return step
        problem = f"pid of {words[-1]}: model {'kept' if same[0] else 'changed'}, live {'kept' if same[1] else 'changed'}"
        return replace(step, mismatches=(*step.mismatches, problem))


def report(steps: list[Step]) -> str:
    """Return the steps as a readable list, mismatches spelled out under their line."""
    out = []
    for number, step in enumerate(steps, 1):
        late = f"  (model +{step.lag:.2f} s)" if step.lag else ""
        out.append(f"{'ok ' if step.agrees else 'BAD'} {number:2} {step.line}{late}")
        out += [f"      {problem}" for problem in step.mismatches]
    return "\n".join(out)


def load_scenarios(folder: Path = SCENARIOS) -> dict[str, tuple[str, list[str]]]:
    """Return every scenario file as name -> (engine, lines); the engine prefixes the name."""
    found = {}
    for path in sorted(folder.glob("*.txt")):
        engine = path.stem.split("-", 1)[0]
        if engine not in DIALECTS:
            raise ValueError(f"{path}: the name must start with docker- or runc-")
        found[path.stem] = (engine, scenario_lines(path.read_text()))
    return found


def scenario_lines(text: str) -> list[str]:
    """Return the command lines of a scenario: no blanks, no `#` comments (` # ` after one)."""
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"\s+#\s.*$", "", raw).strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines
