"""Time whole commands from a fresh process: several runs, median, peak memory."""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GNU_TIME = "/usr/bin/time"
"""GNU time (Debian package `time`): reports a command's own peak RSS."""


@dataclass(frozen=True)
class Timing:
    """The runs of one command: median seconds, each run, and the peak RSS in MB (if known)."""

    name: str
    runs: tuple[float, ...]
    peak_mb: float | None

    @property
    def median(self) -> float:
        """Return the median run time in seconds."""
        return statistics.median(self.runs)


@dataclass(frozen=True)
class Command:
    """A command to time: its name in the table, argv, environment and working folder."""

    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    cwd: Path | None = None


def _run_once(command: list[str], env: dict[str, str] | None, cwd: Path | None = None) -> float:
    """Run a command once; return its seconds."""
    start = time.perf_counter()
    code = subprocess.call(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd
    )
    elapsed = time.perf_counter() - start
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {code}")
    return elapsed


def peak_mb(command: list[str], env: dict[str, str] | None, cwd: Path | None = None) -> float:
    """Run a command once under GNU time; return its peak RSS in MB.

    Not from our own wait4: Linux carries the parent's peak RSS over fork and exec into
    the child's ru_maxrss, so a child of this (large) process would report at least its size.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        argv = [GNU_TIME, "--format", "%M", "--output", report.name, *command]
        _run_once(argv, env, cwd)
        return int(report.read().split()[-1]) / 1024


def time_command(
    name: str, command: list[str], runs: int = 7, env: dict[str, str] | None = None
) -> Timing:
    """Time a command `runs` times after one warm-up run (file cache, bytecode)."""
    _run_once(command, env)
    runs_s = tuple(_run_once(command, env) for _ in range(runs))
    return Timing(name, runs_s, peak_mb(command, env))


def time_interleaved(commands: list[Command], runs: int) -> list[Timing]:
    """Time commands in turns (one run of each, `runs` times) so load spikes hit all alike."""
    # The untimed run that measures memory also warms the file cache and bytecode.
    peaks = [peak_mb(c.argv, c.env, c.cwd) for c in commands]
    results: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, found in zip(commands, results, strict=True):
            found.append(_run_once(command.argv, command.env, command.cwd))
    return [
        Timing(c.name, tuple(found), peak)
        for c, found, peak in zip(commands, results, peaks, strict=True)
    ]


def own_peak_mb() -> float:
    """Return this process's peak RSS in MB (VmHWM: its own, not its parent's, see peak_mb)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")
