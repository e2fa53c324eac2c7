"""Short lab scripts run on the simulator: exit codes and restart policies as observed facts.

The site's exit-code and restart-policy tables and the generated cards come from these
runs, so they say what the model does rather than what someone wrote down beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from studykit.model.runtime import RuntimeModel
from studykit.runtime.lab.session import LabSession
from studykit.runtime.outcome import CommandOutcome

SLEEPER = "busybox sleep 1000"
"""The image and command of a container that runs until something stops it."""
POLICIES = ("no", "on-failure", "always", "unless-stopped")


def run_script(
    model: RuntimeModel, engine: str, lines: tuple[str, ...], dialect: str | None = None
) -> tuple[LabSession, CommandOutcome]:
    """Run lab lines in a fresh session; return it and the last line's outcome."""
    session = LabSession(engine, dialect, model)
    outcome = CommandOutcome("")
    for line in lines:
        outcome = session.step(line)
    return session, outcome


@dataclass(frozen=True)
class ExitScenario:
    """A script whose last line shows an exit code: of the CLI, or of the container `web`."""

    engine: str
    lines: tuple[str, ...]
    rules: tuple[str, ...]
    """Rules that explain the code, the first one the model has is shown."""
    of_container: bool = False


EXIT_SCENARIOS = (
    ExitScenario("docker", ("docker run busybox true",), ("exit-own-code",)),
    ExitScenario("docker", ("docker run busybox false",), ("exit-own-code",)),
    ExitScenario(
        "docker",
        (f"docker run -d --name web {SLEEPER}", f"docker run -d --name web {SLEEPER}"),
        ("exit-daemon-error", "docker-name-unique"),
    ),
    ExitScenario(
        "docker",
        (f"docker run -d --name web {SLEEPER}", "docker exec web nosuch"),
        ("exit-cannot-invoke", "docker-exec"),
    ),
    ExitScenario("docker", ("docker run --name web busybox nosuch",), ("exit-not-found",)),
    ExitScenario(
        "docker", (f"docker run -d --name web {SLEEPER}", "docker stop web"), ("exit-signal",), True
    ),
    ExitScenario(
        "docker",
        (f"docker run -d --name web -m 8m {SLEEPER}", "event oom web"),
        ("oom-kill",),
        True,
    ),
    ExitScenario("runc", ("runc create web", "runc kill web TERM"), ("exit-signal",), True),
    ExitScenario(
        "docker", ("docker run --name web -m 8m busybox tail /dev/zero",), ("oom-kill",), True
    ),
    ExitScenario(
        "docker",
        (f"docker run -d --name web -m 8m {SLEEPER}", "docker exec web tail /dev/zero"),
        ("oom-exec",),
    ),
    ExitScenario("docker", ("docker run -m 4m busybox true",), ("memory-minimum",)),
    ExitScenario("docker", ("docker run --name web busybox /tmp",), ("exit-cannot-invoke",)),
    ExitScenario("docker", ("docker run bb",), ("image-command",)),
    ExitScenario(
        "docker",
        ("docker run -d --name web --init busybox sleep 1000", "docker stop web"),
        ("docker-init",),
        True,
    ),
    ExitScenario(
        "docker",
        (
            "docker run -d --name web busybox sh -c 'trap \"exit 129\" HUP; while true; do sleep 1; done'",
            "docker kill -s HUP web",
        ),
        ("pid1-signals",),
        True,
    ),
    ExitScenario(
        "docker", ("docker run -d --name web nginx", "docker stop web"), ("stop-signal",), True
    ),
    ExitScenario("docker", ("docker run -d --name web postgres",), ("image-programs",), True),
    ExitScenario(
        "docker",
        (f"docker run -d --name web -p 8080:80 {SLEEPER}", f"docker run -d -p 8080:80 {SLEEPER}"),
        ("docker-ports",),
    ),
    ExitScenario("runc", ("runc run -d web", "runc exec web nosuchcmd"), ("runc-exec-failure",)),
)


def _observed(scenario: ExitScenario, model: RuntimeModel) -> int:
    """Return the exit code a scenario shows."""
    session, outcome = run_script(model, scenario.engine, scenario.lines)
    if scenario.of_container:
        return int(session.containers()["web"]["exit_code"])
    return outcome.exit_code


def exit_code_rows(model: RuntimeModel) -> list[tuple[str, str, str, str]]:
    """Return (exit code, example script, meaning, rule id) rows, sorted by code."""
    known = {rule.id for rule in model.rules}
    rows: list[tuple[int, str, str, str]] = []
    for scenario in EXIT_SCENARIOS:
        rule_id = next((r for r in scenario.rules if r in known), "")
        if rule_id:
            text = model.rule(rule_id).text
            rows.append((_observed(scenario, model), "; ".join(scenario.lines), text, rule_id))
    return [(str(code), lines, text, rule) for code, lines, text, rule in sorted(rows)]


RESTART_CASES = (
    ("process exits 0", ("event exit web 0", "sleep 1")),
    ("process exits 1", ("event exit web 1", "sleep 1")),
    ("after docker stop", ("docker stop web", "sleep 60")),
    # The lab's clock must pass the back-off of a container restarted by its policy.
    ("daemon restart after docker stop", ("docker stop web", "event daemon-restart", "sleep 1")),
    ("daemon restart while running", ("event daemon-restart", "sleep 1")),
)
"""(case, lab lines) run after `docker run -d --restart POLICY` of a sleeping container."""


def restarted(model: RuntimeModel, policy: str, lines: tuple[str, ...]) -> bool:
    """Return whether a container with this policy is running again after the lines."""
    start = f"docker run -d --name web --restart {policy} {SLEEPER}"
    session, _ = run_script(model, "docker", (start, *lines))
    return bool(session.containers()["web"]["status"] == "running")


def restart_policy_rows(model: RuntimeModel | None = None) -> list[tuple[str, ...]]:
    """Return a header row and one row per policy: whether each case restarts the container."""
    from studykit.runtime.lab.models import bundled_model

    model = model or bundled_model()
    rows: list[tuple[str, ...]] = [("policy", *(case for case, _ in RESTART_CASES))]
    for policy in POLICIES:
        cells = ("yes" if restarted(model, policy, lines) else "no" for _, lines in RESTART_CASES)
        rows.append((policy, *cells))
    return rows
