"""`studykit lab verify`: run the conformance sequences on a real engine and the model."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from studykit.cli.lab_live import LiveDocker, LiveRunc, require_tools
from studykit.errors import StudykitError
from studykit.runtime.conformance import StepResult, run_sequence
from studykit.runtime.live_sequences import random_walks, sequences
from studykit.runtime.session import Session

TITLES = {"docker": "Docker Engine (dockerd 20.10, private socket)", "runc": "runc 1.1.5"}


def verify(engine: str, walks: int, seed: int, as_json: bool) -> int:
    """Compare every sequence on the real engine with the simulator; 1 on any mismatch."""
    require_tools(engine)
    if os.geteuid() != 0:
        raise StudykitError("lab verify runs runc and dockerd, which need root")
    from studykit.tui.conformance_view import sequence_line, summary_table
    from studykit.tui.console import make_console

    console = make_console()
    named = {**sequences(engine), **random_walks(engine, walks, seed)}
    rows: list[tuple[str, list[StepResult]]] = []
    with tempfile.TemporaryDirectory(prefix="studykit-verify-") as folder:
        live = LiveDocker(Path(folder)) if engine == "docker" else LiveRunc(Path(folder))
        live.start()
        try:
            for name, lines in named.items():
                live.clean()
                session = Session(engine=engine, host=live.host())
                results = run_sequence(session, lines, live.execute, live.kernel)
                rows.append((name, results))
                if as_json:
                    print(json.dumps(_record(name, results)), flush=True)
                else:
                    console.print(sequence_line(name, results))
        finally:
            live.stop()
    if not as_json:
        console.print(summary_table(engine, rows, TITLES[engine]))
    return 1 if any(not r.agrees for _, results in rows for r in results) else 0


def _record(name: str, results: list[StepResult]) -> dict[str, object]:
    """Return the JSON record of one sequence."""
    return {
        "sequence": name,
        "steps": len(results),
        "mismatches": [
            {"command": r.line, "problems": list(r.mismatches)} for r in results if not r.agrees
        ],
    }
