"""Generated cards on the kernel view and the images' defaults, answered by simulator runs.

Each card runs a lab script on a host of the cgroup version it names and reads the answer
from the container's kernel view (or its inspect data), so it says what the model does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studykit.model import Card, Location, TrueFalseCard, TypedCard
from studykit.model.runtime import RuntimeModel
from studykit.runtime.host import TYPICAL, V1, HostProfile
from studykit.runtime.kernel import kernel_record
from studykit.runtime.lab.session import LabSession
from studykit.runtime.scenario_cards import rule_explanation

SLEEPER = "busybox sleep 1000"
Read = Callable[[dict[str, Any]], object]


@dataclass(frozen=True)
class KernelCard:
    """A card: a script, the host it runs on, how to read the answer from the kernel view."""

    id: str
    text: str
    flags: str
    read: Read
    rule: str
    host: HostProfile = TYPICAL
    truefalse: bool = False


def _file(record: dict[str, Any], name: str) -> str:
    return str(next(v for k, v in record["cgroup"]["files"].items() if k.endswith(f"/{name}")))


KERNEL_CARDS = (
    KernelCard("kernel-docker-capability-count", "How many capabilities does a root process in a default Docker 20.10 container have in its effective set?", "", lambda r: len(r["capabilities"]), "docker-capabilities"),
    KernelCard("kernel-docker-sys-admin", "A default Docker container's root process has CAP_SYS_ADMIN.", "", lambda r: "CAP_SYS_ADMIN" in r["capabilities"], "docker-capabilities", truefalse=True),
    KernelCard("kernel-docker-cap-drop-all", "After `--cap-drop ALL --cap-add KILL`, how many effective capabilities does the root process have?", "--cap-drop ALL --cap-add KILL", lambda r: len(r["capabilities"]), "docker-capabilities"),
    KernelCard("kernel-docker-user-caps", "`docker run -u 1000 ...`: the process keeps Docker's default capabilities in its effective set.", "-u 1000", lambda r: bool(r["capabilities"]), "docker-capabilities", truefalse=True),
    KernelCard("kernel-docker-user-namespace", "By default, a Docker container gets a user namespace of its own.", "", lambda r: r["namespaces"]["user"] == "new", "docker-namespaces", truefalse=True),
    KernelCard("kernel-docker-cgroupns-v2", "On a cgroup v2 host, a default Docker container has a cgroup namespace of its own.", "", lambda r: r["namespaces"]["cgroup"] == "new", "cgroup-namespace", truefalse=True),
    KernelCard("kernel-docker-cgroupns-v1", "On a cgroup v1 host, a default Docker container has a cgroup namespace of its own.", "", lambda r: r["namespaces"]["cgroup"] == "new", "cgroup-namespace", V1, truefalse=True),
    KernelCard("kernel-docker-pid-host", "With `--pid host`, the container's processes are in the host's PID namespace.", "--pid host", lambda r: r["namespaces"]["pid"] == "host", "docker-namespaces", truefalse=True),
    KernelCard("kernel-docker-seccomp", "A default Docker container runs under a seccomp filter (Seccomp: 2 in /proc/PID/status).", "", lambda r: r["seccomp"] == "filter", "docker-seccomp", truefalse=True),
    KernelCard("kernel-docker-seccomp-unconfined", "With `--security-opt seccomp=unconfined`, no seccomp filter applies to the container.", "--security-opt seccomp=unconfined", lambda r: r["seccomp"] == "disabled", "docker-seccomp", truefalse=True),
    KernelCard("kernel-docker-no-new-privs", "A default Docker container runs with no_new_privs set.", "", lambda r: r["no_new_privs"], "docker-seccomp", truefalse=True),
    KernelCard("kernel-v2-memory-file", "On cgroup v2, which file of a container's cgroup holds its `-m 64m` limit?", "-m 64m", lambda r: next(k for k, v in r["cgroup"]["files"].items() if v == "67108864").rsplit("/", 1)[-1], "cgroup-v2-files"),
    KernelCard("kernel-v1-memory-file", "On cgroup v1, which file of the memory controller holds a container's `-m 64m` limit?", "-m 64m", lambda r: next(k for k, v in r["cgroup"]["files"].items() if v == "67108864").rsplit("/", 1)[-1], "cgroup-files", V1),
    KernelCard("kernel-v2-cpu-max", "On cgroup v2, what does cpu.max read for a container run with `--cpus 0.5`?", "--cpus 0.5", lambda r: _file(r, "cpu.max"), "cpu-quota"),
    KernelCard("kernel-v1-cfs-quota", "On cgroup v1, what does cpu.cfs_quota_us read for `--cpus 0.5` (period 100000)?", "--cpus 0.5", lambda r: _file(r, "cpu.cfs_quota_us"), "cpu-quota", V1),
    KernelCard("kernel-v1-memsw", "On cgroup v1, `-m 64m` alone: what is the memory+swap limit, in MiB?", "-m 64m", lambda r: r["cgroup"]["memory_swap_max_bytes"] // 2**20, "memory-swap", V1),
    KernelCard("kernel-pids-max-unlimited", "A container runs without --pids-limit. What word does its cgroup's process-number limit file hold?", "", lambda r: _file(r, "pids.max"), "pids-file"),
    KernelCard("kernel-init-pid1", "With `--init`, which program is PID 1 of `docker run --init busybox sleep 1000`? (its path)", "--init", lambda r: r["pid1"].split()[0], "docker-init"),
)  # fmt: skip


@dataclass(frozen=True)
class ImageCard:
    """A card on an image's configuration, read from `docker inspect` of a container of it."""

    id: str
    text: str
    image: str
    template: str


IMAGE_CARDS = (
    ImageCard("image-nginx-stop-signal", "Which signal does `docker stop` send first to a container of the official nginx image?", "nginx", "{{.Config.StopSignal}}"),
    ImageCard("image-postgres-stop-signal", "Which signal does `docker stop` send first to a container of the official postgres image?", "postgres", "{{.Config.StopSignal}}"),
    ImageCard("image-nginx-entrypoint", "What is the Entrypoint of the official nginx image?", "nginx", "{{index .Config.Entrypoint}}"),
    ImageCard("image-redis-port", "Which port (with its protocol) does the official redis image expose?", "redis", "{{json .Config.ExposedPorts}}"),
)  # fmt: skip


def _kernel_card(model: RuntimeModel, spec: KernelCard) -> Card:
    """Return one kernel card, its answer read from a simulator run."""
    session = LabSession("docker", model=model, host=spec.host)
    session.step(f"docker run -d --name web {spec.flags} {SLEEPER}".replace("  ", " "))
    c = session.world.containers["web"]
    answer = spec.read(kernel_record(model, session.world, c))
    explanation = rule_explanation(model, spec.rule)
    source, tags = model.rule(spec.rule).source, ("docker", "kernel")
    location = Location(model.location.path, 1, 1)
    if spec.truefalse:
        return TrueFalseCard(
            id=spec.id, statement=spec.text, answer=bool(answer), explanation=explanation,
            source=source, tags=tags, location=location,
        )  # fmt: skip
    return TypedCard(
        id=spec.id, question=spec.text, answers=(str(answer),), explanation=explanation,
        source=source, tags=tags, location=location,
    )  # fmt: skip


def _image_card(model: RuntimeModel, spec: ImageCard) -> Card | None:
    """Return a card on an image's configuration; None when the catalogue lacks the image."""
    if model.image(spec.image) is None:
        return None
    session = LabSession("docker", model=model)
    session.step(f"docker create --name web {spec.image}")
    c = session.world.containers["web"]
    values = {
        "{{.Config.StopSignal}}": c.config.stop_signal,
        "{{index .Config.Entrypoint}}": " ".join(c.config.entrypoint),
        "{{json .Config.ExposedPorts}}": ", ".join(c.config.exposed),
    }
    answer = values[spec.template]
    answers = (answer, answer.removeprefix("SIG")) if answer.startswith("SIG") else (answer,)
    return TypedCard(
        id=spec.id,
        question=spec.text,
        answers=answers,
        explanation=rule_explanation(model, "image-catalogue"),
        source=model.rule("image-catalogue").source,
        tags=("docker", "images"),
        location=Location(model.location.path, 1, 1),
    )


def kernel_cards(model: RuntimeModel) -> list[Card]:
    """Return the kernel and image cards whose rules and images the model has."""
    known = {rule.id for rule in model.rules}
    if not model.kernel.profiles:
        return []
    cards: list[Card] = [_kernel_card(model, spec) for spec in KERNEL_CARDS if spec.rule in known]
    if "image-catalogue" in known:
        cards += [card for spec in IMAGE_CARDS if (card := _image_card(model, spec)) is not None]
    return cards
