"""A container's configuration, as `docker create` and `run` set it and `inspect` shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PortBinding:
    """A published port: container port and protocol, host address and port (0: any free)."""

    port: int
    proto: str = "tcp"
    host_ip: str = ""
    host_port: int = 0

    @property
    def key(self) -> str:
        """Return the port as Docker keys it: `80/tcp`."""
        return f"{self.port}/{self.proto}"


@dataclass(frozen=True)
class Mount:
    """A volume or a bind mount: its source (volume name or host path) and destination."""

    type: str
    source: str
    destination: str
    read_only: bool = False
    anonymous: bool = False
    """A volume the image's VOLUME asked for: named by a random id, removed with --rm."""


@dataclass(frozen=True)
class ContainerConfig:
    """What a container was created with; `docker update` and `rename` change only a few."""

    image: str = "bb"
    """The image as the user named it (docker ps's IMAGE column)."""
    image_id: str = ""
    entrypoint: tuple[str, ...] = ()
    cmd: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    exposed: tuple[str, ...] = ()
    ports: tuple[PortBinding, ...] = ()
    publish_all: bool = False
    mounts: tuple[Mount, ...] = ()
    network_mode: str = "default"
    """As HostConfig.NetworkMode: default (the bridge), bridge, host, none, or a network name."""
    init: bool = False
    hostname: str = ""
    user: str = ""
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    privileged: bool = False
    security_opt: tuple[str, ...] = ()
    cgroupns: str = ""
    """`private`, `host`, or empty for the engine's default (which follows the cgroup version)."""
    pid_mode: str = ""
    ipc_mode: str = ""
    uts_mode: str = ""
    stop_signal: str = ""
    stop_timeout: float | None = None
    interactive: bool = False
    tty: bool = False

    @property
    def argv(self) -> tuple[str, ...]:
        """Return the command the container runs: Entrypoint then Cmd."""
        return self.entrypoint + self.cmd

    @property
    def network(self) -> str:
        """Return the network the container joined at creation (the bridge by default)."""
        return "bridge" if self.network_mode == "default" else self.network_mode
