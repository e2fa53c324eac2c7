"""The `event` word's own table: what a learner cannot type into a real CLI.

Each `LabEvent` is one entry: its name, usage and help line, the engines it exists for,
whether it names a running container, and how it runs. `language` reads this table for
dispatch, `help` and completion of `event ...` lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.timeline import deliver, process_exit, start_process
from studykit.runtime.world import Container, RestartPolicy

if TYPE_CHECKING:
    from studykit.runtime.lab.session import LabSession

EventRun = Callable[["LabSession", Container | None, list[str], CommandOutcome], None]
"""Run an event: the session, its running container (None when it takes none), the
words after the container, and the outcome to print into."""


def _exit(session: LabSession, c: Container | None, args: list[str], out: CommandOutcome) -> None:
    assert c is not None
    code = int(args[0]) if args else 0
    out.note("exit-own-code", f"{c.name}'s process exits with {code}")
    process_exit(session.world, c, code, out)


def _oom(session: LabSession, c: Container | None, args: list[str], out: CommandOutcome) -> None:
    assert c is not None
    if not c.limits.memory:
        out.note("oom-kill", f"{c.name} has no memory limit: the cgroup cannot OOM-kill it")
        out.out(f"{c.name} has no memory limit (-m); nothing happens in its cgroup")
        return
    c.oom_killed = True
    out.note("oom-kill", f"{c.name} went past its memory limit")
    process_exit(session.world, c, 137, out)


def _fork(session: LabSession, c: Container | None, args: list[str], out: CommandOutcome) -> None:
    assert c is not None
    count = int(args[0]) if args else 1
    if c.limits.pids and count + 1 > c.limits.pids:
        out.note("pids-limit", f"{count + 1} processes needed, pids limit {c.limits.pids}")
        out.out("sh: can't fork: Resource temporarily unavailable")
        process_exit(session.world, c, 2, out)
    else:
        out.out(f"{c.name} forked {count} process(es): within its pids limit")


def _shut_down(session: LabSession, c: Container, out: CommandOutcome) -> None:
    """Stop a container as a stopping dockerd does: no restart policy applies."""
    if c.state == "restarting":
        c.state, c.ends_at = "exited", None
    elif c.state in ("running", "paused"):
        policy, c.policy = c.policy, RestartPolicy()
        c.state = "running"
        if not deliver(session.world, c, 15, out):
            deliver(session.world, c, 9, out)
        c.policy = policy


def _restarts_with_daemon(c: Container) -> bool:
    """Return whether dockerd starts this container again when it comes back."""
    policy = c.policy.name
    return (
        policy == "always"
        or (policy == "unless-stopped" and not c.manually_stopped)
        or (policy == "on-failure" and c.exit_code != 0)
    )


def _daemon_restart(
    session: LabSession, c: Container | None, args: list[str], out: CommandOutcome
) -> None:
    if session.engine != "docker":
        raise LabError("daemon-restart is a Docker engine event")
    for each in list(session.world.containers.values()):
        _shut_down(session, each, out)
    for each in list(session.world.containers.values()):
        if _restarts_with_daemon(each) and each.state == "exited":
            out.note("restart-daemon", f"{each.name} ({each.policy.name}) starts with the daemon")
            each.manually_stopped = False
            start_process(session.world, each, out)


@dataclass(frozen=True)
class LabEvent:
    """One event: name, usage and help, where it exists, and how it runs."""

    name: str
    usage: str
    description: str
    run: EventRun
    engines: tuple[str, ...] = ("docker", "runc")
    container: bool = True
    """Whether the event names a running container (and completes container names)."""


EVENTS: tuple[LabEvent, ...] = (
    LabEvent(
        "exit", "event exit NAME [CODE]", "The container's process exits with CODE (default 0).",
        _exit,
    ),
    LabEvent(
        "oom", "event oom NAME", "The process allocates past its memory limit (docker -m).", _oom
    ),
    LabEvent(
        "fork", "event fork NAME [N]",
        "The process forks N children (checked against docker --pids-limit).", _fork,
    ),
    LabEvent(
        "daemon-restart", "event daemon-restart",
        "dockerd restarts: containers stop, restart policies apply.", _daemon_restart,
        engines=("docker",), container=False,
    ),
)  # fmt: skip
"""Every event, in the order `help` lists them."""


def run_event(session: LabSession, words: list[str], out: CommandOutcome) -> None:
    """Run `event NAME ...`: the event, on the running container it names."""
    event = next((e for e in EVENTS if words and e.name == words[0]), None)
    if event is None:
        raise LabError(f"event needs one of: {', '.join(e.name for e in EVENTS)}")
    if not event.container:
        event.run(session, None, words[1:], out)
        return
    if len(words) < 2 or (c := session.world.find(words[1])) is None or c.state != "running":
        raise LabError(f"event {event.name} needs the name of a running container")
    event.run(session, c, words[2:], out)


def event_completions(session: LabSession, words: list[str]) -> list[str]:
    """Return what may follow `event` and `words`: an event name, then a container name."""
    if not words:
        return [e.name for e in EVENTS if session.engine in e.engines]
    event = next((e for e in EVENTS if e.name == words[0]), None)
    return session.names() if len(words) == 1 and event is not None and event.container else []
