"""What a container runs: a command line reduced to behaviour, from the model's program table.

The model lists the programs the lab simulates (`programs:`), which everyday programs
each family of images ships (`bases:`) and which programs each image adds (`images:`).
`resolve` turns a command line run in an image into a `Program`: when it exits by
itself and with what code, what it prints on which stream, which signals it handles.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from studykit.model.images import ImageDef, ProgramDef
from studykit.model.runtime import RuntimeModel
from studykit.runtime.outcome import LabError

FOREVER = float("inf")
SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "TERM": 15, "STOP": 19}
SIGNAL_NAMES = {number: f"SIG{name}" for name, number in SIGNALS.items()}
KEEPS_RUNNING = -1
"""A handler that does not exit: the program goes on after the signal."""
DIRECTORIES = frozenset(
    ["/", "/bin", "/dev", "/etc", "/home", "/lib", "/proc", "/root", "/sbin", "/sys", "/tmp"]
    + ["/usr", "/usr/bin", "/usr/local", "/usr/local/bin", "/usr/sbin", "/var"]
)
"""Directories every image has: running one is `permission denied` (exit 126)."""
DEFAULT_TERMINATES = frozenset([1, 2, 3, 9, 10, 12, 15])
"""Signals whose default action ends a process that is not PID 1 (STOP only stops it)."""


@dataclass(frozen=True)
class Program:
    """A process's behaviour: when it exits by itself, with what code, and what it does."""

    argv: tuple[str, ...]
    runs_for: float = 0.0
    """Seconds until it exits by itself (0: at once; FOREVER: never)."""
    code: int = 0
    handles: tuple[tuple[int, int], ...] = ()
    """Signal number -> exit code when the program catches it (KEEPS_RUNNING: it goes on)."""
    memory_hog: bool = False
    forks: int = 0
    stdout: tuple[str, ...] = ()
    stderr: tuple[str, ...] = ()
    missing: bool = False
    directory: bool = False
    opaque: bool = False
    interactive: bool = False
    """A shell or REPL: with -i and -t it waits for input instead of exiting."""
    special: str = ""
    """Output the engine fills in when the program runs: env, hostname or ps."""
    rule: str = "busybox-behaviour"
    execs: tuple[str, ...] = ()
    """The command a shell replaces itself with (its last command, when it sets no trap)."""

    @property
    def process_argv(self) -> tuple[str, ...]:
        """Return the command line the process shows (/proc/PID/cmdline, docker top)."""
        return self.execs or self.argv

    @property
    def name(self) -> str:
        """Return the program name (argv[0])."""
        return self.argv[0] if self.argv else "sh"

    def exit_on(self, signal: int) -> int | None:
        """Return the exit code a caught signal leads to, KEEPS_RUNNING, or None if uncaught."""
        return dict(self.handles).get(signal)

    @property
    def endless(self) -> bool:
        """Return whether the program never exits by itself."""
        return self.runs_for == FOREVER


def signal_number(name: str) -> int | None:
    """Return the number of a signal given as KILL, SIGKILL or 9; None when unknown."""
    bare = name.upper().removeprefix("SIG")
    if bare.isdigit():
        return int(bare)
    return SIGNALS.get(bare)


class ProgramTable:
    """The model's programs by id, and the names each image makes available."""

    def __init__(self, model: RuntimeModel) -> None:
        if not model.programs:  # a model without a catalogue runs the bundled one's programs
            from studykit.runtime.lab.models import bundled_model

            model = bundled_model()
        self.model = model
        self.by_id = {p.id: p for p in model.programs}
        self._names: dict[str, dict[str, ProgramDef]] = {}

    def names(self, image: ImageDef | None) -> dict[str, ProgramDef]:
        """Return the programs an image has, by file name."""
        key = image.id if image else ""
        if key not in self._names:
            base = self.model.base(image.base if image else "busybox")
            ids = [*(base.programs if base else ()), *(image.programs if image else ())]
            found = [self.by_id[i] for i in ids if i in self.by_id]
            self._names[key] = {p.name: p for p in found}
        return self._names[key]

    def lookup(self, image: ImageDef | None, word: str) -> ProgramDef | None:
        """Return the program a command word runs in an image, or None."""
        return self.names(image).get(word.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class Context:
    """What a program is run with: the image, its environment, a terminal or not."""

    table: ProgramTable
    image: ImageDef | None = None
    env: tuple[str, ...] = ()
    terminal: bool = False
    """-i and -t together: a shell reads commands from the user."""
    debian: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "debian", bool(self.image and self.image.base == "debian"))

    def variable(self, name: str) -> str | None:
        """Return an environment variable's value (None when unset)."""
        for entry in reversed(self.env):
            key, eq, value = entry.partition("=")
            if key == name and eq:
                return value
        return None


Behaviour = Callable[[tuple[str, ...], ProgramDef, "Context"], "Program"]


def resolve(argv: tuple[str, ...], context: Context) -> Program:
    """Return the behaviour of a command line run in an image."""
    if not argv:
        raise LabError("no command to run")
    word = argv[0]
    if word.rstrip("/") in DIRECTORIES or word == "/":
        return Program(argv, directory=True, code=126, rule="exit-cannot-invoke")
    found = context.table.lookup(context.image, word)
    if found is None:
        return Program(argv, missing=True, code=127, rule="exit-not-found")
    program = BEHAVIOURS[found.behaviour](argv, found, context)
    return program if program.rule != "busybox-behaviour" else replace(program, rule=found.rule)


def _exit(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    return Program(argv, code=found.exit_code)


def _echo(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    return Program(argv, stdout=(" ".join(argv[1:]),))


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def _sleep(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return sleep N[smhd] or `infinity`; a bad number fails at once with 1, on stderr."""
    if len(argv) < 2:
        return Program(argv, code=1, stderr=("sleep: missing operand",))
    if argv[1] == "infinity":
        return Program(argv, FOREVER)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", argv[1])
    if match is None:
        if context.debian:  # GNU coreutils, in the C locale of a container
            lines = (
                f"sleep: invalid time interval '{argv[1]}'",
                "Try 'sleep --help' for more information.",
            )
            return Program(argv, code=1, stderr=lines)
        return Program(argv, code=1, stderr=(f"sleep: invalid number '{argv[1]}'",))
    return Program(argv, runs_for=float(match.group(1)) * _UNITS[match.group(2)])


def _cat(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return cat: an empty stdin gives nothing; a missing file is an error on stderr."""
    files = [a for a in argv[1:] if not a.startswith("-")]
    if not files:
        return Program(argv)
    if files == ["/etc/hostname"]:
        return Program(argv, special="hostname")
    path = files[0]
    if path.startswith("/nonexistent") or path.startswith("/nosuch"):
        if context.debian:
            return Program(argv, code=1, stderr=(f"cat: {path}: No such file or directory",))
        return Program(
            argv, code=1, stderr=(f"cat: can't open '{path}': No such file or directory",)
        )
    return _opaque(argv, found, context)


def _tail(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return tail: /dev/zero is one endless line (a memory hog); -f follows forever."""
    if "/dev/zero" in argv[1:]:
        return Program(argv, FOREVER, memory_hog=True, rule="oom-kill")
    if "-f" in argv[1:] or "-F" in argv[1:]:
        return Program(argv, FOREVER)
    return _opaque(argv, found, context)


def _forever(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    return Program(argv, FOREVER)


def _special(kind: str) -> Behaviour:
    def run(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
        return Program(argv, special=kind)

    return run


def _opaque(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    return Program(argv, opaque=True)


def _print(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    return Program(argv, code=found.exit_code, stdout=found.stdout, stderr=found.stderr)


def _server(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return a server from the table: runs until a signal it handles, prints its start-up."""
    handles = tuple(
        (number, code) for name, code in found.signals if (number := signal_number(name))
    )
    return Program(
        argv, FOREVER, handles=handles, stdout=found.stdout, stderr=found.stderr, rule=found.rule
    )


def _interpreter(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return a REPL: -c runs a one-line print; without input it exits 0 at once."""
    if len(argv) >= 3 and argv[1] == "-c":
        match = re.fullmatch(r"""\s*print\((['"])(.*)\1\)\s*""", argv[2])
        if match is None:
            return _opaque(argv, found, context)
        return Program(argv, stdout=(match.group(2),), rule=found.rule)
    if len(argv) > 1:
        return _opaque(argv, found, context)
    return _interactive(argv, found, context)


def _interactive(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return a shell or REPL with no script: it waits on a terminal, else reads EOF and exits."""
    if context.terminal:
        return Program(argv, FOREVER, interactive=True, rule="docker-interactive")
    return Program(argv, interactive=True, rule=found.rule)


def _entrypoint(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return an entrypoint script: its set-up (and checks) for the commands it wraps, then exec."""
    rest = argv[1:]
    if not rest:
        return Program(argv, rule=found.rule)
    program = resolve(rest, context)
    if rest[0].rsplit("/", 1)[-1] not in found.wraps:
        return program
    if found.requires_env and not any(_satisfied(need, context) for need in found.requires_env):
        return Program(argv, code=found.fail_exit, stderr=found.fail_stderr, rule=found.rule)
    return replace(
        program, stdout=found.stdout + program.stdout, stderr=found.stderr + program.stderr
    )


def _satisfied(need: str, context: Context) -> bool:
    """Return whether `VAR` is set and not empty, or `VAR=value` holds."""
    name, eq, value = need.partition("=")
    current = context.variable(name)
    return bool(current) if not eq else current == value


def _init(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Return docker-init run by hand: it runs its command (after `--`)."""
    rest = argv[1:]
    if rest[:1] == ("--",):
        rest = rest[1:]
    return resolve(rest, context) if rest else Program(argv, code=1)


_SLEEP = re.compile(r"\bsleep\s+(\d+(?:\.\d+)?)")
_EXIT = re.compile(r"\bexit\s+(\d+)")
_TRAP = re.compile(r"""trap\s+(['"])(.*?)\1((?:\s+(?:SIG)?[A-Z0-9]+)+)""")
_ECHO = re.compile(r"""\becho\s+([^;&|>]+?)\s*(>&2|1>&2)?\s*(?=;|&&|\|\||$)""")


def _traps(script: str) -> tuple[tuple[int, int], ...]:
    """Return the signals a script traps: the handler's `exit N`, else it keeps running."""
    handles = []
    for match in _TRAP.finditer(script):
        action = _EXIT.search(match.group(2))
        code = int(action.group(1)) % 256 if action else KEEPS_RUNNING
        for name in match.group(3).split():
            number = signal_number(name)
            if number is not None and number not in (9, 19):  # KILL and STOP cannot be caught
                handles.append((number, code))
    return tuple(handles)


def _echoes(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the lines a script's echo commands print on stdout and on stderr."""
    out: list[str] = []
    err: list[str] = []
    for match in _ECHO.finditer(body):
        text = match.group(1).strip().strip("'\"")
        (err if match.group(2) else out).append(text)
    return tuple(out), tuple(err)


def _shell(argv: tuple[str, ...], found: ProgramDef, context: Context) -> Program:
    """Reduce `sh -c SCRIPT` to behaviour by the patterns the lab knows."""
    if len(argv) < 3 or argv[1] != "-c":
        return _interactive(argv, found, context)
    script = argv[2]
    handles = _traps(script)
    body = _TRAP.sub("", script)
    stdout, stderr = _echoes(body)
    forks = len(re.findall(r"(?<![&>])&(?![&>])", body))
    if "$x$x" in body.replace(" ", ""):
        return Program(argv, FOREVER, memory_hog=True, handles=handles, rule="oom-kill")
    if re.search(r"while\s+(true|:)", body) or body.strip().startswith("yes"):
        return Program(argv, FOREVER, handles=handles, stdout=stdout, stderr=stderr)
    exit_match = _EXIT.search(body)
    return Program(
        argv,
        runs_for=max((float(s) for s in _SLEEP.findall(body)), default=0.0),
        code=int(exit_match.group(1)) % 256 if exit_match else 0,
        handles=handles,
        forks=forks,
        stdout=stdout,
        stderr=stderr,
        execs=() if handles else _last_command(body),
    )


SHELL_BUILTINS = frozenset(
    [
        "echo",
        "exit",
        "trap",
        "true",
        "false",
        "test",
        "[",
        "printf",
        "cd",
        "export",
        "wait",
        ":",
        "read",
        "set",
        "kill",
    ]
)


def _last_command(body: str) -> tuple[str, ...]:
    """Return the script's last simple command, which busybox sh execs in its place."""
    last = re.split(r";|&&|\|\||\n", body)[-1].strip()
    if not last or any(mark in last for mark in "|&<>()$`{") or " do " in f" {last} ":
        return ()
    try:
        words = tuple(shlex.split(last))
    except ValueError:
        return ()
    if not words or words[0] in SHELL_BUILTINS or words[0] in ("while", "until", "done", "fi"):
        return ()
    return words[1:] if words[0] == "exec" else words


BEHAVIOURS: dict[str, Behaviour] = {
    "sleep": _sleep,
    "shell": _shell,
    "exit": _exit,
    "echo": _echo,
    "cat": _cat,
    "tail": _tail,
    "forever": _forever,
    "print": _print,
    "env": _special("env"),
    "hostname": _special("hostname"),
    "ps": _special("ps"),
    "init": _init,
    "entrypoint": _entrypoint,
    "server": _server,
    "interpreter": _interpreter,
    "opaque": _opaque,
}
"""How each behaviour of the program table turns a command line into a Program."""


def busybox_applets(model: RuntimeModel | None = None) -> list[str]:
    """Return the applet names of the busybox base: the links the live image needs."""
    if model is None or not model.bases:
        from studykit.runtime.lab.models import bundled_model

        model = bundled_model()
    base = model.base("busybox")
    table = {p.id: p for p in model.programs}
    return sorted(table[i].name for i in (base.programs if base else ()) if i in table)
