"""Reduce the output of the newer docker commands to what the model is about, on both sides.

Used by the live tests (tests/live) and `studykit lab verify`. Figures the lab does not
measure (memory use, host PIDs, image sizes and dates) and orders Docker leaves to a Go
map (published ports, pruned ids, mounts) are dropped or sorted; what stays is compared
line for line. Some output is documented, not checkable live (`documented`): there is
no registry, so what `docker pull` prints and the pull progress of `docker run`; and the
catalogue's images run as stand-ins, so what their programs print and their processes.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studykit.runtime.lab.session import LabSession

PULL_PROGRESS = re.compile(
    r"^(Unable to find image '.*' locally|\S+: Pulling from \S+|<id>: Pull complete|"
    r"Digest: sha256:\S+|Status: (Downloaded newer image|Image is up to date) for \S+)$"
)
"""The progress of the pull `docker run` does first: documented, there is no registry here."""

DATA_ROOT = re.compile(r"^/.*?/data/volumes/")
HIDDEN_IMAGES = ("studykit-",)
"""The live engine's own images: stand-ins' builds and bases (studykit.runtime.conformance.live_images)."""


def _cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def images(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Keep REPOSITORY and TAG of each image, sorted; the live engine's own are dropped."""
    rows = [" ".join(_cells(line)[:2]) for line in lines[1:]]
    return tuple(sorted(r for r in rows if not r.startswith(HIDDEN_IMAGES)))


def stats(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Keep NAME, the memory LIMIT and PIDS (the lab's usage figures are nominal)."""
    rows = []
    for line in lines[1:]:
        cells = _cells(line)
        limit = cells[3].split(" / ")[-1]
        rows.append(f"{cells[1]} {limit} {cells[-1]}")
    return tuple(rows)


def top(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Keep the CMD column (host PIDs and times differ)."""
    return tuple(line.split(None, 7)[-1] for line in lines[1:])


def inside_ps(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Keep USER and COMMAND of busybox ps inside a container (PIDs follow runc's forks)."""
    return tuple(" ".join(line.split()[1:]) for line in lines[1:])


def names_of(lines: tuple[str, ...], column: int) -> tuple[str, ...]:
    """Keep one column of a listing, sorted."""
    return tuple(sorted(_cells(line)[column] for line in lines[1:]))


def network_ls(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Keep NAME and DRIVER of each network, sorted."""
    return tuple(sorted(" ".join(_cells(line)[1:3]) for line in lines[1:]))


def mounts(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Reduce `{{json .Mounts}}` to type, name, destination and RW, sorted by destination."""
    reduced = []
    for line in lines:
        for m in sorted(json.loads(line), key=lambda m: m["Destination"]):
            reduced.append(
                f"{m['Type']} {m.get('Name', m['Source'])} {m['Destination']} rw={m['RW']}"
            )
    return tuple(reduced)


def reduce(sub: str, words: list[str], lines: tuple[str, ...]) -> tuple[str, ...] | None:
    """Return a docker command's reduced stdout, or None for the harness's own reductions."""
    if sub in ("images", "image ls") and lines and lines[0].startswith("REPOSITORY"):
        return images(lines)
    if sub == "stats" and lines and lines[0].startswith("CONTAINER ID"):
        return stats(lines)
    if sub == "top" and lines and lines[0].startswith("UID"):
        return top(lines)
    if sub == "exec" and lines and lines[0].startswith("PID   USER"):
        return inside_ps(lines)
    if sub in ("port", "container prune", "prune"):
        return tuple(sorted(lines))
    if sub in ("network ls", "network list") and lines and lines[0].startswith("NETWORK ID"):
        return network_ls(lines)
    if sub in ("volume ls", "volume list") and lines and lines[0].startswith("DRIVER"):
        return names_of(lines, 1)
    if sub == "inspect" and "{{json .Mounts}}" in words:
        return mounts(lines)
    return None


def documented(session: LabSession, line: str) -> str:
    """Return why a line's output is not compared live (documented only), or ''."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        words = line.split()
    if words[:2] == ["docker", "pull"] or words[:3] == ["docker", "image", "pull"]:
        return "no registry here: what docker pull prints is documented"
    if words[:2] in (["docker", "logs"], ["docker", "stats"]) and len(words) > 2:
        found = [session.world.find(word) for word in words[2:]]
        if any(c is not None and c.program.rule == "image-programs" for c in found):
            return "a catalogue image's program: what it prints and its processes are documented"
    return ""
