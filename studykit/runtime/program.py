"""What a container runs: the busybox commands the lab understands, reduced to behaviour."""

from __future__ import annotations

import re
from dataclasses import dataclass

APPLETS = frozenset(
    [
        "sh",
        "ash",
        "sleep",
        "true",
        "false",
        "echo",
        "cat",
        "ps",
        "hostname",
        "yes",
        "top",
        "env",
        "id",
        "ls",
        "wc",
        "head",
        "tail",
        "date",
    ]
)
"""Commands present in the lab's busybox image; anything else is not found (exit 127)."""
FOREVER = float("inf")


@dataclass(frozen=True)
class Program:
    """A process's behaviour: when it exits by itself, with what code, and what it does."""

    argv: tuple[str, ...]
    runs_for: float = 0.0
    """Seconds until it exits by itself (0: at once; FOREVER: never)."""
    code: int = 0
    handles_term: bool = False
    term_code: int = 0
    memory_hog: bool = False
    forks: int = 0
    output: str = ""
    missing: bool = False

    @property
    def name(self) -> str:
        """Return the program name (argv[0])."""
        return self.argv[0] if self.argv else "sh"


_SLEEP = re.compile(r"\bsleep\s+(\d+(?:\.\d+)?)")
_EXIT = re.compile(r"\bexit\s+(\d+)")
_TRAP = re.compile(r"""trap\s+(['"])(.*?)\1\s+(?:SIG)?TERM""")


def _shell(script: str, argv: tuple[str, ...]) -> Program:
    """Reduce a `sh -c SCRIPT` to behaviour by the patterns the lab knows."""
    trap = _TRAP.search(script)
    body = _TRAP.sub("", script)
    term_code = int(m.group(1)) if trap and (m := _EXIT.search(trap.group(2))) else 0
    sleeps = [float(s) for s in _SLEEP.findall(body)]
    forks = len(re.findall(r"(?<![&])&(?![&])", body))
    if "$x$x" in body.replace(" ", "") or "x=$x$x" in body:
        return Program(argv, FOREVER, memory_hog=True, handles_term=bool(trap), term_code=term_code)
    if re.search(r"while\s+(true|:)", body) or body.strip().startswith("yes"):
        return Program(argv, FOREVER, handles_term=bool(trap), term_code=term_code)
    exit_match = _EXIT.search(body)
    echo = " ".join(re.findall(r"\becho\s+([^;&|]+)", body)).strip().strip("'\"")
    return Program(
        argv,
        runs_for=max(sleeps, default=0.0),
        code=int(exit_match.group(1)) if exit_match else 0,
        handles_term=bool(trap),
        term_code=term_code,
        forks=forks,
        output=echo + "\n" if echo else "",
    )


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _sleep(argv: tuple[str, ...]) -> Program:
    """Return busybox sleep: N[smhd] or `infinity`; anything else fails at once with 1."""
    if argv[1] == "infinity":
        return Program(argv, FOREVER)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", argv[1])
    if match is None:
        return Program(argv, code=1, output=f"sleep: invalid number '{argv[1]}'\n")
    return Program(argv, runs_for=float(match.group(1)) * _UNITS[match.group(2)])


def parse_program(argv: tuple[str, ...]) -> Program:
    """Return the behaviour of a command line run in the lab's busybox image."""
    if not argv:
        return Program(("sh",))  # the image's default command: sh without a terminal exits 0
    name = argv[0].rsplit("/", 1)[-1]
    if name not in APPLETS:
        return Program(argv, missing=True, code=127)
    if name in ("sh", "ash") and len(argv) >= 3 and argv[1] == "-c":
        return _shell(argv[2], argv)
    if name == "sleep" and len(argv) > 1:
        return _sleep(argv)
    if name in ("yes", "top"):
        return Program(argv, FOREVER)
    output = " ".join(argv[1:]) + "\n" if name == "echo" else ""
    return Program(argv, code=1 if name == "false" else 0, output=output)
