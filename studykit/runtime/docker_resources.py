"""Volumes, networks and published ports of the simulated engine; `docker container prune`.

Predefined networks: bridge (the default), host and none, as a daemon with a bridge has
them. A volume outlives its container; an anonymous one (an image's VOLUME, `-v /path`)
goes with a container removed by --rm or `rm -v`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from studykit.runtime.arguments import parse_arguments
from studykit.runtime.config import ContainerConfig, Mount, PortBinding
from studykit.runtime.docker_listing import table
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.world import Container, World

if TYPE_CHECKING:
    from studykit.runtime.docker_cli import DockerCli

DAEMON = "Error response from daemon: "
PREDEFINED = {"bridge": "bridge", "host": "host", "none": "null"}
DATA_ROOT = "/var/lib/docker"
RUNNING = ("running", "paused", "restarting")


@dataclass(frozen=True)
class Volume:
    """A volume the engine manages."""

    name: str
    created_at: float
    anonymous: bool = False


@dataclass(frozen=True)
class Network:
    """A network: name, id and driver (bridge, host, null)."""

    name: str
    id: str
    driver: str = "bridge"


def networks_of(world: World) -> dict[str, Network]:
    """Return the world's networks, creating the predefined ones on first use."""
    if not world.networks:
        world.networks = {
            name: Network(name, world.new_hex(f"network:{name}"), driver)
            for name, driver in PREDEFINED.items()
        }
    networks: dict[str, Network] = world.networks
    return networks


# -- at create and start ------------------------------------------------------------------


def host_network_warning(config: ContainerConfig, out: CommandOutcome) -> None:
    """Print the client's warning that --network host discards published ports."""
    if config.network == "host" and config.ports:
        out.err("WARNING: Published ports are discarded when using host network mode")


def missing_network(
    cli: DockerCli, c: Container, out: CommandOutcome
) -> tuple[int, str, str] | None:
    """Return the start failure of a container whose network does not exist (checked at start)."""
    gone = [n for n in (c.networks or (c.config.network,)) if n not in networks_of(cli.world)]
    if not gone:
        return None
    return 128, "docker-networks", f"network {gone[0]} not found"


def attach_mounts(cli: DockerCli, c: Container, out: CommandOutcome) -> None:
    """Create the volumes a new container names, and anonymous ones for the image's VOLUMEs."""
    from studykit.runtime.docker_images import image_of

    image = image_of(cli.world, c, cli.model)
    mounts = list(c.config.mounts)
    covered = {m.destination for m in mounts}
    mounts += [
        Mount("volume", "", d, anonymous=True)
        for d in (image.volumes if image else ())
        if d not in covered
    ]
    named = []
    for mount in mounts:
        if mount.type == "volume":
            name = mount.source or cli.world.new_hex("volume")
            if name not in cli.world.volumes:
                volume = Volume(name, cli.world.clock, mount.anonymous)
                cli.world.volumes = {**cli.world.volumes, name: volume}
            mount = replace(mount, source=name)
            out.note("docker-volumes", f"{c.name} mounts volume {name[:12]} at {mount.destination}")
        named.append(mount)
    c.config = replace(c.config, mounts=tuple(named))
    c.networks = (c.config.network,)


def publish_ports(cli: DockerCli, c: Container, out: CommandOutcome) -> tuple[int, str, str] | None:
    """Give the container's published ports their host ports, or say which one is taken."""
    wanted = list(c.config.ports)
    if c.config.publish_all:
        keys = {b.key for b in wanted}
        wanted += [
            PortBinding(int(p.split("/")[0]), p.split("/")[1])
            for p in c.config.exposed
            if p not in keys
        ]
    if c.config.network in ("host", "none") or not wanted:
        c.published = ()
        return None
    taken = {
        (b.proto, b.host_port)
        for other in cli.world.containers.values()
        if other is not c and other.state in RUNNING
        for b in other.published
    }
    given = []
    for binding in wanted:
        port = binding.host_port or _free_port(cli.world, taken, binding.proto)
        if (binding.proto, port) in taken:
            endpoint = cli.world.new_hex("endpoint")
            address = f"{binding.host_ip or '0.0.0.0'}:{port}"
            text = (
                f"driver failed programming external connectivity on endpoint {c.name} "
                f"({endpoint}): Bind for {address} failed: port is already allocated"
            )
            return 128, "docker-ports", text
        taken.add((binding.proto, port))
        given.append(replace(binding, host_port=port))
    c.published = tuple(given)
    out.note("docker-ports", ", ".join(f"{b.key} on host port {b.host_port}" for b in given))
    return None


def _free_port(world: World, taken: set[tuple[str, int]], proto: str) -> int:
    """Return the next free host port of Docker's ephemeral range."""
    port = world.next_host_port
    while (proto, port) in taken:
        port += 1
    world.next_host_port = port + 1
    return port


def release(world: World, c: Container, anonymous_too: bool) -> None:
    """Forget a removed container's anonymous volumes when asked (--rm, rm -v)."""
    if not anonymous_too:
        return
    gone = {m.source for m in c.config.mounts if m.type == "volume" and m.anonymous}
    world.volumes = {k: v for k, v in world.volumes.items() if k not in gone}


def mounts_data(c: Container) -> list[dict[str, Any]]:
    """Return `.Mounts` of docker inspect."""
    found: list[dict[str, Any]] = []
    for m in c.config.mounts:
        if m.type == "volume":
            found.append({
                "Type": "volume", "Name": m.source, "Source": f"{DATA_ROOT}/volumes/{m.source}/_data",
                "Destination": m.destination, "Driver": "local", "Mode": "z", "RW": not m.read_only,
                "Propagation": "",
            })  # fmt: skip
        else:
            found.append({
                "Type": m.type, "Source": m.source, "Destination": m.destination, "Mode": "",
                "RW": not m.read_only, "Propagation": "rprivate",
            })  # fmt: skip
    return found


def network_settings(c: Container) -> dict[str, Any]:
    """Return `.NetworkSettings` of docker inspect: published ports and networks."""
    ports: dict[str, Any] = {}
    if c.state in RUNNING:
        for key in c.config.exposed:
            ports[key] = None
        for b in c.published:
            entries = (
                [{"HostIp": b.host_ip, "HostPort": str(b.host_port)}]
                if b.host_ip
                else [
                    {"HostIp": "0.0.0.0", "HostPort": str(b.host_port)},
                    {"HostIp": "::", "HostPort": str(b.host_port)},
                ]
            )
            ports[b.key] = (ports.get(b.key) or []) + entries
    return {"Ports": ports, "Networks": {name: {"Aliases": None} for name in c.networks}}


# -- docker volume ----------------------------------------------------------------------


def volume(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker volume create|ls|rm|inspect|prune."""
    if not words:
        raise LabError("docker volume needs a subcommand: create, ls, rm, inspect, prune")
    handler = VOLUME_COMMANDS.get(words[0])
    if handler is None:
        raise LabError(
            f"docker volume {words[0]}: not supported in the lab (create, ls, rm, inspect, prune)"
        )
    handler(cli, words[1:], out)


def _volume_create(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(words, {"--name": "name", "-d": "driver", "--driver": "driver"}, {})
    name = args.flags.get("name") or (
        args.operands[0] if args.operands else cli.world.new_hex("volume")
    )
    if name not in cli.world.volumes:
        cli.world.volumes = {**cli.world.volumes, name: Volume(name, cli.world.clock)}
    out.note("docker-volumes", f"volume {name[:12]} exists")
    out.out(name)


def _volume_ls(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(
        words, {"--filter": "filter", "-f": "filter", "--format": "format"}, {"-q": "quiet"}
    )
    names = sorted(cli.world.volumes)
    out.note("docker-volumes", f"{len(names)} volume(s)")
    if args.has("quiet"):
        out.stdout += names
        return
    out.stdout += table([["DRIVER", "VOLUME NAME"], *(["local", n] for n in names)])


def _users(world: World, name: str) -> list[Container]:
    return [
        c
        for c in world.containers.values()
        if any(m.type == "volume" and m.source == name for m in c.config.mounts)
    ]


def _volume_rm(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(words, {}, {"-f": "force", "--force": "force"})
    if not args.operands:
        raise LabError("docker volume rm requires at least 1 argument")
    for name in args.operands:
        users = _users(cli.world, name)
        if name not in cli.world.volumes:
            out.err(f"Error: No such volume: {name}")
            out.exit_code = 1
        elif users:
            out.note("docker-volumes", f"{users[0].name} uses volume {name}")
            out.err(f"{DAEMON}remove {name}: volume is in use - [{', '.join(c.id for c in users)}]")
            out.exit_code = 1
        else:
            cli.world.volumes = {k: v for k, v in cli.world.volumes.items() if k != name}
            out.note("docker-volumes", f"volume {name} removed")
            out.out(name)


def _volume_inspect(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    from studykit.runtime.docker_listing import _timestamp

    found: list[dict[str, Any]] = []
    for name in words:
        v = cli.world.volumes.get(name)
        if v is None:
            out.err(f"Error: No such volume: {name}")
            out.exit_code = 1
            continue
        found.append({
            "CreatedAt": _timestamp(v.created_at).replace(" +0000 UTC", "Z").replace(" ", "T"),
            "Driver": "local", "Labels": None if v.anonymous else {},
            "Mountpoint": f"{DATA_ROOT}/volumes/{name}/_data", "Name": name, "Options": None if v.anonymous else {},
            "Scope": "local",
        })  # fmt: skip
    out.stdout += json.dumps(found, indent=4).splitlines()


def _volume_prune(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(
        words,
        {"--filter": "filter"},
        {"-f": "force", "--force": "force", "-a": "all", "--all": "all"},
    )
    _need_force(args.has("force"), "volume prune")
    only_anonymous = cli.world.dialect != "docker-20.10" and not args.has("all")
    gone = [
        name for name, v in sorted(cli.world.volumes.items())
        if not _users(cli.world, name) and (v.anonymous or not only_anonymous)
    ]  # fmt: skip
    cli.world.volumes = {k: v for k, v in cli.world.volumes.items() if k not in gone}
    out.note("docker-volumes", f"{len(gone)} unused volume(s) removed")
    _pruned(out, "Volumes", gone)


VOLUME_COMMANDS = {
    "create": _volume_create,
    "ls": _volume_ls,
    "list": _volume_ls,
    "rm": _volume_rm,
    "remove": _volume_rm,
    "inspect": _volume_inspect,
    "prune": _volume_prune,
}


# -- docker network ---------------------------------------------------------------------


def network(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker network create|ls|rm|connect|disconnect|inspect|prune."""
    if not words:
        raise LabError(
            "docker network needs a subcommand: create, ls, rm, connect, disconnect, inspect, prune"
        )
    handler = NETWORK_COMMANDS.get(words[0])
    if handler is None:
        raise LabError(
            f"docker network {words[0]}: not supported in the lab (create, ls, rm, connect, disconnect, inspect, prune)"
        )
    networks_of(cli.world)
    handler(cli, words[1:], out)


def _network_create(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(
        words,
        {"-d": "driver", "--driver": "driver", "--subnet": "subnet"},
        {"--internal": "internal"},
    )
    if len(args.operands) != 1:
        raise LabError("docker network create requires exactly 1 argument")
    name, driver = args.operands[0], args.flags.get("driver", "bridge")
    if name in cli.world.networks:
        out.err(f"{DAEMON}network with name {name} already exists")
        out.exit_code = 1
        return
    if driver != "bridge":
        out.err(
            f'{DAEMON}plugin "{driver}" not found'
            if driver not in ("host", "null", "overlay", "macvlan", "ipvlan")
            else f"{DAEMON}the lab's engine creates bridge networks only"
        )
        out.exit_code = 1
        return
    created = Network(name, cli.world.new_hex(f"network:{name}"))
    cli.world.networks = {**cli.world.networks, name: created}
    out.note("docker-networks", f"network {name} created (bridge)")
    out.out(created.id)


def _network_ls(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(
        words,
        {"--filter": "filter", "-f": "filter", "--format": "format"},
        {"-q": "quiet", "--no-trunc": "no_trunc"},
    )
    listed = sorted(cli.world.networks.values(), key=lambda n: n.name)
    out.note("docker-networks", f"{len(listed)} network(s)")
    if args.has("quiet"):
        out.stdout += [n.id[:12] for n in listed]
        return
    rows = [["NETWORK ID", "NAME", "DRIVER", "SCOPE"]]
    rows += [[n.id[:12], n.name, n.driver, "local"] for n in listed]
    out.stdout += table(rows)


def _network_rm(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    if not words:
        raise LabError("docker network rm requires at least 1 argument")
    for name in words:
        found = cli.world.networks.get(name)
        active = [
            c for c in cli.world.containers.values() if c.state in RUNNING and name in c.networks
        ]
        if found is None:
            out.err(f"Error: No such network: {name}")
        elif name in PREDEFINED:
            out.err(f"{DAEMON}{name} is a pre-defined network and cannot be removed")
        elif active:
            out.err(
                f"{DAEMON}error while removing network: network {name} id {found.id} has active endpoints"
            )
        else:
            cli.world.networks = {k: v for k, v in cli.world.networks.items() if k != name}
            out.note("docker-networks", f"network {name} removed")
            out.out(name)
            continue
        out.note("docker-networks", f"network {name} stays")
        out.exit_code = 1


def _network_connect(
    cli: DockerCli, words: list[str], out: CommandOutcome, connect: bool = True
) -> None:
    verb = "connect" if connect else "disconnect"
    args = parse_arguments(
        words, {"--ip": "ip", "--alias": "alias"}, {"-f": "force", "--force": "force"}
    )
    if len(args.operands) != 2:
        raise LabError(f"docker network {verb} requires exactly 2 arguments")
    name, ref = args.operands
    c = cli.world.find(ref)
    if name not in cli.world.networks:
        problem = f"network {name} not found"
    elif c is None:
        problem = f"No such container: {ref}"
    elif connect and c.config.network in ("host", "none"):
        mode = "host" if c.config.network == "host" else "private (none)"
        problem = (
            "container cannot be disconnected from host network or connected to host network"
            if mode == "host" else "container cannot be connected to multiple networks with one of the networks in private (none) mode"
        )  # fmt: skip
    elif connect and name in c.networks:
        problem = f"endpoint with name {c.name} already exists in network {name}"
    elif not connect and name not in c.networks:
        problem = f"container {c.id} is not connected to network {name}"
    else:
        c.networks = (*c.networks, name) if connect else tuple(n for n in c.networks if n != name)
        out.note("docker-networks", f"{c.name} {verb}ed {'to' if connect else 'from'} {name}")
        return
    out.note("docker-networks", problem)
    out.err(DAEMON + problem)
    out.exit_code = 1


def _network_disconnect(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    _network_connect(cli, words, out, connect=False)


def _network_inspect(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    found = []
    for name in words:
        n = cli.world.networks.get(name)
        if n is None:
            out.err(f"Error: No such network: {name}")
            out.exit_code = 1
            continue
        members = {
            c.id: {"Name": c.name}
            for c in cli.world.containers.values()
            if c.state in RUNNING and name in c.networks
        }
        found.append(
            {
                "Name": n.name,
                "Id": n.id,
                "Scope": "local",
                "Driver": n.driver,
                "Containers": members,
            }
        )
    out.stdout += json.dumps(found, indent=4).splitlines()


def _network_prune(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    args = parse_arguments(words, {"--filter": "filter"}, {"-f": "force", "--force": "force"})
    _need_force(args.has("force"), "network prune")
    used = {n for c in cli.world.containers.values() for n in c.networks}
    gone = [n for n in sorted(cli.world.networks) if n not in PREDEFINED and n not in used]
    cli.world.networks = {k: v for k, v in cli.world.networks.items() if k not in gone}
    out.note("docker-networks", f"{len(gone)} unused network(s) removed")
    if gone:
        out.stdout += ["Deleted Networks:", *gone]


NETWORK_COMMANDS = {
    "create": _network_create,
    "ls": _network_ls,
    "list": _network_ls,
    "rm": _network_rm,
    "remove": _network_rm,
    "connect": _network_connect,
    "disconnect": _network_disconnect,
    "inspect": _network_inspect,
    "prune": _network_prune,
}


# -- docker container prune -----------------------------------------------------------------


def _need_force(force: bool, command: str) -> None:
    if not force:
        raise LabError(
            f"docker {command} asks 'Are you sure you want to continue? [y/N]'; "
            "the lab cannot answer: add -f"
        )


def _pruned(out: CommandOutcome, what: str, gone: list[str]) -> None:
    if gone:
        out.stdout += [f"Deleted {what}:", *gone, ""]
    out.out("Total reclaimed space: 0B")


def prune(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker container prune -f: remove every stopped container."""
    args = parse_arguments(words, {"--filter": "filter"}, {"-f": "force", "--force": "force"})
    _need_force(args.has("force"), "container prune")
    gone = [
        c
        for c in sorted(cli.world.containers.values(), key=lambda c: c.serial)
        if c.state in ("created", "exited", "dead")
    ]
    for c in gone:
        del cli.world.containers[c.name]
    out.note("docker-prune", f"{len(gone)} stopped container(s) removed")
    _pruned(out, "Containers", [c.id for c in gone])


HANDLERS = {"volume": volume, "network": network, "prune": prune}
