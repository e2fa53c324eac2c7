"""Time from starting a program in a pseudo-terminal to a text on its screen (pexpect)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pexpect

from benchmarks.timing import Timing

SIZE = (40, 120)
"""Rows and columns of the pseudo-terminal."""
TIMEOUT_S = 300


@dataclass(frozen=True)
class Screen:
    """A program to start and the text that ends the clock (None: the program's exit)."""

    name: str
    argv: list[str]
    marker: str | None
    env: dict[str, str] | None = None
    cwd: Path | None = None
    quit: str = ""
    """What to type after the marker so the program ends by itself."""
    before: tuple[Path, ...] = ()
    """Folders to delete before each run (a cold cache)."""
    prepare: Callable[[], None] | None = None
    """What to do before each run, untimed (edit a deck file)."""


def _vm_hwm_mb(pid: int) -> float | None:
    """Return a live process's peak resident memory so far (VmHWM) in MB; None once it ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _exited(child: pexpect.spawn) -> None:
    """Reap a child that reached end of output; raise if it failed."""
    child.close()
    if child.exitstatus != 0:
        raise RuntimeError(f"{child.name} exited with {child.exitstatus} ({child.signalstatus})")


def screen_once(screen: Screen) -> tuple[float, float | None]:
    """Start the program once; return (seconds until the marker, peak RSS in MB by then).

    The peak is the process's VmHWM at the marker; unknown (None) for a program timed to
    its exit (measure that one with timing.peak_mb).
    """
    for folder in screen.before:
        _remove_tree(folder)
    if screen.prepare is not None:
        screen.prepare()
    start = time.perf_counter()
    child = pexpect.spawn(
        screen.argv[0], screen.argv[1:], env=screen.env, cwd=screen.cwd,
        dimensions=SIZE, encoding="utf-8", timeout=TIMEOUT_S,
    )  # fmt: skip
    if screen.marker is None:
        child.expect(pexpect.EOF)
        elapsed = time.perf_counter() - start
        _exited(child)
        return elapsed, None
    child.expect(re.escape(screen.marker))
    elapsed = time.perf_counter() - start
    peak = _vm_hwm_mb(child.pid)
    if peak is None:  # it already ended
        child.expect(pexpect.EOF)
        _exited(child)
        return elapsed, None
    child.send(screen.quit)
    child.expect(pexpect.EOF)
    child.close()
    return elapsed, peak


def _remove_tree(folder: Path) -> None:
    """Delete a folder and everything in it, if it exists."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def time_screens(screens: list[Screen], runs: int) -> list[Timing]:
    """Time each program in turns, `runs` times after one warm-up run of each."""
    for screen in screens:
        screen_once(screen)
    results: list[list[tuple[float, float | None]]] = [[] for _ in screens]
    for _ in range(runs):
        for screen, found in zip(screens, results, strict=True):
            found.append(screen_once(screen))
    return [
        Timing(s.name, tuple(r[0] for r in found), _max_peak([r[1] for r in found]))
        for s, found in zip(screens, results, strict=True)
    ]


def _max_peak(peaks: list[float | None]) -> float | None:
    known = [p for p in peaks if p is not None]
    return max(known) if known else None
