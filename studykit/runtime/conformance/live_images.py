"""Stand-ins of the catalogue's images for the private dockerd, which reaches no registry.

Each stand-in declares what the real image declares (Entrypoint, Cmd, Env, ExposedPorts,
StopSignal, volumes, workdir) on a busybox root filesystem that has the everyday
programs of the image's base (a Debian-based image has no `ps`); the image's own
programs are small shell scripts written from the lab's program table. So the live
engine shows what it does with an image's configuration (the command it composes, the
signal `docker stop` sends, the ports `-P` publishes, the volumes it creates), while
what the programs print stays documented: the harness does not compare it.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Protocol

from studykit.model.images import ImageDef, ProgramDef
from studykit.model.runtime import RuntimeModel
from studykit.runtime.images import parse_reference

PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
GROUP = "root:x:0:\n"


class Engine(Protocol):
    """The part of the live dockerd driver the stand-ins need."""

    folder: Path
    env: dict[str, str]

    def docker(self, *args: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
        """Run the docker CLI against the private daemon."""


def catalogue_image(model: RuntimeModel, reference: str) -> ImageDef | None:
    """Return the registry image a reference names (not the local `bb`), or None."""
    ref = parse_reference(reference)
    if ref is None:
        return None
    image = model.image(ref.repository)
    if image is None or image.local or (ref.tag and ref.tag not in image.tags):
        return None
    return image


def ensure_image(engine: Engine, model: RuntimeModel, image: ImageDef, present: set[str]) -> None:
    """Build the stand-in of a catalogue image unless the engine has it already."""
    if image.id in present:
        return
    base = _ensure_base(engine, model, image.base, present)
    context = engine.folder / "standins" / image.id
    shutil.rmtree(context, ignore_errors=True)
    context.mkdir(parents=True)
    programs = [p for p in model.programs if p.id in image.programs]
    for program in programs:
        path = context / "files" / program.path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_script(program, image))
        path.chmod(0o755)
    (context / "files").mkdir(exist_ok=True)
    (context / "Dockerfile").write_text(_dockerfile(base, image))
    result = subprocess.run(
        [
            "/usr/bin/docker",
            "build",
            "-q",
            "-t",
            f"studykit-standin/{image.id}:built",
            str(context),
        ],
        env={**engine.env, "DOCKER_BUILDKIT": "0", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"stand-in of {image.id} did not build: {result.stderr[-2000:]}")
    present.add(image.id)


def _ensure_base(engine: Engine, model: RuntimeModel, base_id: str, present: set[str]) -> str:
    """Import a base's root filesystem once; return its image name."""
    name = f"studykit-base-{base_id}:latest"
    if name in present:
        return name
    root = _base_root(engine.folder / "bases" / base_id, model, base_id)
    archive = engine.folder / "bases" / f"{base_id}.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(root, arcname=".")
    with archive.open("rb") as data:
        subprocess.run(
            ["/usr/bin/docker", "import", "-", name],
            stdin=data,
            env=engine.env,
            check=True,
            capture_output=True,
        )
    present.add(name)
    return name


def _base_root(root: Path, model: RuntimeModel, base_id: str) -> Path:
    """Write a busybox root filesystem with the base's everyday programs (bash: sh stands in)."""
    base = model.base(base_id)
    names = sorted({p.name for p in model.programs if base and p.id in base.programs})
    shutil.rmtree(root, ignore_errors=True)
    for sub in (
        "bin",
        "usr/bin",
        "usr/sbin",
        "usr/local/bin",
        "proc",
        "sys",
        "dev",
        "tmp",
        "etc",
        "root",
    ):
        (root / sub).mkdir(parents=True, exist_ok=True)
    shutil.copy2(shutil.which("busybox") or "/bin/busybox", root / "bin" / "busybox")
    for program in names:
        if program == "bash":  # busybox has no bash applet
            (root / "bin" / "bash").write_text('#!/bin/sh\nexec /bin/sh "$@"\n')
            (root / "bin" / "bash").chmod(0o755)
        elif program != "busybox":
            (root / "bin" / program).symlink_to("busybox")
    (root / "etc" / "passwd").write_text(PASSWD)
    (root / "etc" / "group").write_text(GROUP)
    return root


def _dockerfile(base: str, image: ImageDef) -> str:
    """Return the Dockerfile of a stand-in: the base, the scripts, the image's config."""
    lines = [f"FROM {base}", "COPY files/ /"]
    lines += [
        f"ENV {json.dumps(e.partition('=')[0])}={json.dumps(e.partition('=')[2])}"
        for e in image.env
    ]
    if image.workdir:
        lines.append(f"WORKDIR {image.workdir}")
    lines += [f"EXPOSE {port}" for port in image.exposed_ports]
    if image.volumes:
        lines.append(f"VOLUME {json.dumps(list(image.volumes))}")
    if image.stop_signal:
        lines.append(f"STOPSIGNAL {image.stop_signal}")
    if image.entrypoint:
        lines.append(f"ENTRYPOINT {json.dumps(list(image.entrypoint))}")
    lines.append(f"CMD {json.dumps(list(image.cmd))}")
    return "\n".join(lines) + "\n"


def _printed(lines: tuple[str, ...], redirect: str = "") -> list[str]:
    return [f"printf '%s\\n' {shlex.quote(line)}{redirect}" for line in lines]


def _script(program: ProgramDef, image: ImageDef) -> str:
    """Return a shell script that behaves as the program table says the program does."""
    head = ["#!/bin/sh", f"# stand-in of {program.path} in {image.id}: the lab's program table"]
    if program.behaviour == "entrypoint":
        return "\n".join(head + _entrypoint(program)) + "\n"
    if program.behaviour == "server":
        traps: dict[int, list[str]] = {}
        for signal, code in program.signals:
            traps.setdefault(code, []).append(signal)
        body = [f"trap 'exit {code}' {' '.join(names)}" for code, names in traps.items()]
        body += _printed(program.stdout) + _printed(program.stderr, " >&2")
        body.append("while true; do sleep 1000 & wait $!; done")
        return "\n".join(head + body) + "\n"
    if program.behaviour == "interpreter":
        body = [
            r'if [ "$1" = -c ]; then v=$2; v=${v#print\(}; v=${v%\)}; v=${v#?}; v=${v%?}; echo "$v"; fi',
            "exit 0",
        ]
        return "\n".join(head + body) + "\n"
    return "\n".join(head + ['exec /bin/busybox "$(basename "$0")" "$@"']) + "\n"


def _entrypoint(program: ProgramDef) -> list[str]:
    """Return an entrypoint's body: set-up for the commands it wraps, then exec."""
    wraps = "|".join(program.wraps) or "__none__"
    body = [f'case "${{1##*/}}" in {wraps})']
    if program.requires_env:
        tests = []
        for need in program.requires_env:
            name, eq, value = need.partition("=")
            tests.append(f'[ "${name}" = {shlex.quote(value)} ]' if eq else f'[ -n "${name}" ]')
        body.append(f"  if ! {{ {' || '.join(tests)}; }}; then")
        body += [f"    {line}" for line in _printed(program.fail_stderr, " >&2")]
        body += [f"    exit {program.fail_exit}", "  fi"]
    body += [f"  {line}" for line in _printed(program.stdout)]
    body += ["  ;;", "esac", 'exec "$@"']
    return body
