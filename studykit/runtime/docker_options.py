"""The options of `docker create` and `docker run`, read into a container's configuration."""

from __future__ import annotations

import re

from studykit.runtime.arguments import Arguments, parse_arguments, parse_size
from studykit.runtime.config import ContainerConfig, Mount, PortBinding
from studykit.runtime.outcome import LabError

CREATE_VALUES = {
    "--name": "name",
    "-m": "memory",
    "--memory": "memory",
    "--memory-swap": "memory_swap",
    "--pids-limit": "pids",
    "--cpus": "cpus",
    "--restart": "restart",
    "--network": "network",
    "--net": "network",
    "-e": "env",
    "--env": "env",
    "-p": "publish",
    "--publish": "publish",
    "-v": "volume",
    "--volume": "volume",
    "--mount": "mount",
    "--entrypoint": "entrypoint",
    "--cap-add": "cap_add",
    "--cap-drop": "cap_drop",
    "--security-opt": "security_opt",
    "-u": "user",
    "--user": "user",
    "-h": "hostname",
    "--hostname": "hostname",
    "--cgroupns": "cgroupns",
    "--pid": "pid",
    "--ipc": "ipc",
    "--uts": "uts",
    "--stop-signal": "stop_signal",
    "--stop-timeout": "stop_timeout",
    "-w": "workdir",
    "--workdir": "workdir",
}
CREATE_SWITCHES = {
    "-d": "detach",
    "--detach": "detach",
    "--rm": "rm",
    "-i": "interactive",
    "--interactive": "interactive",
    "-t": "tty",
    "--tty": "tty",
    "--init": "init",
    "-P": "publish_all",
    "--publish-all": "publish_all",
    "--privileged": "privileged",
}
REPEATED = frozenset(["env", "publish", "volume", "mount", "cap_add", "cap_drop", "security_opt"])
PUBLISH = re.compile(
    r"(?:(?:(?P<ip>[0-9.]+|\[[0-9a-f:]*\]):)?(?P<host>\d*):)?(?P<port>\d+)(?:/(?P<proto>tcp|udp|sctp))?\Z"
)


NOT_SIMULATED = frozenset(
    [
        "--add-host",
        "--attach",
        "-a",
        "--blkio-weight",
        "--cgroup-parent",
        "--cidfile",
        "--cpu-period",
        "--cpu-quota",
        "--cpu-shares",
        "-c",
        "--cpuset-cpus",
        "--cpuset-mems",
        "--device",
        "--dns",
        "--dns-option",
        "--dns-search",
        "--domainname",
        "--env-file",
        "--expose",
        "--gpus",
        "--group-add",
        "--health-cmd",
        "--health-interval",
        "--health-retries",
        "--health-timeout",
        "--ip",
        "--ip6",
        "--isolation",
        "--kernel-memory",
        "--label",
        "-l",
        "--label-file",
        "--link",
        "--log-driver",
        "--log-opt",
        "--mac-address",
        "--memory-reservation",
        "--memory-swappiness",
        "--no-healthcheck",
        "--oom-kill-disable",
        "--oom-score-adj",
        "--platform",
        "--pull",
        "--read-only",
        "--runtime",
        "--shm-size",
        "--sig-proxy",
        "--storage-opt",
        "--sysctl",
        "--tmpfs",
        "--ulimit",
        "--userns",
        "--volume-driver",
        "--volumes-from",
    ]
)
"""Options of docker run that exist but the lab does not simulate: refused as such."""


def parse_create(words: list[str]) -> Arguments:
    """Parse the words after `docker create` or `docker run`: options, IMAGE, COMMAND..."""
    takes_value = False
    for word in words:
        flag = word.partition("=")[0]
        if flag in NOT_SIMULATED:
            raise LabError(f"{flag} is a docker run option the lab does not simulate")
        if not takes_value and not word.startswith("-"):
            break  # the image: the rest is the container's command
        takes_value = word in CREATE_VALUES
    return parse_arguments(
        words, CREATE_VALUES, CREATE_SWITCHES, stop_at_operand=1, repeated=REPEATED
    )


def publish_spec(text: str) -> PortBinding:
    """Return a `-p [IP:][HOST:]PORT[/PROTO]` binding; a bad one is the client's error."""
    match = PUBLISH.match(text)
    if match is None or not 0 < int(match.group("port")) < 65536:
        raise OptionError(
            f'invalid argument "{text}" for "-p, --publish" flag: Invalid containerPort: {text}'
        )
    host = match.group("host")
    return PortBinding(
        int(match.group("port")),
        match.group("proto") or "tcp",
        (match.group("ip") or "").strip("[]"),
        int(host) if host else 0,
    )


def volume_spec(text: str) -> Mount:
    """Return a `-v SOURCE:DEST[:ro]` (or anonymous `-v DEST`) mount."""
    parts = text.split(":")
    read_only = len(parts) == 3 and parts[2] == "ro"
    if len(parts) == 1:
        return Mount("volume", "", parts[0], anonymous=True)
    if len(parts) not in (2, 3) or not parts[1].startswith("/"):
        raise OptionError(f"invalid spec: {text}: invalid volume specification")
    kind = "bind" if parts[0].startswith(("/", ".")) else "volume"
    return Mount(kind, parts[0], parts[1], read_only)


def mount_spec(text: str) -> Mount:
    """Return a `--mount type=volume|bind,source=S,target=T[,readonly]` mount."""
    fields: dict[str, str] = {}
    for item in text.split(","):
        key, eq, value = item.partition("=")
        fields[key.strip()] = value if eq else "true"
    kind = fields.get("type", "volume")
    target = fields.get("target") or fields.get("destination") or fields.get("dst", "")
    source = fields.get("source") or fields.get("src", "")
    if kind not in ("volume", "bind", "tmpfs"):
        raise OptionError(
            f'invalid argument "{text}" for "--mount" flag: unknown mount type "{kind}"'
        )
    if not target:
        raise OptionError(f'invalid argument "{text}" for "--mount" flag: target is required')
    read_only = fields.get("readonly", fields.get("ro", "false")) in ("true", "1")
    return Mount(kind, source, target, read_only, anonymous=kind == "volume" and not source)


class OptionError(LabError):
    """An option the docker client rejects before it asks the daemon (exit 125)."""


def memory_limits(args: Arguments) -> tuple[int, int]:
    """Return (memory, memory+swap) from -m and --memory-swap (-m M alone: swap 2M)."""
    memory = parse_size(args.flags["memory"]) if args.has("memory") else 0
    if args.has("memory_swap"):
        text = args.flags["memory_swap"]
        return memory, -1 if text == "-1" else parse_size(text)
    return memory, 2 * memory if memory else 0


def build_config(args: Arguments, image: str, image_config: ContainerConfig) -> ContainerConfig:
    """Return the container configuration from the options and the image's defaults."""
    flags = args.flags
    entrypoint = (
        tuple(flags["entrypoint"].split()) if args.has("entrypoint") else image_config.entrypoint
    )
    cmd = tuple(args.operands[1:]) or (() if args.has("entrypoint") else image_config.cmd)
    return ContainerConfig(
        image=image,
        image_id=image_config.image_id,
        entrypoint=entrypoint,
        cmd=cmd,
        env=image_config.env + tuple(args.all("env")),
        exposed=_exposed(image_config.exposed, args),
        ports=tuple(publish_spec(p) for p in args.all("publish")),
        publish_all=args.has("publish_all"),
        mounts=tuple(volume_spec(v) for v in args.all("volume"))
        + tuple(mount_spec(m) for m in args.all("mount")),
        network_mode=flags.get("network", "default"),
        init=args.has("init"),
        hostname=flags.get("hostname", ""),
        user=flags.get("user", ""),
        cap_add=tuple(args.all("cap_add")),
        cap_drop=tuple(args.all("cap_drop")),
        privileged=args.has("privileged"),
        security_opt=tuple(args.all("security_opt")),
        cgroupns=flags.get("cgroupns", ""),
        pid_mode=flags.get("pid", ""),
        ipc_mode=flags.get("ipc", ""),
        uts_mode=flags.get("uts", ""),
        stop_signal=flags.get("stop_signal", image_config.stop_signal),
        stop_timeout=float(flags["stop_timeout"]) if args.has("stop_timeout") else None,
        interactive=args.has("interactive"),
        tty=args.has("tty"),
    )


def _exposed(image_ports: tuple[str, ...], args: Arguments) -> tuple[str, ...]:
    """Return the exposed ports: the image's, and every published one."""
    published = [publish_spec(p).key for p in args.all("publish")]
    return tuple(dict.fromkeys([*image_ports, *published]))
