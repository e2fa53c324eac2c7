"""The simulated world: containers, the clock and what the last command did."""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

from studykit.runtime.config import ContainerConfig, PortBinding
from studykit.runtime.host import TYPICAL, HostProfile
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
    """Resource limits from `-m`, `--memory-swap`, `--pids-limit` and `--cpus` (0: no limit).

    `memory_swap` is memory plus swap, as HostConfig.MemorySwap: 0 when not set, -1 for
    unlimited swap; `-m M` alone sets it to 2M.
    """

    memory: int = 0
    pids: int = 0
    cpus: float = 0.0
    memory_swap: int = 0


LOG_LINES = 1000
"""Lines of output the lab keeps per container (the oldest go first)."""


_MISSING = object()
_ORDER = itertools.count()
"""Breaks ties between timers of one container due at the same moment."""


class Changes:
    """What a command changed, to undo it after a lab error and to report what it touched.

    While a command runs, every attribute written on the world or a container and every
    container added or removed is recorded with its old value: undoing costs what the
    command changed, not what the world holds (a copy of the world cost that on every line).
    """

    current: ClassVar[Changes | None] = None

    def __init__(self) -> None:
        self.undo: list[tuple[Any, str, object]] = []
        self.touched: dict[str, None] = {}
        """Names of the containers written, added or removed, in order."""

    def saw(self, target: Any, name: str, old: object) -> None:
        """Record an old value before it is replaced."""
        self.undo.append((target, name, old))

    def roll_back(self) -> None:
        """Restore every recorded value, newest first."""
        for target, name, old in reversed(self.undo):
            if isinstance(target, Containers):
                target.restore(name, old)
            elif old is _MISSING:
                object.__delattr__(target, name)
            else:
                setattr(target, name, old)


class _Recorded:
    """Attribute writes go into the current Changes (see `World.recording`)."""

    def __setattr__(self, name: str, value: object) -> None:
        changes = Changes.current
        # A field set for the first time is an object being built: undoing the command
        # drops the object itself (from the containers), so its fields need no record.
        if changes is not None and name in self.__dict__:
            changes.saw(self, name, self.__dict__[name])
            if isinstance(self, Container) and "name" in self.__dict__:
                changes.touched[self.__dict__["name"]] = None
        object.__setattr__(self, name, value)
        if name == "ends_at" and value is not None and "_world" in self.__dict__:
            self.__dict__["_world"].add_timer(self)


@dataclass
class Container(_Recorded):
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
    config: ContainerConfig = field(default_factory=ContainerConfig)
    log: tuple[tuple[str, str], ...] = ()
    """What the main process printed: (stream, line), stdout or stderr, oldest first."""
    published: tuple[PortBinding, ...] = ()
    """The ports published while it runs, with the host ports they got."""
    networks: tuple[str, ...] = ()
    """The networks it is attached to (its own network mode's, then `network connect`)."""
    execs: int = 0
    """Processes started in it by exec (they take the container's next PIDs)."""
    serial: int = 0
    """The order of creation: docker ps lists the newest first, whatever the names."""

    def write(self, stream: str, lines: tuple[str, ...] | list[str]) -> None:
        """Append lines of output to the container's log (bounded)."""
        if lines:
            self.log = (self.log + tuple((stream, line) for line in lines))[-LOG_LINES:]


class Containers(dict[str, Container]):
    """The world's containers by name; additions and removals are recorded too."""

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world

    def __setitem__(self, name: str, container: Container) -> None:
        self._record(name)
        self.restore(name, container)

    def __delitem__(self, name: str) -> None:
        self._record(name)
        super().__delitem__(name)

    def pop(self, name: str, *default: Any) -> Any:
        """Remove a container (recorded) and return it."""
        if name in self:
            self._record(name)
        return super().pop(name, *default)

    def _record(self, name: str) -> None:
        changes = Changes.current
        if changes is not None:
            changes.saw(self, name, self.get(name, _MISSING))
            changes.touched[name] = None

    def restore(self, name: str, container: object) -> None:
        """Put a container under a name (or none, for _MISSING) without recording it."""
        if container is _MISSING:
            super().pop(name, None)
            return
        assert isinstance(container, Container)
        super().__setitem__(name, container)
        world = self.__dict__.get("world")
        if world is None or "timers" not in world.__dict__:
            return  # being copied or unpickled: the world's own timers come with it
        object.__setattr__(container, "_world", world)
        if container.ends_at is not None:
            world.add_timer(container)


@dataclass
class World(_Recorded):
    """Everything the simulator knows; commands turn one world into the next."""

    engine: str
    dialect: str
    clock: float = 0.0
    containers: Containers = field(init=False)
    created: int = 0
    next_pid: int = 4242
    bundle: tuple[str, ...] = ("sleep", "1000")
    """The process args of the next runc bundle (the lab's `bundle` command sets them)."""
    host: HostProfile = TYPICAL
    images: dict[str, Any] = field(default_factory=dict)
    """Local images by reference (`nginx:latest`); replaced, never changed in place."""
    volumes: dict[str, Any] = field(default_factory=dict)
    networks: dict[str, Any] = field(default_factory=dict)
    next_host_port: int = 32768
    """The next host port `-p CONTAINER_PORT` takes (Docker's ephemeral range starts here)."""
    timers: list[tuple[float, str, int, Container]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )
    """When containers' processes end or back-offs run out, as a heap (stale entries too)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "containers", Containers(self))

    @contextmanager
    def recording(self) -> Iterator[Changes]:
        """Record what the block changes; undo all of it if the block raises."""
        changes, outer = Changes(), Changes.current
        Changes.current = changes
        try:
            yield changes
        except BaseException:
            Changes.current = None
            changes.roll_back()
            raise
        finally:
            Changes.current = outer

    def add_timer(self, c: Container) -> None:
        """Note when a container is next due (its `ends_at`)."""
        assert c.ends_at is not None
        heapq.heappush(self.timers, (c.ends_at, c.name, next(_ORDER), c))
        if len(self.timers) > 64 + 4 * len(self.containers):
            self._compact_timers()

    def _compact_timers(self) -> None:
        """Drop timers that no longer apply (each rebuild follows as many pushes: amortized)."""
        live = [entry for entry in self.timers if self._live(entry)]
        heapq.heapify(live)
        self.timers[:] = live

    def _live(self, entry: tuple[float, str, int, Container]) -> bool:
        due, _, _, c = entry
        return self.containers.get(c.name) is c and c.ends_at == due

    def next_due(self, until: float) -> Container | None:
        """Return the container due first, no later than `until`, taking it off the timers."""
        while self.timers and self.timers[0][0] <= until:
            entry = heapq.heappop(self.timers)
            if self._live(entry):
                return entry[3]
        return None

    def new_id(self, name: str) -> str:
        """Return a deterministic 64-hex container id."""
        self.created += 1
        return hashlib.sha256(f"{self.created}:{name}".encode()).hexdigest()

    def new_hex(self, kind: str) -> str:
        """Return a deterministic 64-hex id for a volume, network or endpoint."""
        self.created += 1
        return hashlib.sha256(f"{kind}:{self.created}".encode()).hexdigest()

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
