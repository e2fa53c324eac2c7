"""The runtime model's image catalogue and its table of simulated programs."""

from __future__ import annotations

from dataclasses import dataclass, field

from studykit.model.deck import Location

BEHAVIOURS = (
    "sleep",
    "shell",
    "exit",
    "echo",
    "cat",
    "tail",
    "forever",
    "print",
    "env",
    "hostname",
    "ps",
    "init",
    "entrypoint",
    "server",
    "interpreter",
    "opaque",
)
"""What a simulated program can do; `studykit.runtime.program` implements each one."""


@dataclass(frozen=True)
class ProgramDef:
    """One program the lab simulates: what it does, what it prints, how it takes signals.

    `signals` maps a signal name (TERM, INT, QUIT, HUP...) to the exit code the program
    ends with when it receives it; as PID 1 it ignores every other signal but KILL.
    An `entrypoint` runs the rest of its command line (`exec "$@"`), first printing its
    lines when that command is one of `wraps`, and failing with `fail_exit` and
    `fail_stderr` when none of `requires_env` is set (`VAR` or `VAR=value`).
    """

    id: str
    path: str
    behaviour: str
    description: str
    rule: str
    exit_code: int = 0
    """The code it exits with when it ends by itself."""
    stdout: tuple[str, ...] = ()
    stderr: tuple[str, ...] = ()
    signals: tuple[tuple[str, int], ...] = ()
    wraps: tuple[str, ...] = ()
    requires_env: tuple[str, ...] = ()
    fail_exit: int = 1
    fail_stderr: tuple[str, ...] = ()
    location: Location = field(default_factory=Location, compare=False)

    @property
    def name(self) -> str:
        """Return the file name the program has in an image (`nginx`, `docker-entrypoint.sh`)."""
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class BaseDef:
    """A family of images that ship the same everyday programs (busybox, Debian...)."""

    id: str
    programs: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class ImageDef:
    """An image of the catalogue, with the configuration its real counterpart declares.

    `source` states where Entrypoint, Cmd and Env come from; `local` images are in the
    engine from the start (the lab's `bb`, imported as the live tests import it) and are
    not in the simulated registry.
    """

    id: str
    tags: tuple[str, ...]
    description: str
    source: str
    base: str
    version: str = ""
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    exposed_ports: tuple[str, ...] = ()
    stop_signal: str = ""
    volumes: tuple[str, ...] = ()
    workdir: str = ""
    size: str = ""
    layers: int = 1
    created: str = ""
    programs: tuple[str, ...] = ()
    local: bool = False
    location: Location = field(default_factory=Location, compare=False)
