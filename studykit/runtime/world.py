"""The simulated world: containers, the clock and what the last command did."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from studykit.runtime.program import Program

ADJECTIVES = (
    "brave",
    "calm",
    "eager",
    "gentle",
    "happy",
    "jolly",
    "keen",
    "lucid",
    "merry",
    "quirky",
)
SCIENTISTS = ("turing", "hopper", "lovelace", "ritchie", "thompson", "torvalds", "liskov", "knuth")


@dataclass(frozen=True)
class RestartPolicy:
    """A Docker restart policy: name (no, on-failure, always, unless-stopped) and retry limit."""

    name: str = "no"
    maximum: int = 0

    @classmethod
    def parse(cls, text: str) -> RestartPolicy:
        """Parse `--restart` values such as `on-failure:3`."""
        name, _, count = text.partition(":")
        return cls(name, int(count) if count.isdigit() else 0)


@dataclass(frozen=True)
class Limits:
    """Resource limits from `-m`, `--pids-limit` and `--cpus` (0: no limit)."""

    memory: int = 0
    pids: int = 0
    cpus: float = 0.0


@dataclass
class Container:
    """One container of the simulated engine."""

    name: str
    id: str
    state: str
    program: Program
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    limits: Limits = field(default_factory=Limits)
    auto_remove: bool = False
    image: str = "bb"
    created_at: float = 0.0
    exit_code: int = 0
    oom_killed: bool = False
    restart_count: int = 0
    started_at: float | None = None
    finished_at: float | None = None
    ends_at: float | None = None
    """When the running process exits by itself, or when a restart back-off ends."""
    remaining: float | None = None
    """Run time left while paused (the clock does not run for a frozen process)."""
    backoff: float = 0.0
    manually_stopped: bool = False
    paused_from: str = ""
    pending_signal: str = ""
    pid: int = 0


@dataclass
class World:
    """Everything the simulator knows; commands turn one world into the next."""

    engine: str
    dialect: str
    clock: float = 0.0
    containers: dict[str, Container] = field(default_factory=dict)
    created: int = 0
    next_pid: int = 4242
    bundle: tuple[str, ...] = ("sleep", "1000")
    """The process args of the next runc bundle (the lab's `bundle` command sets them)."""

    def new_id(self, name: str) -> str:
        """Return a deterministic 64-hex container id."""
        self.created += 1
        return hashlib.sha256(f"{self.created}:{name}".encode()).hexdigest()

    def new_name(self) -> str:
        """Return a generated name such as `brave_turing`, like Docker's."""
        n = self.created
        return f"{ADJECTIVES[n % len(ADJECTIVES)]}_{SCIENTISTS[n // len(ADJECTIVES) % len(SCIENTISTS)]}"

    def find(self, ref: str) -> Container | None:
        """Return the container with this name, or whose id starts with `ref`."""
        if ref in self.containers:
            return self.containers[ref]
        if len(ref) >= 3:
            matches = [c for c in self.containers.values() if c.id.startswith(ref)]
            if len(matches) == 1:
                return matches[0]
        return None
