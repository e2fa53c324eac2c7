"""The kernel view: what makes a container a container, item by item, each with its rule.

For one container: which namespaces are new and which the host's, its cgroup and the
files that hold its limits (cgroup v1 or v2, as the host runs), PID 1 and how it takes
signals, its effective capabilities, seccomp and no_new_privs, and its root filesystem
(storage driver, layers, mounts). `kernel_record` is the `kernel` object of `--json`;
`kernel_lines` the text; `KernelItem.rule` ties each item to the model's rule for explain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studykit.model.kernel import NAMESPACE_TYPES, KernelProfile
from studykit.model.runtime import RuntimeModel
from studykit.runtime.program import KEEPS_RUNNING, SIGNAL_NAMES
from studykit.runtime.world import Container, World

PRIVILEGED_LAST = "CAP_AUDIT_READ"
"""Docker 20.10's --privileged and --cap-add ALL give every capability up to this one."""
V1_UNLIMITED = 9223372036854771712
"""What memory.limit_in_bytes reads without a limit (LONG_MAX rounded down to a page)."""
PERIOD = 100000
SHOWN_SIGNALS = (15, 2, 3, 1, 9)


@dataclass(frozen=True)
class KernelItem:
    """One line of the kernel view and the rule that explains it."""

    key: str
    text: str
    rule: str


def _profile(model: RuntimeModel, engine: str) -> KernelProfile:
    profile = model.kernel.profile(engine)
    if profile is None:
        raise ValueError(f"the runtime model has no kernel profile for {engine}")
    return profile


def capabilities(model: RuntimeModel, world: World, c: Container) -> list[str]:
    """Return the container's effective capabilities, in the kernel's order."""
    known = list(model.kernel.capabilities)
    if not known or model.kernel.profile(world.engine) is None:
        return []
    profile = _profile(model, world.engine)
    config = c.config
    everything = known[: known.index(PRIVILEGED_LAST) + 1] if PRIVILEGED_LAST in known else known
    if config.privileged:
        chosen = set(everything)
    else:
        chosen = set(profile.capabilities)
        drops = {_cap(name) for name in config.cap_drop}
        adds = {_cap(name) for name in config.cap_add}
        chosen = set() if "CAP_ALL" in drops else chosen - drops
        chosen |= set(everything) if "CAP_ALL" in adds else adds
    if config.user and config.user.split(":")[0] not in ("0", "root") and not config.privileged:
        return []  # a non-root user keeps the bounding set but no effective capabilities
    return [name for name in known if name in chosen]


def _cap(name: str) -> str:
    upper = name.upper()
    return upper if upper.startswith("CAP_") else f"CAP_{upper}"


def namespaces(model: RuntimeModel, world: World, c: Container) -> dict[str, str]:
    """Return namespace type -> `new` or `host`."""
    profile = _profile(model, world.engine)
    version = world.host.cgroup_version
    found = {kind: profile.namespace(kind, version) for kind in NAMESPACE_TYPES}
    if world.engine == "docker":
        config = c.config
        modes = {"pid": config.pid_mode, "ipc": config.ipc_mode, "uts": config.uts_mode}
        for kind, mode in modes.items():
            if mode == "host":
                found[kind] = "host"
        if config.network == "host":
            found["net"] = "host"
        if config.cgroupns:
            found["cgroup"] = "new" if config.cgroupns == "private" else "host"
    return found


def seccomp(model: RuntimeModel, world: World, c: Container) -> str:
    """Return `filter` or `disabled`."""
    config = c.config
    if world.engine == "docker" and (
        config.privileged or "seccomp=unconfined" in config.security_opt
    ):
        return "disabled"
    return _profile(model, world.engine).seccomp


def no_new_privs(model: RuntimeModel, world: World, c: Container) -> bool:
    """Return whether no_new_privs is set."""
    if any(opt in ("no-new-privileges", "no-new-privileges:true") for opt in c.config.security_opt):
        return True
    return _profile(model, world.engine).no_new_privs


def cgroup(world: World, c: Container) -> dict[str, Any]:
    """Return the cgroup: version, path, limits (null: unlimited) and the files that hold them."""
    version = world.host.cgroup_version
    path = world.host.cgroup_path(world.engine, c.id)
    limits = c.limits
    swap = limits.memory_swap if limits.memory_swap > 0 else None
    quota = int(round(limits.cpus * PERIOD)) if limits.cpus else None
    record: dict[str, Any] = {
        "version": version,
        "path": path,
        "memory_max_bytes": limits.memory or None,
        "memory_swap_max_bytes": swap,
        "pids_max": limits.pids or None,
        "cpu_quota": quota,
        "cpu_period": PERIOD,
        "frozen": c.state == "paused",
    }
    record["files"] = _v1_files(path, record) if version == "v1" else _v2_files(path, record)
    return record


def _v1_files(path: str, r: dict[str, Any]) -> dict[str, str]:
    """Return each v1 file and what it reads."""
    root = "/sys/fs/cgroup"
    return {
        f"{root}/memory{path}/memory.limit_in_bytes": str(r["memory_max_bytes"] or V1_UNLIMITED),
        f"{root}/memory{path}/memory.memsw.limit_in_bytes": str(
            r["memory_swap_max_bytes"] or V1_UNLIMITED
        ),
        f"{root}/pids{path}/pids.max": str(r["pids_max"] or "max"),
        f"{root}/cpu{path}/cpu.cfs_quota_us": str(r["cpu_quota"] or -1),
        f"{root}/cpu{path}/cpu.cfs_period_us": str(PERIOD),
        f"{root}/freezer{path}/freezer.state": "FROZEN" if r["frozen"] else "THAWED",
    }


def _v2_files(path: str, r: dict[str, Any]) -> dict[str, str]:
    """Return each v2 file and what it reads (memory.swap.max is the swap alone)."""
    root = "/sys/fs/cgroup"
    memory, swap = r["memory_max_bytes"], r["memory_swap_max_bytes"]
    swap_only = str(swap - memory) if swap and memory else "max"
    return {
        f"{root}{path}/memory.max": str(memory or "max"),
        f"{root}{path}/memory.swap.max": swap_only,
        f"{root}{path}/pids.max": str(r["pids_max"] or "max"),
        f"{root}{path}/cpu.max": f"{r['cpu_quota'] or 'max'} {PERIOD}",
        f"{root}{path}/cgroup.freeze": "1" if r["frozen"] else "0",
    }


def pid1(c: Container, engine: str = "docker") -> str:
    """Return PID 1's command line (docker-init's with --init; runc init until runc start).

    A container without a process (Docker's created, exited or restarting ones, runc's
    stopped ones) shows what PID 1 will run, in parentheses.
    """
    waiting = c.state == "created" or (c.state == "paused" and c.paused_from == "created")
    if engine == "runc" and waiting:
        return "runc init"  # it waits on the exec fifo until runc start
    main = " ".join(c.program.process_argv)
    main = f"/sbin/docker-init -- {main}" if c.config.init else main
    return main if c.state in ("running", "paused") else f"({main}: not running)"


def pid1_signals(c: Container) -> dict[str, str]:
    """Return how PID 1 takes TERM, INT, QUIT, HUP and KILL from outside its namespace."""
    found = {}
    for number in SHOWN_SIGNALS:
        name = SIGNAL_NAMES[number]
        code = c.program.exit_on(number)
        if number == 9:
            found[name] = "always delivered: exits 137"
        elif c.config.init:
            found[name] = "forwarded by tini to its child" + (
                f", which exits {code}" if code not in (None, KEEPS_RUNNING) else
                ", which goes on" if code == KEEPS_RUNNING else f", which dies: exits {128 + number}"
            )  # fmt: skip
        elif code is None:
            found[name] = "ignored: PID 1 has no handler"
        elif code == KEEPS_RUNNING:
            found[name] = "handled: goes on"
        else:
            found[name] = f"handled: exits {code}"
    return found


def rootfs(model: RuntimeModel, world: World, c: Container) -> dict[str, Any]:
    """Return the root filesystem: storage driver, layers (overlay2) or directory, mounts."""
    from studykit.runtime.docker_images import image_of
    from studykit.runtime.images import layer_ids

    profile = _profile(model, world.engine)
    init = ["/sbin/docker-init"] if c.config.init else []  # --init bind-mounts the binary
    mounts = ["/", *profile.mounts, *init, *(m.destination for m in c.config.mounts)]
    if world.engine == "runc":
        return {"storage_driver": None, "root": f"/lab/{c.id}/rootfs", "mounts": mounts}
    driver = world.host.storage_driver
    image = image_of(world, c, model)
    layers = layer_ids(image) if image else []
    base = f"/var/lib/docker/{driver}"
    if driver == "overlay2":
        return {
            "storage_driver": driver,
            "lower": [f"{base}/{layer}/diff" for layer in reversed(layers)],
            "upper": f"{base}/{c.id[:25]}/diff",
            "merged": f"{base}/{c.id[:25]}/merged",
            "mounts": mounts,
        }
    return {"storage_driver": driver, "root": f"{base}/dir/{c.id}", "mounts": mounts}


def kernel_record(model: RuntimeModel, world: World, c: Container) -> dict[str, Any]:
    """Return the `kernel` object of a container's --json record."""
    return {
        "namespaces": namespaces(model, world, c),
        "capabilities": capabilities(model, world, c),
        "seccomp": seccomp(model, world, c),
        "no_new_privs": no_new_privs(model, world, c),
        "cgroup": cgroup(world, c),
        "pid1": pid1(c, world.engine),
        "pid1_signals": pid1_signals(c),
        "rootfs": rootfs(model, world, c),
    }


def kernel_items(
    model: RuntimeModel, world: World, c: Container, record: dict[str, Any]
) -> list[KernelItem]:
    """Return the view as lines, each with the rule that explains it."""
    docker = world.engine == "docker"
    return [
        *_namespace_items(record["namespaces"], docker, world.host.cgroup_version),
        *_cgroup_items(record["cgroup"]),
        *_pid1_items(record, c),
        *_security_items(record, docker, c.config.privileged),
        *_rootfs_items(record["rootfs"], docker),
    ]


def _namespace_items(ns: dict[str, str], docker: bool, version: str) -> list[KernelItem]:
    new = ", ".join(k for k in NAMESPACE_TYPES if ns[k] == "new") or "none"
    shared = ", ".join(k for k in NAMESPACE_TYPES if ns[k] == "host") or "none"
    rule = "docker-namespaces" if docker else "runc-namespaces"
    return [
        KernelItem("namespaces", f"new: {new}; the host's: {shared}", rule),
        KernelItem("cgroup namespace", f"{ns['cgroup']} (cgroup {version})", "cgroup-namespace"),
    ]


def _cgroup_items(group: dict[str, Any]) -> list[KernelItem]:
    version = group["version"]
    rule = "cgroup-files" if version == "v1" else "cgroup-v2-files"
    items = [KernelItem("cgroup", f"{group['path']} (cgroup {version})", rule)]
    for path, value in group["files"].items():
        short = short_file(path, group["path"])
        items.append(KernelItem("cgroup file", f"{short} = {value}", _file_rule(path, version)))
    return items


def _pid1_items(record: dict[str, Any], c: Container) -> list[KernelItem]:
    if c.config.init:
        rule = "docker-init"
    elif record["pid1"] == "runc init":
        rule = "runc-init-pid"
    else:
        rule = "pid1-signals"
    items = [KernelItem("pid 1", record["pid1"], rule)]
    signal_rule = "docker-init" if c.config.init else "pid1-signals"
    items += [
        KernelItem("signal", f"{name}: {how}", signal_rule)
        for name, how in record["pid1_signals"].items()
    ]
    return items


def _security_items(record: dict[str, Any], docker: bool, privileged: bool) -> list[KernelItem]:
    caps = record["capabilities"]
    shown = " ".join(name.removeprefix("CAP_") for name in caps) or "none"
    if docker:
        cap_rule, rule = (
            ("docker-privileged" if privileged else "docker-capabilities"),
            "docker-seccomp",
        )
    else:
        cap_rule = rule = "runc-capabilities"
    return [
        KernelItem("capabilities", f"{len(caps)}: {shown}", cap_rule),
        KernelItem("seccomp", record["seccomp"], rule),
        KernelItem("no_new_privs", str(record["no_new_privs"]).lower(), rule),
    ]


def _rootfs_items(root: dict[str, Any], docker: bool) -> list[KernelItem]:
    driver = root.get("storage_driver")
    if driver == "overlay2":
        text, rule = (
            f"overlay2: lower {len(root['lower'])} image layer(s), upper {root['upper']}",
            "rootfs-overlay2",
        )
    elif driver:
        text, rule = f"{driver}: {root['root']} bind-mounted at /", "rootfs-vfs"
    else:
        text, rule = f"the bundle's {root['root']}", "oci-lifecycle"
    mounts_rule = "container-mounts" if docker else "runc-namespaces"
    return [
        KernelItem("rootfs", text, rule),
        KernelItem("mounts", " ".join(root["mounts"]), mounts_rule),
    ]


def short_file(path: str, cgroup_path: str) -> str:
    """Return a cgroup file as `controller/file` (v1) or `file` (v2)."""
    head, _, tail = path.removeprefix("/sys/fs/cgroup").partition(cgroup_path)
    return f"{head.strip('/')}/{tail.strip('/')}".lstrip("/")


def _file_rule(path: str, version: str) -> str:
    for marker, rule in (
        ("memsw", "memory-swap"),
        ("swap", "memory-swap"),
        ("pids", "pids-file"),
        ("cpu", "cpu-quota"),
    ):
        if marker in path.rsplit("/", 1)[-1]:
            return rule
    return "cgroup-files" if version == "v1" else "cgroup-v2-files"


def kernel_lines(items: list[KernelItem]) -> list[str]:
    """Return the text of the kernel view."""
    width = max(len(item.key) for item in items)
    return [f"{item.key.ljust(width)}  {item.text}" for item in items]
