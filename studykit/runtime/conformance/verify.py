"""`studykit lab verify`: run the conformance sequences on a real engine and on the model."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from studykit.errors import StudykitError
from studykit.model.runtime import RuntimeModel
from studykit.runtime.conformance.compare import StepResult, run_sequence
from studykit.runtime.conformance.live import LiveDocker, LiveRunc, require_tools
from studykit.runtime.conformance.sequences import random_walks, sequences
from studykit.runtime.lab.session import LabSession

TITLES = {"docker": "Docker Engine (dockerd 20.10, private socket)", "runc": "runc 1.1.5"}


def verify(
    engine: str, walks: int, seed: int, model: RuntimeModel | None = None
) -> Iterator[tuple[str, list[StepResult]]]:
    """Yield each sequence's name and steps, run on the real engine and on the model."""
    require_tools(engine)
    if os.geteuid() != 0:
        raise StudykitError("lab verify runs runc and dockerd, which need root")
    named = {**sequences(engine), **random_walks(engine, walks, seed)}
    with tempfile.TemporaryDirectory(prefix="studykit-verify-") as folder:
        driver = LiveDocker if engine == "docker" else LiveRunc
        live = driver(Path(folder), model)
        live.start()
        try:
            for name, lines in named.items():
                live.clean()
                session = LabSession(engine, model=live.model, host=live.host())
                yield name, run_sequence(session, lines, live.execute, live.kernel)
        finally:
            live.stop()


def record(name: str, results: list[StepResult]) -> dict[str, object]:
    """Return the JSON record of one sequence."""
    return {
        "sequence": name,
        "steps": len(results),
        "mismatches": [
            {"command": r.line, "problems": list(r.mismatches)} for r in results if not r.agrees
        ],
    }
