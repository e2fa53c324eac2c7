"""Read a live container's kernel view from /proc and the cgroup files, as the lab shows it.

Namespaces: a container's /proc/PID/ns links against the engine's own (dockerd's, or the
process that runs runc). Capabilities, seccomp and no_new_privs: /proc/PID/status.
Limits: the files of the container's cgroup (the paths in /proc/PID/cgroup). PID 1:
/proc/PID/cmdline. Mounts: /proc/PID/mountinfo, without the cgroup controllers and the
masked /proc and /sys paths. The record has the keys of the lab's `kernel` object that
a live process can show (`studykit.runtime.kernel.kernel_record`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from studykit.model.kernel import NAMESPACE_TYPES

CGROUP_ROOT = Path("/sys/fs/cgroup")
V1_UNLIMITED_FROM = 2**62
"""A v1 memory limit at least this large is `unlimited` (the kernel stores PAGE_COUNTER_MAX)."""
HIDDEN_MOUNTS = ("/sys/fs/cgroup/", "/proc/", "/sys/firmware")


def namespaces(pid: int, host_pid: int) -> dict[str, str]:
    """Return namespace type -> `new` or `host`, comparing the links with the host process's."""
    found = {}
    for kind in NAMESPACE_TYPES:
        mine = os.readlink(f"/proc/{pid}/ns/{kind}")
        host = os.readlink(f"/proc/{host_pid}/ns/{kind}")
        found[kind] = "host" if mine == host else "new"
    return found


def status(pid: int, capability_names: tuple[str, ...]) -> dict[str, Any]:
    """Return effective capabilities, seccomp mode and no_new_privs from /proc/PID/status."""
    fields = dict(
        line.split(":\t", 1)
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if ":\t" in line
    )
    mask = int(fields["CapEff"].strip(), 16)
    caps = [name for bit, name in enumerate(capability_names) if mask >> bit & 1]
    return {
        "capabilities": caps,
        "seccomp": {"0": "disabled", "2": "filter"}.get(
            fields["Seccomp"].strip(), fields["Seccomp"].strip()
        ),
        "no_new_privs": fields["NoNewPrivs"].strip() == "1",
    }


def cgroup_paths(pid: int) -> dict[str, str]:
    """Return each v1 controller's (or the v2 `unified`) path of a process."""
    paths = {}
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else ["unified"]:
            paths[controller] = path
    return paths


def _read(path: Path) -> str:
    return path.read_text().strip()


def limits(pid: int) -> dict[str, int | None]:
    """Return the limits from the cgroup files (None: unlimited), v1 or v2."""
    paths = cgroup_paths(pid)
    if "memory" in paths:  # cgroup v1
        memory = CGROUP_ROOT / "memory" / paths["memory"].lstrip("/")
        quota = int(_read(CGROUP_ROOT / "cpu" / paths["cpu"].lstrip("/") / "cpu.cfs_quota_us"))
        pids = _read(CGROUP_ROOT / "pids" / paths["pids"].lstrip("/") / "pids.max")
        return {
            "memory_max_bytes": _v1_bytes(_read(memory / "memory.limit_in_bytes")),
            "memory_swap_max_bytes": _v1_bytes(_read(memory / "memory.memsw.limit_in_bytes")),
            "pids_max": None if pids == "max" else int(pids),
            "cpu_quota": None if quota < 0 else quota,
        }
    group = CGROUP_ROOT / paths["unified"].lstrip("/")
    memory_text, swap_text = _read(group / "memory.max"), _read(group / "memory.swap.max")
    quota_text = _read(group / "cpu.max").split()[0]
    limit = None if memory_text == "max" else int(memory_text)
    pids = _read(group / "pids.max")
    return {
        "memory_max_bytes": limit,
        "memory_swap_max_bytes": None
        if swap_text == "max" or limit is None
        else limit + int(swap_text),
        "pids_max": None if pids == "max" else int(pids),
        "cpu_quota": None if quota_text == "max" else int(quota_text),
    }


def _v1_bytes(text: str) -> int | None:
    value = int(text)
    return None if value >= V1_UNLIMITED_FROM else value


def mounts(pid: int) -> tuple[list[str], str]:
    """Return the mount points (without cgroup controllers and masked paths) and the driver."""
    points, driver = [], ""
    for line in Path(f"/proc/{pid}/mountinfo").read_text().splitlines():
        fields = line.split()
        point, root = fields[4], fields[3]
        if point == "/":
            driver = "overlay2" if line.split(" - ")[1].startswith("overlay") else (
                "vfs" if "/vfs/dir/" in root else "bundle"
            )  # fmt: skip
        if not point.startswith(HIDDEN_MOUNTS):
            points.append(point)
    return points, driver


def proc_record(pid: int, host_pid: int, capability_names: tuple[str, ...]) -> dict[str, Any]:
    """Return the kernel record of a live process (kernel_compare's `COMPARED` keys and limits)."""
    points, driver = mounts(pid)
    command = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
    return {
        "namespaces": namespaces(pid, host_pid),
        **status(pid, capability_names),
        "cgroup": limits(pid),
        "pid1": " ".join(part.decode(errors="replace") for part in command),
        "mounts": sorted(points),
        "storage_driver": driver,
    }
