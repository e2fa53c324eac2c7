"""Drive the real runc and Docker engine with lab lines and observe what they do.

This is the lab's only contact with the outside world: `studykit lab verify` and the
live conformance tests (tests/live) run each lab line here and in the simulator and
compare the two (studykit.runtime.conformance.compare). dockerd runs on a private socket
with its own data and exec roots and vfs storage (section 8 of the ground-truth notes), in
a network namespace of its own: its default bridge, iptables rules and published ports
live there and never touch the host's network. runc keeps its state in a private
--root, and each container's cgroup is under a parent named for the run, so runs of
other engineers on the machine cannot meet ids such as `c1` in the cgroup tree.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

from studykit.errors import StudykitError
from studykit.model.runtime import RuntimeModel
from studykit.runtime.conformance import live_images, live_kernel
from studykit.runtime.conformance.compare import ContainerView, Observation, normalize
from studykit.runtime.host import HostProfile
from studykit.runtime.images import parse_reference
from studykit.runtime.program import busybox_applets

DOCKER_CLI = "/usr/bin/docker"
"""Debian's docker.io client (20.10); a newer client elsewhere on PATH words errors differently."""
IMAGE = "bb"
TOOLS = {
    "docker": (("dockerd", "docker.io"), (DOCKER_CLI, "docker.io"), ("runc", "runc")),
    "runc": (("runc", "runc"),),
}
INSTALL_HINT = "install them with: apt-get install -y docker.io runc busybox-static (or bash .ci/install-runtime.sh)"
SETTLE_POLL = 0.2
SETTLE_LIMIT = 2.5
"""How long the containers may take to reach the predicted states: signals land, and
processes exit, asynchronously after the CLI returns."""
CLEAN_ATTEMPTS = 50
"""Rounds of `docker rm -f` between scenarios (SETTLE_POLL apart) before giving up."""
Snapshot = tuple[tuple[str, ContainerView], ...]


class LiveToolsMissing(StudykitError):
    """The real runtime tools are not installed."""


def missing_tools(engine: str) -> list[str]:
    """Return the programs and files the live engine needs but this machine lacks."""
    missing = [f"{tool} (package {package})" for tool, package in TOOLS[engine] if not _found(tool)]
    if not _static_busybox():
        missing.append("a static busybox (package busybox-static)")
    return missing


def require_tools(engine: str) -> None:
    """Raise LiveToolsMissing naming what to install when a tool is missing."""
    missing = missing_tools(engine)
    if missing:
        raise LiveToolsMissing(f"missing {', '.join(missing)}; {INSTALL_HINT}")


def _found(tool: str) -> bool:
    return os.access(tool, os.X_OK) if tool.startswith("/") else shutil.which(tool) is not None


def _static_busybox() -> bool:
    path = shutil.which("busybox")
    # A dynamic busybox would need the host's libraries inside the image.
    return path is not None and b"ld-linux" not in Path(path).read_bytes()[:65536]


def build_rootfs(folder: Path) -> Path:
    """Make a busybox root filesystem with every applet the lab's image has."""
    rootfs = folder / "rootfs"
    for sub in ("bin", "proc", "sys", "dev", "tmp", "etc"):
        (rootfs / sub).mkdir(parents=True, exist_ok=True)
    busybox = rootfs / "bin" / "busybox"
    shutil.copy2(shutil.which("busybox") or "/bin/busybox", busybox)
    for applet in busybox_applets():
        link = rootfs / "bin" / applet
        if not link.is_symlink():
            link.symlink_to("busybox")
    return rootfs


class LiveDocker:
    """A private dockerd, its busybox image, and lab lines run through the docker CLI."""

    def __init__(self, folder: Path, model: RuntimeModel | None = None) -> None:
        from studykit.runtime.lab.models import bundled_model

        self.folder = folder
        self.socket = folder / "docker.sock"
        self.pidfile = folder / "dockerd.pid"
        self.env = {**os.environ, "DOCKER_HOST": f"unix://{self.socket}"}
        self.process: subprocess.Popen[bytes] | None = None
        self.model = model or bundled_model()
        self.built: set[str] = set()
        """Stand-in images and bases built in this daemon (live_images)."""

    def start(self) -> None:
        """Start dockerd, wait for its socket, and import the busybox image."""
        require_tools("docker")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.launch()
        self._import_image()

    def launch(self, timeout: float = 60.0) -> None:
        """Start dockerd on the private roots and wait until it answers."""
        # dockerd gets its own copy of the log file; ours is closed as soon as it has it.
        with (self.folder / "dockerd.log").open("ab") as log:
            # A network namespace of its own: `ip link set lo up`, then dockerd (same pid).
            self.process = subprocess.Popen(
                [
                    *("unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"),
                    *("dockerd", "--storage-driver=vfs"),
                    *(
                        "--data-root",
                        str(self.folder / "data"),
                        "--exec-root",
                        str(self.folder / "exec"),
                    ),
                    *("-H", f"unix://{self.socket}", "--pidfile", str(self.pidfile)),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        _wait_for(lambda: self.docker("version").returncode == 0, timeout, self._log_tail)

    def _log_tail(self) -> str:
        text = (self.folder / "dockerd.log").read_text(errors="replace")
        return "dockerd did not start:\n" + "\n".join(text.splitlines()[-20:])

    def _import_image(self) -> None:
        rootfs = build_rootfs(self.folder / "image")
        archive = self.folder / "image.tar"
        with tarfile.open(archive, "w") as tar:
            tar.add(rootfs, arcname=".")
        with archive.open("rb") as data:
            subprocess.run(
                [DOCKER_CLI, "import", "-", f"{IMAGE}:latest"],
                stdin=data,
                env=self.env,
                check=True,
                capture_output=True,
            )

    def stop(self) -> None:
        """Remove every container and stop dockerd by its pid."""
        if self.process is not None:
            self.clean()
            self.halt()

    def halt(self) -> None:
        """Stop dockerd by its pid: it stops its containers (SIGTERM, then SIGKILL) first."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        _unmount_under(self.folder)

    def restart_daemon(self) -> None:
        """Stop dockerd and start it again on the same data: restart policies apply."""
        self.halt()
        self.launch()

    def docker(self, *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
        """Run the docker CLI against the private daemon."""
        return subprocess.run(
            [DOCKER_CLI, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def clean(self) -> None:
        """Remove every container, volume, user network and catalogue image tag."""
        self.remove_containers()
        volumes = self.docker("volume", "ls", "-q").stdout.split()
        if volumes:
            self.docker("volume", "rm", "-f", *volumes)
        self.docker("network", "prune", "-f")
        tags = [
            f"{image.id}:{tag}"
            for image in self.model.images
            if not image.local
            for tag in image.tags
        ]
        present = set(self.docker("images", "--format", "{{.Repository}}:{{.Tag}}").stdout.split())
        if present & set(tags):
            self.docker("rmi", *sorted(present & set(tags)))

    def remove_containers(self) -> None:
        """Remove containers until `docker ps -aq` is empty, or fail naming the ones left.

        `rm -f` can return while a removal is still in progress (or refuse one that is),
        and the next scenario's `--name c1` would then meet the old container.
        """
        for _ in range(CLEAN_ATTEMPTS):
            ids = self.docker("ps", "-aq").stdout.split()
            if not ids:
                return
            self.docker("rm", "-f", *ids)
            time.sleep(SETTLE_POLL)
        left = self.docker("ps", "-aq").stdout.split()
        if left:
            raise StudykitError(f"containers left after cleanup: {', '.join(left)}")

    def provide(self, reference: str) -> bool:
        """Give the engine a catalogue image (its stand-in, tagged); return whether it is one."""
        image = live_images.catalogue_image(self.model, reference)
        ref = parse_reference(reference)
        if image is None or ref is None:
            return False
        live_images.ensure_image(self, self.model, image, self.built)
        # The tag the line names (a digest names the image only: it is tagged latest here).
        self.docker(
            "tag", f"studykit-standin/{image.id}:built", f"{image.id}:{ref.tag or 'latest'}"
        )
        return True

    def kernel(self, name: str) -> dict[str, object] | None:
        """Return a running container's kernel record from /proc, or None when it has no process."""
        found = self.docker("inspect", "-f", "{{.State.Pid}}", name).stdout.strip()
        if not found.isdigit() or found == "0" or self.process is None:
            return None
        return live_kernel.proc_record(int(found), self.process.pid, self.model.kernel.capabilities)

    def host(self) -> HostProfile:
        """Return the profile of the machine this dockerd runs on."""
        return host_profile(self.model, self.process.pid if self.process else os.getpid(), "docker")

    def execute(self, line: str, expect: Snapshot | None = None) -> Observation:
        """Run one lab line for real; give the containers a moment to reach `expect`."""
        words = shlex.split(line, comments=True)
        if words and words[0] == "sleep":
            time.sleep(float(words[1]) if len(words) > 1 else 1.0)
            return Observation(0, (), (), _settled(self.snapshot, expect))
        if words == ["event", "daemon-restart"]:
            self.restart_daemon()
            return Observation(0, (), (), _settled(self.snapshot, expect))
        if not words or words[0] != "docker":
            raise StudykitError(f"the live docker engine cannot run '{line}'")
        image = _image_operand(words[1:])
        if words[1:2] == ["pull"] or words[1:3] == ["image", "pull"]:
            # No registry here: the stand-in is the image; what a pull prints is documented.
            known = self.provide(words[-1])
            return Observation(0 if known else 1, (), (), _settled(self.snapshot, expect))
        if image is not None:
            self.provide(image)
        result = self.docker(*words[1:])
        return Observation(
            result.returncode,
            normalize(result.stdout.splitlines()),
            normalize(result.stderr.splitlines()),
            _settled(self.snapshot, expect),
        )

    def snapshot(self) -> Snapshot:
        """Return every container's name, status, ExitCode, OOMKilled and RestartCount."""
        ids = self.docker("ps", "-aq").stdout.split()
        if not ids:
            return ()
        template = "{{json .Name}} {{json .State}} {{.RestartCount}}"
        found = []
        for line in self.docker("inspect", "-f", template, *ids).stdout.splitlines():
            name, rest = line.split(" ", 1)
            state_text, restarts = rest.rsplit(" ", 1)
            state = json.loads(state_text)
            view = ContainerView(
                state["Status"], state["ExitCode"], state["OOMKilled"], int(restarts)
            )
            found.append((json.loads(name).lstrip("/"), view))
        return tuple(sorted(found))


def _unmount_under(folder: Path) -> None:
    """Lazily unmount what dockerd left mounted in its folders (its network namespace's file)."""
    points = [
        line.split()[4]
        for line in Path("/proc/self/mountinfo").read_text().splitlines()
        if line.split()[4].startswith(f"{folder}/")
    ]
    for point in sorted(points, reverse=True):
        subprocess.run(["umount", "-l", point], capture_output=True, check=False)


def _image_operand(words: list[str]) -> str | None:
    """Return the image of a `run` or `create` line (the first operand), if it is one."""
    if not words or words[0] not in ("run", "create"):
        return None
    from studykit.runtime.docker_options import parse_create

    try:
        args = parse_create(words[1:])
    except StudykitError:
        return None
    return args.operands[0] if args.operands else None


def host_profile(model: RuntimeModel, engine_pid: int, engine: str) -> HostProfile:
    """Return the profile of this machine: cgroup version, CPUs, memory, bounding set."""
    bounding = 0
    for line in Path(f"/proc/{engine_pid}/status").read_text().splitlines():
        if line.startswith("CapBnd:"):
            bounding = int(line.split()[1], 16)
    names = model.kernel.capabilities
    missing = tuple(name for bit, name in enumerate(names) if not bounding >> bit & 1)
    memory = next(
        int(line.split()[1]) * 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    v1 = Path("/sys/fs/cgroup/memory").is_dir()
    return HostProfile(
        cgroup_version="v1" if v1 else "v2",
        storage_driver="vfs",
        cpus=os.cpu_count() or 1,
        memory_bytes=memory,
        missing_capabilities=missing,
        cgroup_driver="cgroupfs",
    )


def _settled(snapshot: Callable[[], Snapshot], expect: Snapshot | None) -> Snapshot:
    """Poll until the containers match `expect`, for at most SETTLE_LIMIT seconds.

    Without an expectation, return the first snapshot: nothing to wait for.
    """
    current = snapshot()
    deadline = time.monotonic() + SETTLE_LIMIT
    while expect is not None and current != expect and time.monotonic() < deadline:
        time.sleep(SETTLE_POLL)
        current = snapshot()
    return current


def _wait_for(ready: Callable[[], bool], timeout: float, why: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise StudykitError(why())
        time.sleep(0.2)


class LiveRunc:
    """runc with a private state root, one busybox rootfs, and a bundle per process."""

    def __init__(self, folder: Path, model: RuntimeModel | None = None) -> None:
        from studykit.runtime.lab.models import bundled_model

        self.folder = folder
        self.root = folder / "state"
        self.args: tuple[str, ...] = ("sleep", "1000")
        self.model = model or bundled_model()
        self.parent = f"studykit-{os.getpid()}-{folder.name}"
        """The parent cgroup of this run's containers: unique per run."""

    def start(self) -> None:
        """Build the root filesystem the bundles share."""
        require_tools("runc")
        self.root.mkdir(parents=True, exist_ok=True)
        self.rootfs = build_rootfs(self.folder)

    def stop(self) -> None:
        """Delete every container and this run's parent cgroups."""
        self.clean()
        for hierarchy in Path("/sys/fs/cgroup").iterdir():
            parent = hierarchy / self.parent
            if parent.is_dir():
                # A leftover process keeps it; the kernel frees it when that exits.
                with contextlib.suppress(OSError):
                    parent.rmdir()

    def clean(self) -> None:
        """Force-delete every container and go back to the default bundle."""
        for name, _ in self.snapshot():
            self.runc("delete", "--force", name)
        self.args = ("sleep", "1000")

    def bundle(self, ident: str) -> Path:
        """Return a bundle directory whose process runs the current args, for one container.

        Its cgroup is under this run's parent (cgroupsPath), not at /ID as `runc spec`
        would leave it: ids such as c1 then never meet another run's in the cgroup tree.
        """
        name = "-".join(self.args).replace("/", "_")[:80]
        folder = self.folder / "bundles" / name / ident.replace("/", "_")
        if not (folder / "config.json").exists():
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run(["runc", "spec"], cwd=folder, check=True, capture_output=True)
            config = json.loads((folder / "config.json").read_text())
            config["process"]["terminal"] = False
            config["process"]["args"] = list(self.args)
            config["root"]["path"] = str(self.rootfs)
            config["linux"]["cgroupsPath"] = f"/{self.parent}/{ident}"
            (folder / "config.json").write_text(json.dumps(config))
        return folder

    def kernel(self, ident: str) -> dict[str, object] | None:
        """Return a live container's kernel record from /proc, or None without a process."""
        code, stdout, _ = self.runc("state", ident)
        pid = json.loads(stdout).get("pid", 0) if code == 0 else 0
        if not pid:
            return None
        return live_kernel.proc_record(pid, os.getpid(), self.model.kernel.capabilities)

    def host(self) -> HostProfile:
        """Return the profile of the machine runc runs on."""
        return host_profile(self.model, os.getpid(), "runc")

    def runc(self, *args: str) -> tuple[int, str, str]:
        """Run runc with files for its output: a container inherits them (a pipe would hang)."""
        out, err = self.folder / "stdout", self.folder / "stderr"
        with out.open("wb") as stdout, err.open("wb") as stderr:
            code = subprocess.run(
                ["runc", "--root", str(self.root), *args],
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                timeout=120,
                check=False,
            ).returncode
        return code, out.read_text(errors="replace"), err.read_text(errors="replace")

    def execute(self, line: str, expect: Snapshot | None = None) -> Observation:
        """Run one lab line for real; give the containers a moment to reach `expect`."""
        words = shlex.split(line, comments=True)
        if words and words[0] == "sleep":
            time.sleep(float(words[1]) if len(words) > 1 else 1.0)
            return Observation(0, (), (), _settled(self.snapshot, expect))
        if words and words[0] == "bundle":
            self.args = tuple(words[1:]) or ("sleep", "1000")
            shown = f"next bundle runs: {shlex.join(self.args)}"
            return Observation(0, (shown,), (), self.snapshot())
        if not words or words[0] != "runc" or len(words) < 2:
            raise StudykitError(f"the live runc cannot run '{line}'")
        args = words[1:]
        if args[0] in ("create", "run"):
            args = [args[0], "--bundle", str(self.bundle(args[-1])), *args[1:]]
        code, stdout, stderr = self.runc(*args)
        return Observation(
            code,
            normalize(stdout.splitlines()),
            normalize(stderr.splitlines()),
            _settled(self.snapshot, expect),
        )

    def snapshot(self) -> Snapshot:
        """Return every container's id and status."""
        _, stdout, _ = self.runc("list", "--format", "json")
        listed = json.loads(stdout or "null") or []
        return tuple(sorted((c["id"], ContainerView(c["status"])) for c in listed))
