"""A lab session: one simulated world; lab lines in, replies out; `explain` tells why.

What each word of a line does is in `studykit.runtime.lab.language`; the session holds
the world, the last command (for `explain` and a script's exit code) and the `--json`
record of a command.
"""

from __future__ import annotations

import shlex
from typing import Any

from studykit.model.runtime import RuntimeModel
from studykit.runtime.host import TYPICAL, HostProfile
from studykit.runtime.images import initial_images
from studykit.runtime.lab import language
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.world import Container, World

MAX_LINE = 4096
"""Characters in one lab line: what a Linux terminal's line editing takes (N_TTY_BUF_SIZE)."""


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


class LabSession:
    """Run lab lines against a simulated runc or Docker engine."""

    def __init__(
        self,
        engine: str = "docker",
        dialect: str | None = None,
        model: RuntimeModel | None = None,
        host: HostProfile | None = None,
    ) -> None:
        if model is None:
            from studykit.runtime.lab.models import bundled_model

            model = bundled_model()
        self.model = model
        self.host = host or TYPICAL
        if engine not in {e.id for e in model.engines}:
            raise LabError(f"the runtime model '{model.id}' has no engine '{engine}'")
        self.engine = engine
        self.dialect = dialect or ("runc-1.1" if engine == "runc" else "docker-20.10")
        known = [d.id for d in model.dialects if d.engine == engine]
        if self.dialect not in known:
            raise LabError(
                f"dialect '{self.dialect}' is not one of {', '.join(known)} for {engine}"
            )
        self.world = self.new_world()
        self.last: CommandOutcome | None = None

    def new_world(self) -> World:
        """Return an empty engine on the session's host, with the model's local images."""
        world = World(self.engine, self.dialect, host=self.host)
        world.images = initial_images(self.model)
        return world

    def reset(self) -> None:
        """Forget every container, image pulled, volume and network; rewind the clock."""
        self.world = self.new_world()

    def handle(self, line: str) -> language.Reply:
        """Run or show one line: None for a blank line, `language.LEAVE` to leave the lab.

        Words that show (help, explain, diagram) are read by white space and do not count
        as the last command; every other line runs through `step`.
        """
        words = line.split()
        if not words:
            return None
        word = language.lookup(words[0])
        if word is not None and word.leaves:
            return language.LEAVE
        if word is not None and word.show is not None:
            try:
                return word.show(self, words[1:])
            except LabError as error:
                return CommandOutcome(line, exit_code=2, stderr=[f"lab: {error}"])
        return self.step(line)

    def step(self, line: str) -> CommandOutcome:
        """Run one line; on a lab error the world is unchanged and the error is printed."""
        out = CommandOutcome(line)
        world = self.world
        try:
            with world.recording() as changes:
                language.run(self, _words(line), out)
            out.touched = tuple(changes.touched)
        except (LabError, ValueError) as error:
            out.stdout.clear()
            out.err(f"lab: {error}")
            out.exit_code = 2
        if self.world is not world:  # reset: every container of the old world is gone
            out.touched = tuple(world.containers)
        self.last = out
        return out

    def refuse(self, line: str, problem: str) -> CommandOutcome:
        """Return the outcome of a line that cannot be run (exit code 2, like a lab error)."""
        out = CommandOutcome(line, exit_code=2, stderr=[f"lab: {problem}"])
        self.last = out
        return out

    def run(self, line: str) -> dict[str, Any]:
        """Run one line and return the lab's JSON record of it."""
        return self.record(self.step(line))

    def record(self, out: CommandOutcome) -> dict[str, Any]:
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
