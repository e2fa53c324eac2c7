"""The lab's `kernel NAME` (`kernel ID` for runc): the kernel view of one container."""

from __future__ import annotations

import difflib
import json

from studykit.model.runtime import RuntimeModel
from studykit.runtime.kernel import kernel_items, kernel_lines, kernel_record
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.world import Container, World

USAGE = "kernel [--json] NAME (kernel ID for runc)"


def find(world: World, ref: str) -> Container:
    """Return the container a name (docker) or id (runc) names, or raise a plain lab error."""
    c = world.find(ref) if world.engine == "docker" else world.containers.get(ref)
    if c is not None:
        return c
    close = difflib.get_close_matches(ref, list(world.containers), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    what = "name or id" if world.engine == "docker" else "id"
    raise LabError(f"kernel: no container with the {what} '{ref}'{hint}")


def run_kernel(model: RuntimeModel, world: World, words: list[str], out: CommandOutcome) -> None:
    """Show a container's kernel view; --json prints the `kernel` object itself."""
    as_json = "--json" in words
    refs = [w for w in words if w != "--json"]
    if len(refs) != 1:
        raise LabError(f"usage: {USAGE}")
    c = find(world, refs[0])
    record = kernel_record(model, world, c)
    items = kernel_items(model, world, c, record)
    for item in items:
        out.note(item.rule, f"{item.key}: {item.text}")
    out.kernel = record
    if as_json:
        out.stdout += json.dumps(record, indent=2).splitlines()
    else:
        out.stdout += [f"{c.name}: {c.state}", *kernel_lines(items)]
