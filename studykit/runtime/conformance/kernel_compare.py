"""Compare the lab's kernel view with a live process's (read by studykit.runtime.conformance.live_kernel)."""

from __future__ import annotations

from typing import Any

COMPARED = (
    "namespaces",
    "capabilities",
    "seccomp",
    "no_new_privs",
    "pid1",
    "mounts",
    "storage_driver",
)
LIMITS = ("memory_max_bytes", "memory_swap_max_bytes", "pids_max", "cpu_quota")


def model_subset(record: dict[str, Any]) -> dict[str, Any]:
    """Return the same keys from the lab's `kernel` object, for comparison."""
    root = record["rootfs"]
    return {
        "namespaces": record["namespaces"],
        "capabilities": record["capabilities"],
        "seccomp": record["seccomp"],
        "no_new_privs": record["no_new_privs"],
        "cgroup": {key: record["cgroup"][key] for key in LIMITS},
        "pid1": record["pid1"],
        "mounts": sorted(root["mounts"]),
        "storage_driver": root.get("storage_driver") or "bundle",
    }


def differences(model: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """Return one line per kernel item where the model and /proc disagree."""
    problems = []
    for key in (*COMPARED, "cgroup"):
        if model.get(key) != live.get(key):
            problems.append(f"kernel {key}: model {model.get(key)}, live {live.get(key)}")
    return problems


def items(model: dict[str, Any], live: dict[str, Any]) -> list[tuple[str, bool]]:
    """Return each kernel item compared, finest first-level grain, and whether it agrees.

    Namespaces per type (`ns pid`), limits per cgroup value (`cgroup pids_max`),
    capabilities, seccomp and no_new_privs as single items, then PID 1, mounts and driver.
    """
    found = []
    for key in (*COMPARED, "cgroup"):
        mine, real = model.get(key), live.get(key)
        if key in ("namespaces", "cgroup") and isinstance(mine, dict) and isinstance(real, dict):
            prefix = "ns" if key == "namespaces" else "cgroup"
            found += [(f"{prefix} {k}", mine.get(k) == real.get(k)) for k in sorted(mine)]
        elif key in model or key in live:
            found.append((key, mine == real))
    return found
