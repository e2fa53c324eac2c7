"""Sections of the site's runtime page on the kernel view, the image catalogue and the programs.

Pure: the kernel tables come from simulator runs (`studykit.runtime.kernel`), the
catalogue and program tables from the model; every string passes through `card_text`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from studykit.export import card_text
from studykit.model.kernel import NAMESPACE_TYPES
from studykit.model.runtime import RuntimeModel
from studykit.runtime.host import TYPICAL, V1, HostProfile
from studykit.runtime.kernel import kernel_record, short_file
from studykit.runtime.lab.session import LabSession

FLAGS = (
    "--cap-add NET_ADMIN",
    "--cap-drop ALL",
    "-u 1000",
    "--privileged",
    "--security-opt no-new-privileges",
    "--security-opt seccomp=unconfined",
    "--pid host",
    "--network host",
    "--cgroupns private",
    "--init",
)
"""Options whose effect on the kernel view the page shows, against a default container."""
LIMITS = "-m 64m --cpus 0.5 --pids-limit 20"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _code(text: object) -> str:
    """Return text as inline code HTML (entities do not work inside Markdown code spans)."""
    return card_text.inline_html(f"`{str(text).replace('`', '')}`")


def _view(
    model: RuntimeModel, engine: str, flags: str = "", host: HostProfile = TYPICAL
) -> dict[str, Any]:
    """Return the kernel record of a fresh container run with `flags` (docker) or a bundle (runc)."""
    session = LabSession(engine, model=model, host=host)
    line = (
        f"docker run -d --name web {flags} busybox sleep 1000"
        if engine == "docker"
        else "runc run -d web"
    )
    session.step(" ".join(line.split()))
    return kernel_record(model, session.world, session.world.containers["web"])


def _defaults(model: RuntimeModel) -> str:
    """Return the default profiles of Docker and runc, on cgroup v1 and v2 hosts."""
    rows = []
    for engine in ("docker", "runc"):
        for host in (V1, TYPICAL):
            r = _view(model, engine, host=host)
            new = ", ".join(k for k in NAMESPACE_TYPES if r["namespaces"][k] == "new")
            caps = " ".join(c.removeprefix("CAP_") for c in r["capabilities"])
            rows.append(
                [
                    engine,
                    host.cgroup_version,
                    new,
                    _code(r["seccomp"]),
                    str(r["no_new_privs"]).lower(),
                    caps,
                ]
            )
    header = ["engine", "cgroup", "new namespaces", "seccomp", "no_new_privs", "capabilities"]
    return _table(header, rows)


def _changes(model: RuntimeModel) -> str:
    """Return what each option changes in the kernel view of a default Docker container (v1)."""
    base = _view(model, "docker", host=V1)
    rows = []
    for flags in FLAGS:
        r = _view(model, "docker", flags, V1)
        changed = []
        for kind in NAMESPACE_TYPES:
            if r["namespaces"][kind] != base["namespaces"][kind]:
                changed.append(f"{kind} namespace: {r['namespaces'][kind]}")
        if r["capabilities"] != base["capabilities"]:
            changed.append(f"{len(r['capabilities'])} capabilities")
        for key in ("seccomp", "no_new_privs", "pid1"):
            if r[key] != base[key]:
                changed.append(
                    f"{key}: {str(r[key]).lower() if isinstance(r[key], bool) else r[key]}"
                )
        rows.append([_code(flags), card_text.text("; ".join(changed))])
    return _table(["option", "what changes"], rows)


def _files(model: RuntimeModel) -> str:
    """Return where each limit of `docker run -m 64m --cpus 0.5 --pids-limit 20` is written."""
    rows: dict[str, list[str]] = {}
    for host in (V1, TYPICAL):
        record = _view(model, "docker", LIMITS, host)
        path = record["cgroup"]["path"]
        for file, value in record["cgroup"]["files"].items():
            short = short_file(file, path)
            rows.setdefault(host.cgroup_version, []).append(f"{_code(short)} = {_code(value)}")
    width = max(len(v) for v in rows.values())
    table = [
        [rows["v1"][i] if i < len(rows["v1"]) else "", rows["v2"][i] if i < len(rows["v2"]) else ""]
        for i in range(width)
    ]
    return _table(["cgroup v1 (one hierarchy per controller)", "cgroup v2 (one hierarchy)"], table)


def kernel_markdown(model: RuntimeModel) -> str:
    """Return the kernel-view section: defaults, what options change, the cgroup files."""
    if not model.kernel.profiles:
        return ""
    intro = (
        "What makes a container a container, as `kernel NAME` shows it in the lab. Each table "
        "is a simulator run; the live tests compare the same view with `/proc/PID/ns`, "
        "`/proc/PID/status` and the cgroup files of Docker 20.10 and runc 1.1.5 on cgroup v1 "
        "(cgroup v2 is documented).\n"
    )
    return (
        "## The kernel view { #kernel }\n\n" + intro + "\n### Defaults\n\n" + _defaults(model)
        + "\n### What the options change (on a cgroup v1 host)\n\n" + _changes(model)
        + f"\n### Where the limits go (`docker run {LIMITS}`)\n\n" + _files(model)
    )  # fmt: skip


def images_markdown(model: RuntimeModel) -> str:
    """Return the image catalogue: what each image declares, with its source."""
    rows = []
    for image in model.images:
        source = model.source(image.source)
        rows.append([
            _code(image.id), card_text.text(", ".join(image.tags)),
            _code(" ".join(image.entrypoint)) if image.entrypoint else "",
            _code(" ".join(image.cmd)) if image.cmd else "", card_text.text(", ".join(image.exposed_ports)),
            card_text.text(image.stop_signal), card_text.text(source.title if source else image.source),
        ])  # fmt: skip
    header = ["image", "tags", "Entrypoint", "Cmd", "ports", "StopSignal", "source"]
    intro = "The images the lab's registry holds (and `bb`, the busybox the live tests import).\n"
    return "## Images { #images }\n\n" + intro + "\n" + _table(header, rows)


def programs_markdown(model: RuntimeModel) -> str:
    """Return the table of simulated programs."""
    rows = []
    for program in model.programs:
        signals = ", ".join(f"{name}: exit {code}" for name, code in program.signals)
        rows.append(
            [
                _code(program.path),
                card_text.text(program.behaviour),
                card_text.inline_html(program.description),
                card_text.text(signals),
            ]
        )
    return "## Programs { #programs }\n\n" + _table(
        ["program", "behaviour", "what it does", "signals it handles"], rows
    )
