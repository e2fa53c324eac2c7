"""A lab session: one world, command lines in, outcomes out; `explain` tells why."""

from __future__ import annotations

import math
import shlex
from importlib import resources
from pathlib import Path
from typing import Any

from studykit.model.runtime import RuntimeModel
from studykit.runtime.docker_cli import DockerCli
from studykit.runtime.host import TYPICAL, HostProfile
from studykit.runtime.images import initial_images
from studykit.runtime.outcome import LabError, Outcome
from studykit.runtime.runc_cli import RuncCli
from studykit.runtime.timeline import advance, deliver, process_exit, start_process
from studykit.runtime.world import Container, RestartPolicy, World

LAB_COMMANDS = ("help", "explain", "diagram", "reset", "sleep", "event", "bundle", "kernel")
EVENTS = ("exit", "oom", "fork", "daemon-restart")


def default_model() -> RuntimeModel:
    """Load the runtime model shipped with the package."""
    from studykit.errors import DeckError
    from studykit.load.runtime_model import load_runtime_model

    folder = Path(str(resources.files("studykit.bundled_decks")))
    model, issues = load_runtime_model(folder / "models" / "container-runtime.yaml")
    if model is None or issues:
        raise DeckError(issues)
    return model


MAX_LINE = 4096
"""Characters in one lab line: what a Linux terminal's line editing takes (N_TTY_BUF_SIZE)."""


def seconds(text: str, what: str) -> float:
    """Return a finite, positive number of seconds, or raise LabError naming `what` needs it."""
    try:
        value = float(text)
    except ValueError:
        raise LabError(f"{what} needs a number of seconds, not '{text[:40]}'") from None
    if not math.isfinite(value):
        raise LabError(f"{what} needs a finite number of seconds, not '{text[:40]}'")
    if value < 0:
        raise LabError(f"{what} needs a positive number of seconds")
    return value


def _sleep_seconds(words: list[str]) -> float:
    if not words:
        raise LabError("sleep needs a number of seconds, e.g. sleep 10")
    if len(words) > 1:
        raise LabError("sleep takes one number of seconds")
    return seconds(words[0], "sleep")


def _words(line: str) -> list[str]:
    """Split a line as a shell would; refuse one longer than a terminal line."""
    if len(line) > MAX_LINE:
        raise LabError(
            f"a lab line holds at most {MAX_LINE:,} characters; this one has {len(line):,}"
        )
    return shlex.split(line, comments=True)


def _view(c: Container) -> dict[str, Any]:
    """Return what `--json` shows of a container."""
    return {
        "status": c.state,
        "exit_code": c.exit_code,
        "oom_killed": c.oom_killed,
        "restart_count": c.restart_count,
    }


class Session:
    """Run lab lines against a simulated runc or Docker engine."""

    def __init__(
        self,
        engine: str = "docker",
        dialect: str | None = None,
        model: RuntimeModel | None = None,
        host: HostProfile | None = None,
    ) -> None:
        self.model = model or default_model()
        self.host = host or TYPICAL
        self.engine = engine
        self.dialect = dialect or ("runc-1.1" if engine == "runc" else "docker-20.10")
        known = [d.id for d in self.model.dialects if d.engine == engine]
        if self.dialect not in known:
            raise LabError(
                f"dialect '{self.dialect}' is not one of {', '.join(known)} for {engine}"
            )
        self.world = self.new_world()
        self.last: Outcome | None = None

    def new_world(self) -> World:
        """Return an empty engine on the session's host, with the model's local images."""
        world = World(self.engine, self.dialect, host=self.host)
        world.images = initial_images(self.model)
        return world

    def reset(self) -> None:
        """Forget every container, image pulled, volume and network; rewind the clock."""
        self.world = self.new_world()

    def step(self, line: str) -> Outcome:
        """Run one line; on a lab error the world is unchanged and the error is printed."""
        out = Outcome(line)
        world = self.world
        try:
            with world.recording() as changes:
                self._dispatch(_words(line), out)
            out.touched = tuple(changes.touched)
        except (LabError, ValueError) as error:
            out.stdout.clear()
            out.err(f"lab: {error}")
            out.exit_code = 2
        if self.world is not world:  # reset: every container of the old world is gone
            out.touched = tuple(world.containers)
        if not line.strip().startswith(("explain", "help", "diagram")):
            self.last = out
        return out

    def refuse(self, line: str, problem: str) -> Outcome:
        """Return the outcome of a line that cannot be run (exit code 2, like a lab error)."""
        out = Outcome(line, exit_code=2, stderr=[f"lab: {problem}"])
        self.last = out
        return out

    def run(self, line: str) -> dict[str, Any]:
        """Run one line and return the lab's JSON record of it."""
        return self.record(self.step(line))

    def record(self, out: Outcome) -> dict[str, Any]:
        """Return the `--json` record of an outcome: the containers it changed (None: removed)."""
        found = self.world.containers
        record = {
            "command": out.command,
            "exit_code": out.exit_code,
            "stdout": "".join(f"{line}\n" for line in out.stdout),
            "stderr": "".join(f"{line}\n" for line in out.stderr),
            "containers": {
                name: _view(found[name]) if name in found else None for name in out.touched
            },
        }
        if out.kernel is not None:
            record["kernel"] = out.kernel
        return record

    def containers(self) -> dict[str, dict[str, Any]]:
        """Return the state of every container by name."""
        return {c.name: _view(c) for c in self.world.containers.values()}

    def names(self) -> list[str]:
        """Return the container names (for completion)."""
        return list(self.world.containers)

    def _dispatch(self, words: list[str], out: Outcome) -> None:
        if not words:
            return
        head, rest = words[0], words[1:]
        if head in ("docker", "runc"):
            if head != self.engine:
                raise LabError(
                    f"this lab simulates {self.engine}; start `studykit lab --engine {head}` for {head}"
                )
            cli = (
                DockerCli(self.model, self.world)
                if head == "docker"
                else RuncCli(self.model, self.world)
            )
            cli.run(rest, out)
        elif head == "sleep":
            advance(self.world, _sleep_seconds(rest), out)
        elif head == "event":
            self._event(rest, out)
        elif head == "bundle":
            self.world.bundle = tuple(rest) or ("sleep", "1000")
            out.out(f"next bundle runs: {shlex.join(self.world.bundle)}")
        elif head == "reset":
            self.reset()
        elif head == "kernel":
            from studykit.runtime.kernel_command import run_kernel

            run_kernel(self.model, self.world, rest, out)
        else:
            raise LabError(f"unknown command '{head}' (try `help`)")

    def _event(self, words: list[str], out: Outcome) -> None:
        """Inject what a learner cannot type into a real CLI: exits, OOM, forks, daemon restart."""
        if not words or words[0] not in EVENTS:
            raise LabError(f"event needs one of: {', '.join(EVENTS)}")
        if words[0] == "daemon-restart":
            self._daemon_restart(out)
            return
        if len(words) < 2 or (c := self.world.find(words[1])) is None or c.state != "running":
            raise LabError(f"event {words[0]} needs the name of a running container")
        if words[0] == "exit":
            code = int(words[2]) if len(words) > 2 else 0
            out.note("exit-own-code", f"{c.name}'s process exits with {code}")
            process_exit(self.world, c, code, out)
        elif words[0] == "oom":
            if not c.limits.memory:
                out.note("oom-kill", f"{c.name} has no memory limit: the cgroup cannot OOM-kill it")
                out.out(f"{c.name} has no memory limit (-m); nothing happens in its cgroup")
                return
            c.oom_killed = True
            out.note("oom-kill", f"{c.name} went past its memory limit")
            process_exit(self.world, c, 137, out)
        else:
            self._fork(c, int(words[2]) if len(words) > 2 else 1, out)

    def _fork(self, c: Any, count: int, out: Outcome) -> None:
        if c.limits.pids and count + 1 > c.limits.pids:
            out.note("pids-limit", f"{count + 1} processes needed, pids limit {c.limits.pids}")
            out.out("sh: can't fork: Resource temporarily unavailable")
            process_exit(self.world, c, 2, out)
        else:
            out.out(f"{c.name} forked {count} process(es): within its pids limit")

    def _shut_down(self, c: Container, out: Outcome) -> None:
        """Stop a container as a stopping dockerd does: no restart policy applies."""
        if c.state == "restarting":
            c.state, c.ends_at = "exited", None
        elif c.state in ("running", "paused"):
            policy, c.policy = c.policy, RestartPolicy()
            c.state = "running"
            if not deliver(self.world, c, 15, out):
                deliver(self.world, c, 9, out)
            c.policy = policy

    def _daemon_restart(self, out: Outcome) -> None:
        if self.engine != "docker":
            raise LabError("daemon-restart is a Docker engine event")
        for c in list(self.world.containers.values()):
            self._shut_down(c, out)
        for c in list(self.world.containers.values()):
            policy = c.policy.name
            again = (
                policy == "always"
                or (policy == "unless-stopped" and not c.manually_stopped)
                or (policy == "on-failure" and c.exit_code != 0)
            )
            if again and c.state == "exited":
                out.note("restart-daemon", f"{c.name} ({policy}) starts with the daemon")
                c.manually_stopped = False
                start_process(self.world, c, out)
