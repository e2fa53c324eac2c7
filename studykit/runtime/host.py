"""The simulated host: what the machine under the engine is like (cgroups, storage, CPUs).

A learner's lab simulates a typical current host: cgroup v2, the overlay2 storage
driver, 4 CPUs and 8 GiB, every capability in the bounding set. The live tests give the
session a profile of the machine they run on (`studykit.runtime.conformance.live`), so the model
predicts what that engine does there: cgroup v1, vfs, its CPUs, and a bounding set
without CAP_SYS_RESOURCE on the development machines (`--privileged` cannot start).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HostProfile:
    """The machine the simulated engine runs on."""

    cgroup_version: str = "v2"
    storage_driver: str = "overlay2"
    cpus: int = 4
    memory_bytes: int = 8 * 2**30
    missing_capabilities: tuple[str, ...] = ()
    """Capabilities the host's bounding set lacks: a container cannot be given them."""
    cgroup_driver: str = "systemd"

    def cgroup_path(self, engine: str, container_id: str) -> str:
        """Return the container's cgroup path inside each hierarchy."""
        if engine == "runc":
            return f"/{container_id}"
        if self.cgroup_driver == "systemd":
            return f"/system.slice/docker-{container_id}.scope"
        return f"/docker/{container_id}"


TYPICAL = HostProfile()
V1 = HostProfile(cgroup_version="v1", cgroup_driver="cgroupfs")
"""A cgroup v1 host with the cgroupfs driver, as Docker 20.10 on Debian sets it up there."""
