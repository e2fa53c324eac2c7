"""Time whole commands from a fresh process: several runs, median, peak memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """The runs of one command: median seconds, each run, and the peak RSS in MB."""

    name: str
    runs: tuple[float, ...]
    peak_mb: float

    @property
    def median(self) -> float:
        """Return the median run time in seconds."""
        return statistics.median(self.runs)


def _run_once(command: list[str], env: dict[str, str] | None) -> tuple[float, float]:
    """Run a command once; return (seconds, peak RSS of that child in MB)."""
    start = time.perf_counter()
    pid = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    ).pid
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024


def time_command(
    name: str, command: list[str], runs: int = 7, env: dict[str, str] | None = None
) -> Timing:
    """Time a command `runs` times after one warm-up run (file cache, bytecode)."""
    _run_once(command, env)
    results = [_run_once(command, env) for _ in range(runs)]
    return Timing(name, tuple(r[0] for r in results), max(r[1] for r in results))


def own_peak_mb() -> float:
    """Return this process's peak RSS in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
