"""Simulated time: processes start, exit by themselves, and restart after their back-off."""

from __future__ import annotations

import math

from studykit.model.runtime import RuntimeModel
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.process_output import program_output
from studykit.runtime.program import (
    DEFAULT_TERMINATES,
    FOREVER,
    KEEPS_RUNNING,
    SIGNAL_NAMES,
    signal_number,
)
from studykit.runtime.world import LOG_LINES, Container, World

FIRST_BACKOFF = 0.1
MAX_BACKOFF = 60.0
BACKOFF_RESET_AFTER = 10.0
MAX_CLOCK = 1e10
"""The lab's clock stops at about 317 years: further on, float seconds lose the 0.1 s steps."""


def _over_memory(c: Container) -> bool:
    return c.program.memory_hog and bool(c.limits.memory)


def _over_pids(c: Container) -> bool:
    forks = c.program.forks
    return bool(forks and c.limits.pids and forks + 1 > c.limits.pids)


def run_time(c: Container) -> float:
    """Return how long the container's process runs when started (0: it ends at once)."""
    return 0.0 if _over_memory(c) or _over_pids(c) else c.program.runs_for


def start_refusal(world: World, c: Container, model: RuntimeModel) -> tuple[int, str, str] | None:
    """Return (exit code, rule, daemon message) when the runtime cannot start the process."""
    program = c.program
    prefix = "failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: "
    if program.missing:
        text = f'exec: "{program.name}": executable file not found in $PATH: unknown'
        return 127, "exit-not-found", prefix + text
    if program.directory:
        return (
            126,
            "exit-cannot-invoke",
            prefix + f'exec: "{program.name}": permission denied: unknown',
        )
    from studykit.runtime.kernel import capabilities

    wanted = capabilities(model, world, c)
    if any(cap in world.host.missing_capabilities for cap in wanted):
        return (
            128,
            "docker-privileged",
            prefix + "unable to apply caps: operation not permitted: unknown",
        )
    return None


def start_process(world: World, c: Container, out: CommandOutcome, keep_pid: bool = False) -> None:
    """Start a container's process now; limits may end it at once.

    `keep_pid`: runc start execs the user program in the `runc init` process that
    create started, so the container keeps the PID it had.
    """
    # Docker's SetRunning clears the last exit code and OOMKilled on every start.
    c.state, c.started_at, c.oom_killed, c.exit_code = "running", world.clock, False, 0
    if not keep_pid or not c.pid:
        c.pid, world.next_pid = world.next_pid, world.next_pid + 1
    program = c.program
    stdout, stderr = program_output(world, c)
    c.write("stdout", stdout)
    c.write("stderr", stderr)
    if _over_memory(c):
        out.note("oom-kill", f"{c.name} outgrew its {c.limits.memory // 2**20} MiB memory limit")
        c.oom_killed = True
        process_exit(world, c, 137, out)
    elif _over_pids(c):
        out.note("pids-limit", f"{program.forks + 1} processes needed, pids limit {c.limits.pids}")
        c.write("stderr", ("sh: can't fork: Resource temporarily unavailable",))
        process_exit(world, c, 2, out)
    elif program.runs_for == 0:
        process_exit(world, c, program.code, out)
    else:
        c.ends_at = None if program.runs_for == FOREVER else world.clock + program.runs_for


def _restarts(c: Container, code: int) -> bool:
    """Return whether the restart policy restarts the container after this exit."""
    policy = c.policy
    if c.manually_stopped or policy.name == "no":
        return False
    if policy.name == "on-failure":
        return code != 0 and (policy.maximum == 0 or c.restart_count < policy.maximum)
    return policy.name in ("always", "unless-stopped")


def process_exit(world: World, c: Container, code: int, out: CommandOutcome) -> None:
    """Record the exit of a container's process; apply the restart policy (Docker)."""
    ran = world.clock - (c.started_at or world.clock)
    c.exit_code, c.finished_at, c.pid, c.ends_at = code, world.clock, 0, None
    if c.published:
        c.published = ()
    if world.engine == "runc":
        c.state = "stopped"
        return
    if _restarts(c, code):
        first = c.backoff == 0 or ran >= BACKOFF_RESET_AFTER
        c.backoff = FIRST_BACKOFF if first else min(c.backoff * 2, MAX_BACKOFF)
        c.state, c.restart_count, c.ends_at = (
            "restarting",
            c.restart_count + 1,
            world.clock + c.backoff,
        )
        out.note(
            "restart-policy",
            f"{c.name} exited {code}; policy {c.policy.name} restarts it in {c.backoff:g} s",
        )
        return
    c.state = "exited"
    if c.auto_remove:
        out.note("docker-rm-flag", f"{c.name} exited and was removed (--rm)")
        from studykit.runtime.docker_resources import release

        release(world, c, True)
        del world.containers[c.name]


def advance(world: World, seconds: float, out: CommandOutcome) -> None:
    """Let simulated time pass, running every exit and restart that falls due."""
    target = world.clock + seconds
    if not math.isfinite(target) or seconds < 0:
        raise LabError(f"time can only pass by a finite, positive number of seconds, not {seconds}")
    if target > MAX_CLOCK:
        raise LabError(f"the lab's clock stops at {MAX_CLOCK:.0e} seconds (about 317 years)")
    while (c := world.next_due(target)) is not None:
        world.clock = max(world.clock, c.ends_at or world.clock)
        backoff = c.backoff
        if c.state == "restarting":
            start_process(world, c, out)
        else:
            process_exit(world, c, c.program.code, out)
        if c.state == "restarting" and c.backoff == backoff and world.containers.get(c.name) is c:
            _skip_cycles(world, c, target, out)
    world.clock = target


def _skip_cycles(world: World, c: Container, target: float, out: CommandOutcome) -> None:
    """Jump a restart loop to its last turn before `target`, in one step.

    The back-off did not change over the turn just simulated, so every later turn is the
    same: the process runs as long, exits with the same code, waits the same back-off
    (Docker's doubles to a 1-minute cap and resets after 10 s of running). Only an
    on-failure policy's retry limit ends the loop, and the turns near it are simulated.
    """
    assert c.ends_at is not None and c.started_at is not None and c.finished_at is not None
    ran = run_time(c)
    if not math.isclose(c.finished_at - c.started_at, ran, rel_tol=1e-9, abs_tol=1e-9):
        return  # the turn was paused or cut short: the next one is a plain turn
    period = ran + c.backoff
    turns = math.floor((target - c.ends_at) / period)
    if c.policy.name == "on-failure" and c.policy.maximum:
        turns = min(turns, c.policy.maximum - c.restart_count - 1)
    if turns <= 0:
        return
    shift = turns * period
    stdout, stderr = program_output(world, c)
    for _ in range(min(turns, LOG_LINES)):  # what each skipped turn printed, as far as it is kept
        c.write("stdout", stdout)
        c.write("stderr", stderr)
    c.restart_count += turns
    c.started_at, c.finished_at, c.ends_at = (
        c.started_at + shift,
        c.finished_at + shift,
        c.ends_at + shift,
    )
    world.next_pid += turns
    out.note(
        "restart-policy",
        f"{c.name} restarted {turns} more times, every {period:g} s, back-off {c.backoff:g} s",
    )


def run_until_exit(
    world: World, c: Container, out: CommandOutcome, limit: float | None = None
) -> bool:
    """Advance time until the container stops running (or `limit` passes); return if it did."""
    name = c.name
    while True:
        current = world.containers.get(name)
        if current is None or current.state not in ("running", "restarting"):
            return True
        if current.state == "running" and current.ends_at is None:
            return False
        step = (current.ends_at or world.clock) - world.clock
        if limit is not None and step > limit:
            advance(world, limit, out)
            return False
        if limit is not None:
            limit -= step
        advance(world, step, out)
        if current.state == "restarting":
            return True  # the foreground run sees the first exit


def stop_signal(c: Container) -> int:
    """Return the signal docker stop sends first: the image's STOPSIGNAL, else SIGTERM."""
    return signal_number(c.config.stop_signal or "TERM") or 15


def deliver(world: World, c: Container, signal: int, out: CommandOutcome) -> bool:
    """Deliver a signal to a running PID 1; return whether the process exited."""
    name = SIGNAL_NAMES.get(signal, f"signal {signal}")
    if signal == 9:
        out.note("exit-signal", f"SIGKILL always reaches PID 1: {c.name} exits 137")
        process_exit(world, c, 137, out)
        return True
    code = c.program.exit_on(signal)
    if c.config.init:
        return _through_init(world, c, signal, code, out)
    if code is not None and code != KEEPS_RUNNING:
        out.note("pid1-signals", f"{c.program.name} handles {name} and exits {code}")
        process_exit(world, c, code, out)
        return True
    if code == KEEPS_RUNNING:
        out.note("pid1-signals", f"{c.program.name} handles {name} and keeps running")
        return False
    out.note("pid1-signals", f"{c.program.name} is PID 1 without a handler for {name}: ignored")
    return False


def _through_init(
    world: World, c: Container, signal: int, code: int | None, out: CommandOutcome
) -> bool:
    """Forward a signal through docker-init (tini) to its child, which is not PID 1."""
    name = SIGNAL_NAMES.get(signal, f"signal {signal}")
    if code is None and signal in DEFAULT_TERMINATES:
        out.note("docker-init", f"tini forwards {name} to {c.program.name}, which dies of it")
        process_exit(world, c, 128 + signal, out)
        return True
    if code is not None and code != KEEPS_RUNNING:
        out.note("docker-init", f"tini forwards {name}; {c.program.name} handles it, exits {code}")
        process_exit(world, c, code, out)
        return True
    out.note("docker-init", f"tini forwards {name}; {c.program.name} goes on")
    return False
