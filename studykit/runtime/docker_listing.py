"""Simulated docker commands that read containers: ps, inspect, logs, top, stats, port.

And the two that change a container without changing its state: rename and update.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from studykit.runtime.arguments import Arguments, parse_arguments, parse_size
from studykit.runtime.go_template import TemplateError, fields, render
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.world import Container, RestartPolicy, World

if TYPE_CHECKING:
    from studykit.runtime.docker_cli import DockerCli

DAEMON = "Error response from daemon: "
PS_COLUMNS = ("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES")
VALID_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+\Z")
STATES = ("created", "restarting", "running", "removing", "paused", "exited", "dead")
HEADERS = {
    "ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
    "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS",
    "Size": "SIZE", "Names": "NAMES", "Labels": "LABELS", "Mounts": "MOUNTS",
    "Networks": "NETWORKS", "LocalVolumes": "LOCAL VOLUMES",
}  # fmt: skip
USAGE = {"server": 7_700_000}
"""Nominal memory use (the lab does not measure): a server, else a busybox process."""


def table(rows: list[list[str]]) -> list[str]:
    """Return rows as the docker CLI's tabwriter pads them: 3 spaces, at least 10 wide."""
    if not rows:
        return []
    count = len(rows[0])
    widths = [max(10, *(len(row[i]) + 3 for row in rows)) for i in range(count - 1)]
    return [
        "".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + row[-1]
        for row in rows
    ]


def age(seconds: float) -> str:
    """Return a duration the way docker writes ages (go-units HumanDuration)."""
    minutes, hours = int(seconds // 60), int(seconds // 3600)
    if seconds < 1:
        return "Less than a second"
    if seconds < 60:
        return f"{int(seconds)} second{'s' if int(seconds) != 1 else ''}"
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    if hours == 1:
        return "About an hour"
    for limit, unit, size in ((48, "hours", 1), (336, "days", 24), (1440, "weeks", 168)):
        if hours < limit:
            return f"{hours // size} {unit}"
    if hours < 24 * 365 * 2:
        return f"{hours // 720} months"
    return f"{hours // 8760} years"


def bytes_size(count: float) -> str:
    """Return a size as go-units BytesSize writes it (binary units, 4 significant digits)."""
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    index = 0
    while count >= 1024 and index < len(units) - 1:
        count, index = count / 1024, index + 1
    return f"{count:.4g}{units[index]}"


def status(c: Container, world: World) -> str:
    """Return the STATUS column as `docker ps` writes it."""
    reference = c.finished_at if c.state in ("exited", "restarting") else c.started_at
    ago = age(world.clock - (reference if reference is not None else world.clock))
    return {
        "running": f"Up {ago}",
        "paused": f"Up {ago} (Paused)",
        "restarting": f"Restarting ({c.exit_code}) {ago} ago",
        "exited": f"Exited ({c.exit_code}) {ago} ago",
        "created": "Created",
        "dead": "Dead",
        "removing": "Removal In Progress",
    }[c.state]


def ports_column(c: Container, dialect: str) -> str:
    """Return the PORTS column: published ports while running, else the exposed ones."""
    six = ":::" if dialect == "docker-20.10" else "[::]:"
    shown = []
    for b in c.published:
        if b.host_ip:
            shown.append(f"{b.host_ip}:{b.host_port}->{b.key}")
        else:
            shown += [f"0.0.0.0:{b.host_port}->{b.key}", f"{six}{b.host_port}->{b.key}"]
    if c.state in ("running", "paused", "restarting") and not c.published:
        shown = list(c.config.exposed) if c.config.network_mode != "none" else []
    return ", ".join(shown)


def command_column(c: Container) -> str:
    """Return the COMMAND column: the command quoted, cut at 20 characters."""
    command = shlex.join(c.config.argv or c.program.argv)
    shown = command if len(command) <= 20 else command[:19] + "…"
    return json.dumps(shown, ensure_ascii=False)  # strconv.Quote, as the CLI does


def ps_fields(c: Container, world: World, dialect: str) -> dict[str, Any]:
    """Return the fields a --format template can use for one container."""
    created = _timestamp(c.created_at)
    return {
        "ID": c.id[:12], "Image": c.image, "Command": command_column(c),
        "CreatedAt": created, "RunningFor": f"{age(world.clock - c.created_at)} ago",
        "Ports": ports_column(c, dialect), "State": c.state, "Status": status(c, world),
        "Size": "0B (virtual 0B)", "Names": c.name, "Labels": "",
        "Mounts": ",".join(m.source or m.destination for m in c.config.mounts),
        "Networks": ",".join(c.networks) or c.config.network,
        "LocalVolumes": str(sum(1 for m in c.config.mounts if m.type == "volume")),
    }  # fmt: skip


def _timestamp(seconds: float) -> str:
    from datetime import timedelta

    from studykit.runtime.process_output import EPOCH

    return (EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _filters(values: list[str], out: CommandOutcome) -> dict[str, list[str]] | None:
    """Return the --filter values by key, or print the daemon's refusal of a bad one."""
    found: dict[str, list[str]] = {}
    for text in values:
        key, eq, value = text.partition("=")
        if key not in ("status", "name", "id", "ancestor", "exited", "network", "volume"):
            out.err(f"{DAEMON}Invalid filter '{key}'")
            out.exit_code = 1
            return None
        if key == "status" and value not in STATES:
            out.err(f"{DAEMON}Invalid filter 'status={value}'")
            out.exit_code = 1
            return None
        found.setdefault(key, []).append(value)
    return found


def _kept(c: Container, filters: dict[str, list[str]]) -> bool:
    """Return whether a container passes every filter key (values of one key are ORed)."""
    tests: dict[str, Callable[[str], bool]] = {
        "status": lambda v: c.state == v,
        "name": lambda v: re.search(v, c.name) is not None,
        "id": lambda v: c.id.startswith(v),
        "ancestor": lambda v: c.image.split(":")[0] == v.split(":")[0],
        "exited": lambda v: c.state == "exited" and str(c.exit_code) == v,
        "network": lambda v: v in (c.networks or (c.config.network,)),
        "volume": lambda v: any(m.source == v or m.destination == v for m in c.config.mounts),
    }
    return all(any(tests[key](v) for v in values) for key, values in filters.items())


PS_VALUES = {"--format": "format", "--filter": "filter", "-f": "filter", "-n": "last"}
PS_SWITCHES = {
    "-a": "all", "--all": "all", "-q": "quiet", "--quiet": "quiet", "--no-trunc": "no_trunc",
    "-l": "latest",
}  # fmt: skip
PS_CELLS = ("ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names")


def _listed(cli: DockerCli, args: Arguments, filters: dict[str, list[str]]) -> list[Container]:
    """Return the containers docker ps shows, newest first."""
    show_all = args.has("all") or bool(filters.get("status")) or args.has("latest")
    listed = sorted(cli.world.containers.values(), key=lambda c: -c.serial)
    rows = [
        c
        for c in listed
        if (show_all or c.state in ("running", "paused", "restarting")) and _kept(c, filters)
    ]
    return rows[:1] if args.has("latest") else rows


def ps(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker ps [-a] [-q] [--filter K=V] [--format T]: the table of containers."""
    args = parse_arguments(words, PS_VALUES, PS_SWITCHES, repeated=frozenset(["filter"]))
    filters = _filters(args.all("filter"), out)
    if filters is None:
        return
    rows = _listed(cli, args, filters)
    if filters:
        passed = ", ".join(args.all("filter"))
        out.note("docker-ps-filter", f"{len(rows)} container(s) pass {passed}")
    if args.has("quiet"):
        out.stdout += [c.id if args.has("no_trunc") else c.id[:12] for c in rows]
    elif args.has("format"):
        _formatted(cli, rows, args.flags["format"], out)
    else:
        cells = [[ps_fields(c, cli.world, cli.world.dialect)[k] for k in PS_CELLS] for c in rows]
        out.stdout += table([list(PS_COLUMNS), *cells])


def _formatted(cli: DockerCli, rows: list[Container], template: str, out: CommandOutcome) -> None:
    """Print containers through a --format template (`table ...` keeps a header)."""
    out.note("docker-ps-format", f"the template {template!r}")
    if template == "json" and cli.world.dialect == "docker-20.10":
        out.stdout += ["json"] * len(rows)  # the 20.10 client knows no json shorthand
        return
    if template == "json":
        template = "{{json .}}"
    as_table = template.startswith("table")
    body = template.removeprefix("table").strip() if as_table else template
    try:
        lines = [render(body, ps_fields(c, cli.world, cli.world.dialect)) for c in rows]
    except TemplateError as error:
        out.err(f"failed to execute template: {error}")
        out.exit_code = 1
        return
    if not as_table:
        out.stdout += lines
        return
    header = render(body, {name: HEADERS.get(name, name.upper()) for name in fields(body)})
    out.stdout += table([line.split("\t") for line in [header, *lines]])


def inspect_data(c: Container, world: World) -> dict[str, Any]:
    """Return what `docker inspect` shows of a container (the fields the lab models)."""
    from studykit.runtime.docker_resources import mounts_data, network_settings

    argv = c.config.argv or c.program.argv
    return {
        "Id": c.id,
        "Created": _timestamp(c.created_at),
        "Path": argv[0] if argv else "",
        "Args": list(argv[1:]),
        "State": _state_data(c),
        "Image": c.config.image_id,
        "Name": f"/{c.name}",
        "RestartCount": c.restart_count,
        "HostConfig": _host_config(c, world),
        "Mounts": mounts_data(c),
        "Config": _config_data(c),
        "NetworkSettings": network_settings(c),
    }


def _state_data(c: Container) -> dict[str, Any]:
    return {
        "Status": c.state,
        "Running": c.state in ("running", "paused", "restarting"),
        "Paused": c.state == "paused",
        "Restarting": c.state == "restarting",
        "OOMKilled": c.oom_killed,
        "Dead": c.state == "dead",
        "Pid": c.pid,
        "ExitCode": c.exit_code,
    }


def _host_config(c: Container, world: World) -> dict[str, Any]:
    config, limits = c.config, c.limits
    default_cgroupns = "host" if world.host.cgroup_version == "v1" else "private"
    return {
        "NetworkMode": config.network_mode,
        "PortBindings": _port_bindings(c),
        "RestartPolicy": {"Name": c.policy.name, "MaximumRetryCount": c.policy.maximum},
        "AutoRemove": c.auto_remove,
        "CapAdd": list(config.cap_add) or None,
        "CapDrop": list(config.cap_drop) or None,
        "CgroupnsMode": config.cgroupns or default_cgroupns,
        "Privileged": config.privileged,
        "SecurityOpt": list(config.security_opt) or None,
        "Memory": limits.memory,
        "MemorySwap": limits.memory_swap,
        "NanoCpus": int(round(limits.cpus * 1e9)),
        "PidsLimit": limits.pids or None,
        "Init": config.init or None,
    }


def _config_data(c: Container) -> dict[str, Any]:
    config = c.config
    return {
        "Hostname": config.hostname or c.id[:12],
        "User": config.user,
        "ExposedPorts": {port: {} for port in config.exposed} or None,
        "Tty": config.tty,
        "OpenStdin": config.interactive,
        "Env": list(config.env) or None,
        "Cmd": list(config.cmd) or None,
        "Image": c.image,
        "Entrypoint": list(config.entrypoint) or None,
        "StopSignal": config.stop_signal or None,
    }


def _port_bindings(c: Container) -> dict[str, list[dict[str, str]]]:
    bindings: dict[str, list[dict[str, str]]] = {}
    for b in c.config.ports:
        bindings.setdefault(b.key, []).append(
            {"HostIp": b.host_ip, "HostPort": str(b.host_port) if b.host_port else ""}
        )
    return bindings


def inspect(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker inspect [-f FORMAT]: the container's state and configuration."""
    args = parse_arguments(
        words, {"-f": "format", "--format": "format", "--type": "type"}, {"-s": "size"}
    )
    found = []
    for name in args.operands:
        c, transition = cli.lookup("inspect", name, out)
        if c is not None and transition is not None:
            found.append(c)
    data = [inspect_data(c, cli.world) for c in found]
    if "format" in args.flags:
        try:
            out.stdout += [render(args.flags["format"], d, "*types.ContainerJSON") for d in data]
        except TemplateError as error:
            out.err(f"Template parsing error: {error}")
            out.exit_code = 1
    else:  # an empty JSON list too, when nothing matched
        out.stdout += json.dumps(data, indent=4).splitlines()
    if len(found) < len(args.operands):
        out.exit_code = 1


def logs(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker logs [--tail N] CONTAINER: what the main process printed, per stream."""
    args = parse_arguments(
        words, {"--tail": "tail", "-n": "tail", "--since": "since"},
        {"-f": "follow", "--follow": "follow", "-t": "timestamps", "--timestamps": "timestamps"},
    )  # fmt: skip
    if len(args.operands) != 1:
        raise LabError("docker logs requires exactly 1 argument")
    c, transition = cli.lookup("logs", args.operands[0], out)
    if c is None or transition is None:
        return
    if args.has("follow") and c.state in ("running", "paused", "restarting"):
        raise LabError(
            "docker logs -f follows a running container until you press Ctrl-C; "
            "the lab shows what is there: drop -f"
        )
    lines = list(c.log)
    tail = args.flags.get("tail", "all")
    if tail != "all":
        if not tail.isdigit():
            raise LabError(f"--tail needs a number of lines or all, not '{tail}'")
        lines = lines[-int(tail) :] if int(tail) else []
    for stream, line in lines:
        (out.stdout if stream == "stdout" else out.stderr).append(line)


def top(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker top CONTAINER: its processes as the host sees them."""
    if len(words) < 1:
        raise LabError("docker top requires at least 1 argument")
    c, transition = cli.lookup("top", words[0], out)
    if c is None or transition is None:
        return
    from studykit.runtime.process_output import EPOCH

    started = (EPOCH.timestamp() + (c.started_at or 0)) % 86400
    stime = f"{int(started // 3600):02d}:{int(started % 3600 // 60):02d}"
    main = " ".join(c.program.process_argv)
    rows = [("root", c.pid, c.pid - 21, f"/sbin/docker-init -- {main}")] if c.config.init else []
    rows.append(
        ("root", c.pid + (25 if c.config.init else 0), c.pid if c.config.init else c.pid - 21, main)
    )
    header = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    lines = [header] + [
        [u, str(p), str(pp), "0", stime, "?", "00:00:00", cmd] for u, p, pp, cmd in rows
    ]
    out.stdout += ["".join(cell.ljust(20) for cell in row[:-1]) + row[-1] for row in lines]


STATS_HEADER = [
    "CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS",
]  # fmt: skip


def _sampled(cli: DockerCli, args: Arguments, out: CommandOutcome) -> list[Container] | None:
    """Return the named containers (None after printing a missing one), else the running ones."""
    if args.operands:
        chosen = []
        for name in args.operands:
            c, transition = cli.lookup("stats", name, out)
            if c is None or transition is None:
                return None
            chosen.append(c)
        return chosen
    running = ("running", "paused", "restarting")
    every = [c for c in cli.world.containers.values() if args.has("all") or c.state in running]
    out.note("docker-stats", f"{len(every)} container(s) sampled")
    return sorted(every, key=lambda c: -c.serial)


def stats(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker stats --no-stream [CONTAINER...]: one sample per container."""
    switches = {"--no-stream": "no_stream", "-a": "all", "--all": "all", "--no-trunc": "no_trunc"}
    args = parse_arguments(words, {"--format": "format"}, switches)
    if not args.has("no_stream"):
        raise LabError(
            "docker stats refreshes its table until you press Ctrl-C; the lab takes one sample: "
            "add --no-stream"
        )
    chosen = _sampled(cli, args, out)
    if chosen is not None:
        out.stdout += table([STATS_HEADER, *(_stats_row(c, cli.world) for c in chosen)])


def _stats_row(c: Container, world: World) -> list[str]:
    """Return one row of docker stats: the lab's nominal use against the real limit."""
    if c.state not in ("running", "paused"):  # no process: a restarting one waits its back-off
        return [c.id[:12], c.name, "0.00%", "0B / 0B", "0.00%", "0B / 0B", "0B / 0B", "0"]
    limit = c.limits.memory or world.host.memory_bytes
    used = USAGE["server"] if c.program.rule == "image-programs" else 300 * 1024
    processes = 2 if c.config.init else 1
    return [
        c.id[:12], c.name, "0.00%", f"{bytes_size(used)} / {bytes_size(limit)}",
        f"{100 * used / limit:.2f}%", "0B / 0B", "0B / 0B", str(processes),
    ]  # fmt: skip


def port(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker port CONTAINER [PORT[/PROTO]]: the host addresses of its published ports."""
    if not 1 <= len(words) <= 2:
        raise LabError("docker port requires at least 1 and at most 2 arguments")
    c, transition = cli.lookup("port", words[0], out)
    if c is None or transition is None:
        return
    six = ":::" if cli.world.dialect == "docker-20.10" else "[::]:"
    published = sorted(c.published, key=lambda b: (b.port, b.proto))
    if len(words) == 2:
        wanted = words[1] if "/" in words[1] else f"{words[1]}/tcp"
        chosen = [b for b in published if b.key == wanted]
        if not chosen:
            out.err(f"Error: No public port '{wanted}' published for {c.name}")
            out.exit_code = 1
            return
        for b in chosen:
            out.stdout += (
                [f"{b.host_ip}:{b.host_port}"]
                if b.host_ip
                else [f"0.0.0.0:{b.host_port}", f"{six}{b.host_port}"]
            )
        return
    for b in published:
        addresses = (
            [f"{b.host_ip}:{b.host_port}"]
            if b.host_ip
            else [f"0.0.0.0:{b.host_port}", f"{six}{b.host_port}"]
        )
        out.stdout += [f"{b.key} -> {address}" for address in addresses]


def rename(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker rename CONTAINER NEW_NAME."""
    if len(words) != 2:
        raise LabError("docker rename requires exactly 2 arguments")
    old, new = words
    c, transition = cli.lookup("rename", old, out)
    why = ""
    if c is None or transition is None:
        why = "missing"
    elif new == c.name:
        why = "Renaming a container with the same name as its current name"
    elif c.state == "restarting":  # 20.10 renames the network endpoint too; it has none now
        out.note("docker-rename", f"{c.name} is restarting: its network sandbox is gone")
        why = cli.message("rename-no-sandbox", None, cli.world.new_hex("sandbox"))
    elif not VALID_NAME.match(new):
        why = "Error when allocating new name: " + cli.message("invalid-name", None, f"/{new}")
    elif new in cli.world.containers:
        why = "Error when allocating new name: " + cli.message(
            "name-conflict", cli.world.containers[new], new
        )
    if why:
        if why != "missing":
            out.err(DAEMON + why)
        out.err(f"Error: failed to rename container named {old}")
        out.exit_code = 1
        return
    assert c is not None
    del cli.world.containers[c.name]
    c.name = new
    cli.world.containers[new] = c


def update(cli: DockerCli, words: list[str], out: CommandOutcome) -> None:
    """docker update [--restart P] [-m M] [--memory-swap S] [--cpus C] [--pids-limit N]."""
    args = parse_arguments(
        words,
        {"--restart": "restart", "-m": "memory", "--memory": "memory", "--memory-swap": "memory_swap",
         "--cpus": "cpus", "--pids-limit": "pids"},
        {},
    )  # fmt: skip
    if not args.flags:
        out.err("you must provide one or more flags when using this command")
        out.exit_code = 1
        return
    if not args.operands:
        raise LabError("docker update requires at least 1 argument")
    problem = _update_problem(cli, args)
    if problem:
        out.note("docker-update", problem)
        out.err(DAEMON + problem)
        out.exit_code = 1
        return

    def act(c: Container, t: object) -> bool:
        refusal = _refused_update(cli, c, args)
        if refusal:
            out.note("docker-update", refusal)
            out.err(f"{DAEMON}Cannot update container {c.id}: {refusal}")
            return False
        _apply_update(c, args)
        return True

    cli.each("update", args, out, act)


def _update_problem(cli: DockerCli, args: Any) -> str:
    """Return why the daemon refuses the options whatever the container (or '')."""
    if args.has("memory") and 0 < parse_size(args.flags["memory"]) < 6 * 2**20:
        return cli.message("min-memory", None, "")
    if args.has("cpus") and float(args.flags["cpus"]) > cli.world.host.cpus:
        cpus = cli.world.host.cpus
        return f"Range of CPUs is from 0.01 to {cpus:.2f}, as there are only {cpus} CPUs available"
    if args.has("restart"):
        name = RestartPolicy.parse(args.flags["restart"]).name
        if name not in ("no", "on-failure", "always", "unless-stopped"):
            return f"invalid restart policy '{name}'"
    return ""


def _refused_update(cli: DockerCli, c: Container, args: Any) -> str:
    """Return why this container's update is refused (Docker 20.10's rules), or ''."""
    if args.has("restart") and c.auto_remove and args.flags["restart"] != "no":
        return "Restart policy cannot be updated because AutoRemove is enabled for the container"
    memory = parse_size(args.flags["memory"]) if args.has("memory") else 0
    if memory and not args.has("memory_swap") and memory > c.limits.memory_swap:
        return (
            "Memory limit should be smaller than already set memoryswap limit, "
            "update the memoryswap at the same time"
        )
    return ""


def _apply_update(c: Container, args: Any) -> None:
    """Change the container's policy and limits as the options say."""
    from dataclasses import replace

    limits = c.limits
    if args.has("memory"):
        limits = replace(limits, memory=parse_size(args.flags["memory"]))
    if args.has("memory_swap"):
        text = args.flags["memory_swap"]
        limits = replace(limits, memory_swap=-1 if text == "-1" else parse_size(text))
    if args.has("cpus"):
        limits = replace(limits, cpus=float(args.flags["cpus"]))
    if args.has("pids"):
        limits = replace(limits, pids=int(args.flags["pids"]))
    c.limits = limits
    if args.has("restart"):
        c.policy = RestartPolicy.parse(args.flags["restart"])


HANDLERS = {
    "ps": ps,
    "ls": ps,
    "list": ps,
    "inspect": inspect,
    "logs": logs,
    "top": top,
    "stats": stats,
    "port": port,
    "rename": rename,
    "update": update,
}
