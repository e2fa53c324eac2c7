"""The runtime model's kernel facts: what an engine gives a container by default."""

from __future__ import annotations

from dataclasses import dataclass, field

from studykit.model.deck import Location

NAMESPACE_TYPES = ("pid", "net", "mnt", "uts", "ipc", "user", "cgroup")
"""The namespaces the kernel view reports, in the order `lsns` and the issue list them."""
CGROUP_VERSIONS = ("v1", "v2")
CGROUP_LIMITS = ("memory", "memory_swap", "pids", "cpu", "freezer")
"""Limits whose file the kernel view names; `cpu` is cfs_quota_us/cfs_period_us or cpu.max."""
SECCOMP_MODES = ("filter", "disabled")


@dataclass(frozen=True)
class KernelProfile:
    """An engine's defaults for a new container: capabilities, namespaces, seccomp, mounts."""

    engine: str
    rule: str
    capabilities: tuple[str, ...]
    seccomp: str
    no_new_privs: bool
    namespaces: tuple[tuple[str, str], ...]
    """Namespace type -> `new` or `host`, except cgroup (see `cgroup_namespace`)."""
    cgroup_namespace: tuple[tuple[str, str], ...]
    """cgroup version -> `new` or `host`: the default differs between v1 and v2."""
    mounts: tuple[str, ...] = ()
    location: Location = field(default_factory=Location, compare=False)

    def namespace(self, kind: str, cgroup_version: str) -> str:
        """Return `new` or `host` for a namespace type under a cgroup version."""
        if kind == "cgroup":
            return dict(self.cgroup_namespace).get(cgroup_version, "host")
        return dict(self.namespaces).get(kind, "host")


@dataclass(frozen=True)
class CgroupFile:
    """The file that holds one limit under one cgroup version, relative to the hierarchy."""

    version: str
    limit: str
    path: str
    rule: str


@dataclass(frozen=True)
class KernelFacts:
    """Every capability by number, the engines' default profiles, and the cgroup files."""

    capabilities: tuple[str, ...] = ()
    profiles: tuple[KernelProfile, ...] = ()
    cgroup_files: tuple[CgroupFile, ...] = ()

    def profile(self, engine: str) -> KernelProfile | None:
        """Return the default profile of an engine, if the model has one."""
        return next((p for p in self.profiles if p.engine == engine), None)

    def cgroup_file(self, version: str, limit: str) -> CgroupFile | None:
        """Return the file of a limit under a cgroup version, if the model names one."""
        return next(
            (f for f in self.cgroup_files if f.version == version and f.limit == limit), None
        )
