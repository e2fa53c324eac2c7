"""The simulated `docker` CLI and engine: commands driven by the model's transition table."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable

from studykit.model.runtime import Engine, RuntimeModel, Transition
from studykit.runtime.arguments import Arguments, parse_arguments, parse_size
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.program import parse_program
from studykit.runtime.table import find_transition
from studykit.runtime.timeline import advance, deliver, run_until_exit, signal_number, start_process
from studykit.runtime.world import Container, Limits, RestartPolicy, World

CREATE_VALUES = {
    "--name": "name",
    "-m": "memory",
    "--memory": "memory",
    "--pids-limit": "pids",
    "--cpus": "cpus",
    "--restart": "restart",
    "--network": "network",
    "--net": "network",
}
CREATE_SWITCHES = {
    "-d": "detach",
    "--detach": "detach",
    "--rm": "rm",
    "-i": "interactive",
    "-t": "tty",
    "-it": "tty",
}
DEFAULT_STOP_TIMEOUT = 10.0
DAEMON = "Error response from daemon: "
PS_COLUMNS = ("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES")
VALID_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+\Z")


class DockerCli:
    """Run `docker ...` lines against a world, speaking one dialect's messages."""

    def __init__(self, model: RuntimeModel, world: World) -> None:
        self.model, self.world = model, world
        self.engine: Engine = model.engine("docker")

    def run(self, words: list[str], out: CommandOutcome) -> None:
        """Run one `docker` command (the words after `docker`)."""
        if not words:
            raise LabError("usage: docker COMMAND (try `help`)")
        command, rest = words[0], words[1:]
        if command == "container" and rest:  # `docker container ls` style
            command, rest = rest[0], rest[1:]
        handler = self.HANDLERS.get(command)
        if handler is None:
            raise LabError(f"docker: '{command}' is not a docker command in the lab (try `help`)")
        handler(self, rest, out)

    # -- helpers ---------------------------------------------------------------------------

    def message(self, message_id: str, c: Container | None, name: str, **extra: str) -> str:
        """Return a model message in this dialect with the container's id and name filled in."""
        text = self.engine.message(message_id, self.world.dialect)
        return text.format(id=c.id if c else name, name=name, **extra)

    def refuse(
        self, transition: Transition, c: Container | None, name: str, out: CommandOutcome
    ) -> None:
        """Print the error of a transition, after the daemon's lead-in or the message's own."""
        prefix = self.engine.message_prefix(transition.error, self.world.dialect)
        out.err(f"{DAEMON if prefix is None else prefix}{self.message(transition.error, c, name)}")
        out.exit_code = transition.exit_code

    def run_error(self, text: str, out: CommandOutcome, code: int, hint: bool = True) -> None:
        """Print an error of `docker run` as the dialect's client frames it."""
        if self.world.dialect == "docker-20.10":
            # reportError in cli/command/container/run.go: one full stop, never two
            line = f"docker: {text.removesuffix('.')}."
            out.stderr += [line, *(["See 'docker run --help'."] if hint else [])]
        else:
            out.stderr += [f"docker: {text}", "", "Run 'docker run --help' for more information"]
        out.exit_code = code

    def lookup(
        self, command: str, name: str, out: CommandOutcome, guards: frozenset[str] = frozenset()
    ) -> tuple[Container | None, Transition | None]:
        """Find the container and the transition; print the error when it is one."""
        c = self.world.find(name)
        state = c.state if c else "absent"
        transition = find_transition(self.engine, command, state, guards)
        if transition is None:
            raise LabError(f"the model has no rule for docker {command} on a {state} container")
        rule = self.model.rule(transition.rule)
        out.note(rule.id, f"docker {command} on {_article(state)} {state} container")
        if transition.error:
            self.refuse(transition, c, name, out)
            return c, None
        return c, transition

    def each(
        self,
        command: str,
        args: Arguments,
        out: CommandOutcome,
        act: Callable[[Container, Transition], bool | None],
        guards: Callable[[Container | None], frozenset[str]] = lambda c: frozenset(),
    ) -> None:
        """Apply a command to every named container, printing each name that succeeded."""
        if not args.operands:
            raise LabError(f"docker {command} requires at least 1 argument")
        failed = []
        for name in args.operands:
            c = self.world.find(name)
            c, transition = self.lookup(command, name, out, guards(c))
            if transition is None:
                found = find_transition(self.engine, command, "absent", guards(None))
                if c is not None or found is None or found.exit_code:
                    failed.append(name)  # rm -f of a missing container still succeeds
                continue
            if c is None or act(c, transition) is False:
                failed.append(name)
                continue
            out.out(name)
        if failed and command == "start":
            prefix = "Error: " if self.world.dialect == "docker-20.10" else ""
            out.err(f"{prefix}failed to start containers: {', '.join(failed)}")
        out.exit_code = 1 if failed else out.exit_code

    # -- create and run --------------------------------------------------------------------

    def create_error(self, command: str, text: str, out: CommandOutcome) -> None:
        """Print a daemon error of create (exit 1) or run (framed by the client, exit 125)."""
        if command == "run":
            self.run_error(f"{DAEMON}{text}", out, 125)
        else:
            out.err(f"{DAEMON}{text}")
            out.exit_code = 1

    def refuse_name(self, command: str, name: str, out: CommandOutcome) -> bool:
        """Print why a name cannot be used (invalid, or taken); return whether it was refused."""
        existing = self.world.containers.get(name)
        if not VALID_NAME.match(name):
            out.note("docker-names", f"'{name}' is not a valid container name")
            self.create_error(command, self.message("invalid-name", None, name), out)
        elif existing is not None:
            out.note("docker-name-unique", f"the name {name} is taken")
            self.create_error(command, self.message("name-conflict", existing, name), out)
        return not VALID_NAME.match(name) or existing is not None

    def create_container(
        self, args: Arguments, out: CommandOutcome, command: str = "create"
    ) -> Container | None:
        """Create a container from `create`/`run` arguments, or print why it cannot be."""
        if not args.operands:
            raise LabError(f"docker {command} requires at least 1 argument (the image)")
        restart = RestartPolicy.parse(args.flags.get("restart", "no"))
        if restart.name not in ("no", "on-failure", "always", "unless-stopped"):
            raise LabError(f"invalid restart policy '{restart.name}'")
        if restart.name != "no" and args.has("rm"):
            self.run_error(self.message("restart-and-rm", None, ""), out, 125)
            return None
        name = args.flags.get("name") or self.world.new_name()
        if self.refuse_name(command, name, out):
            return None
        limits = Limits(
            memory=parse_size(args.flags["memory"]) if "memory" in args.flags else 0,
            pids=int(args.flags.get("pids", "0")),
            cpus=float(args.flags.get("cpus", "0")),
        )
        program = parse_program(tuple(args.operands[1:]))
        image = args.operands[0]
        c = Container(name, self.world.new_id(name), "created", program, restart, limits)
        c.auto_remove, c.image, c.created_at = args.has("rm"), image, self.world.clock
        self.world.containers[name] = c
        out.note("docker-create", f"{name} created from image {args.operands[0]}")
        return c

    def create(self, words: list[str], out: CommandOutcome) -> None:
        """docker create: make a container and print its id."""
        args = parse_arguments(words, CREATE_VALUES, CREATE_SWITCHES, stop_at_operand=1)
        c = self.create_container(args, out)
        if c is not None:
            out.out(c.id)

    def start_or_fail(self, c: Container, out: CommandOutcome, command: str) -> bool:
        """Start the process; a missing command leaves the container created with 127."""
        if c.program.missing:
            out.note("exit-not-found", f"{c.program.name} is not in the image")
            c.exit_code, c.state = 127, "created"
            text = self.message("command-not-found", c, c.name, program=c.program.name)
            if command == "run":
                self.run_error(f"{DAEMON}{text}", out, 127, hint=False)
            else:
                out.err(f"{DAEMON}{text}")
            return False
        # A start by hand begins a new restart manager: count and back-off from zero.
        c.manually_stopped, c.restart_count, c.backoff = False, 0, 0.0
        start_process(self.world, c, out)
        return True

    def run_cmd(self, words: list[str], out: CommandOutcome) -> None:
        """docker run: create, start, and in the foreground wait for the exit code."""
        args = parse_arguments(words, CREATE_VALUES, CREATE_SWITCHES, stop_at_operand=1)
        if (
            not args.has("detach")
            and args.operands
            and parse_program(tuple(args.operands[1:])).runs_for == float("inf")
            and not (args.has("memory") or args.has("pids"))
        ):
            raise LabError(
                "this program never exits; run it with -d (the lab cannot attach to an endless foreground)"
            )
        c = self.create_container(args, out, "run")
        if c is None or not self.start_or_fail(c, out, "run"):
            return
        if args.has("detach"):
            out.out(c.id)
            return
        run_until_exit(self.world, c, out)
        out.stdout += c.program.output.splitlines()
        out.exit_code = c.exit_code
        out.note("exit-own-code", f"docker run returns the container's exit code {c.exit_code}")

    # -- lifecycle commands ----------------------------------------------------------------

    def start(self, words: list[str], out: CommandOutcome) -> None:
        """docker start."""
        args = parse_arguments(words, {}, {"-a": "attach", "-i": "interactive"})

        def act(c: Container, t: Transition) -> bool:
            return c.state not in ("created", "exited") or self.start_or_fail(c, out, "start")

        self.each("start", args, out, act)

    def stop_sequence(self, c: Container, timeout: float, out: CommandOutcome) -> None:
        """Send SIGTERM, wait up to `timeout`, then SIGKILL (docker stop, restart)."""
        c.manually_stopped = True
        if c.state == "paused":
            self.thaw(c)
        if c.state == "restarting":
            c.state, c.ends_at = "exited", None
            return
        if deliver(self.world, c, 15, out):
            return
        if run_until_exit(self.world, c, out, limit=timeout):
            return
        out.note("docker-stop", f"no exit within {timeout:g} s: SIGKILL")
        deliver(self.world, c, 9, out)

    def thaw(self, c: Container) -> None:
        """Unfreeze a paused container so its remaining run time counts again."""
        c.state = "running"
        if c.remaining is not None:
            c.ends_at, c.remaining = self.world.clock + c.remaining, None

    def stop(self, words: list[str], out: CommandOutcome) -> None:
        """docker stop [-t N]."""
        args = parse_arguments(words, {"-t": "time", "--time": "time"}, {})
        timeout = float(args.flags.get("time", DEFAULT_STOP_TIMEOUT))

        def act(c: Container, t: Transition) -> None:
            if c.state in ("running", "paused", "restarting"):
                self.stop_sequence(c, timeout, out)

        self.each("stop", args, out, act)

    def kill(self, words: list[str], out: CommandOutcome) -> None:
        """docker kill [-s SIGNAL]."""
        args = parse_arguments(words, {"-s": "signal", "--signal": "signal"}, {})
        signal = signal_number(args.flags.get("signal", "KILL"))
        if signal is None:
            out.note("docker-signals", f"{args.flags['signal']} is not a signal")
            out.err(
                f"{DAEMON}{self.message('invalid-signal', None, '', signal=args.flags['signal'])}"
            )
            out.exit_code = 1
            return

        def guards(c: Container | None) -> frozenset[str]:
            handled = c is not None and signal == 15 and c.program.handles_term
            return frozenset({"sigkill"} if signal == 9 else {"handled"} if handled else set())

        def act(c: Container, t: Transition) -> None:
            c.manually_stopped = True
            if c.state == "restarting":
                c.state, c.ends_at = "exited", None
                return
            if c.state == "paused":
                self.thaw(c)
            deliver(self.world, c, signal, out)

        self.each("kill", args, out, act, guards)

    def pause(self, words: list[str], out: CommandOutcome) -> None:
        """docker pause."""

        def act(c: Container, t: Transition) -> None:
            c.state = "paused"
            if c.ends_at is not None:
                c.remaining, c.ends_at = c.ends_at - self.world.clock, None

        self.each("pause", parse_arguments(words, {}, {}), out, act)

    def unpause(self, words: list[str], out: CommandOutcome) -> None:
        """docker unpause."""
        self.each("unpause", parse_arguments(words, {}, {}), out, lambda c, t: self.thaw(c))

    def restart(self, words: list[str], out: CommandOutcome) -> None:
        """docker restart [-t N]."""
        args = parse_arguments(words, {"-t": "time", "--time": "time"}, {})
        timeout = float(args.flags.get("time", DEFAULT_STOP_TIMEOUT))

        def act(c: Container, t: Transition) -> None:
            if c.state in ("running", "paused", "restarting"):
                self.stop_sequence(c, timeout, out)
            if c.name in self.world.containers:
                self.start_or_fail(c, out, "")

        self.each("restart", args, out, act)

    def rm(self, words: list[str], out: CommandOutcome) -> None:
        """docker rm [-f]."""
        args = parse_arguments(words, {}, {"-f": "force", "--force": "force"})
        guards = frozenset({"force"} if args.has("force") else set())

        def act(c: Container, t: Transition) -> None:
            if c.state in ("running", "paused", "restarting"):
                c.manually_stopped = True
                self.thaw(c)
                deliver(self.world, c, 9, out)
            self.world.containers.pop(c.name, None)

        self.each("rm", args, out, act, lambda c: guards)

    def wait(self, words: list[str], out: CommandOutcome) -> None:
        """docker wait: block until not running, print the exit code."""
        args = parse_arguments(words, {}, {})

        def act(c: Container, t: Transition) -> None:
            if c.state == "paused" or not run_until_exit(self.world, c, out):
                raise LabError(f"{c.name} never exits by itself; docker wait would block forever")

        for name in args.operands:
            c, transition = self.lookup("wait", name, out)
            if c is not None and transition is not None:
                act(c, transition)
                out.out(str(c.exit_code))
        if not args.operands:
            raise LabError("docker wait requires at least 1 argument")

    def exec_cmd(self, words: list[str], out: CommandOutcome) -> None:
        """docker exec CONTAINER COMMAND...: run a process beside PID 1."""
        args = parse_arguments(
            words,
            {"-u": "user", "-w": "workdir"},
            {"-i": "i", "-t": "t", "-it": "it", "-d": "detach"},
            stop_at_operand=1,
        )
        if len(args.operands) < 2:
            raise LabError("docker exec requires at least 2 arguments")
        c, transition = self.lookup("exec", args.operands[0], out)
        if c is None or transition is None:
            return
        program = parse_program(tuple(args.operands[1:]))
        if program.missing:  # the 20.10 client prints this one on stdout
            out.out(
                f'OCI runtime exec failed: exec failed: unable to start container process: exec: "{program.name}": executable file not found in $PATH: unknown'
            )
            out.exit_code = 126
            return
        out.stdout += program.output.splitlines()
        if program.runs_for not in (0, float("inf")):
            advance(self.world, program.runs_for, out)
        out.exit_code = program.code

    # -- looking --------------------------------------------------------------------------

    def ps(self, words: list[str], out: CommandOutcome) -> None:
        """docker ps [-a]: the table of containers."""
        args = parse_arguments(
            words, {"--format": "format"}, {"-a": "all", "--all": "all", "-q": "quiet"}
        )
        rows = [
            c
            for c in reversed(list(self.world.containers.values()))
            if args.has("all") or c.state in ("running", "paused", "restarting")
        ]
        if args.has("quiet"):
            out.stdout += [c.id[:12] for c in rows]
            return
        table: list[tuple[str, ...]] = [PS_COLUMNS]
        for c in rows:
            command = shlex.join(c.program.argv)
            shown = command if len(command) <= 20 else command[:19] + "…"
            created = f"{_age(self.world.clock - c.created_at)} ago"
            quoted = json.dumps(shown, ensure_ascii=False)  # strconv.Quote, as the CLI does
            table.append((c.id[:12], c.image, quoted, created, self.status(c), "", c.name))
        # The CLI's tabwriter: cells padded by 3 spaces to at least 10; the last one bare.
        widths = [max(10, *(len(row[i]) + 3 for row in table)) for i in range(6)]
        for row in table:
            out.out(
                "".join(cell.ljust(width) for cell, width in zip(row[:6], widths, strict=True))
                + row[6]
            )

    def status(self, c: Container) -> str:
        """Return the STATUS column as `docker ps` writes it."""
        reference = c.finished_at if c.state in ("exited", "restarting") else c.started_at
        age = _age(self.world.clock - (reference if reference is not None else self.world.clock))
        return {
            "running": f"Up {age}",
            "paused": f"Up {age} (Paused)",
            "restarting": f"Restarting ({c.exit_code}) {age} ago",
            "exited": f"Exited ({c.exit_code}) {age} ago",
            "created": "Created",
            "dead": "Dead",
            "removing": "Removal In Progress",
        }[c.state]

    def inspect(self, words: list[str], out: CommandOutcome) -> None:
        """docker inspect [-f FORMAT]: the state fields."""
        args = parse_arguments(words, {"-f": "format", "--format": "format"}, {})
        found = []
        for name in args.operands:
            c, transition = self.lookup("inspect", name, out)
            if c is not None and transition is not None:
                found.append(c)
        if "format" in args.flags:
            out.stdout += [_format(args.flags["format"], c) for c in found]
        else:  # an empty JSON list too, when nothing matched
            out.stdout += json.dumps([_inspect(c) for c in found], indent=4).splitlines()
        if len(found) < len(args.operands):
            out.exit_code = 1

    HANDLERS: dict[str, Callable[[DockerCli, list[str], CommandOutcome], None]] = {}


DockerCli.HANDLERS = {
    "create": DockerCli.create,
    "run": DockerCli.run_cmd,
    "start": DockerCli.start,
    "stop": DockerCli.stop,
    "kill": DockerCli.kill,
    "pause": DockerCli.pause,
    "unpause": DockerCli.unpause,
    "restart": DockerCli.restart,
    "rm": DockerCli.rm,
    "wait": DockerCli.wait,
    "exec": DockerCli.exec_cmd,
    "ps": DockerCli.ps,
    "ls": DockerCli.ps,
    "inspect": DockerCli.inspect,
}


def _article(word: str) -> str:
    """Return `a` or `an` for a word."""
    return "an" if word[:1] in "aeiou" else "a"


def _age(seconds: float) -> str:
    """Return a duration the way docker ps says it (go-units HumanDuration)."""
    minutes, hours = int(seconds // 60), int(seconds // 3600)
    if seconds < 1:
        return "Less than a second"
    if seconds < 60:
        return f"{int(seconds)} second{'s' if int(seconds) != 1 else ''}"
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    if hours == 1:
        return "About an hour"
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


def _inspect(c: Container) -> dict[str, object]:
    return {
        "Id": c.id,
        "Name": f"/{c.name}",
        "RestartCount": c.restart_count,
        "State": {
            "Status": c.state,
            "Running": c.state in ("running", "paused", "restarting"),
            "Paused": c.state == "paused",
            "Restarting": c.state == "restarting",
            "OOMKilled": c.oom_killed,
            "Pid": c.pid,
            "ExitCode": c.exit_code,
        },
        "HostConfig": {
            "RestartPolicy": {"Name": c.policy.name, "MaximumRetryCount": c.policy.maximum}
        },
    }


def _format(template: str, c: Container) -> str:
    """Fill a Go template of `{{.State.X}}` fields, the ones the lab knows."""
    data = _inspect(c)
    state = data["State"]
    assert isinstance(state, dict)
    fields = {f".State.{k}": v for k, v in state.items()}
    fields |= {".Name": data["Name"], ".Id": c.id, ".RestartCount": c.restart_count}
    text = template
    for key, value in fields.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        text = text.replace("{{" + key + "}}", shown).replace("{{ " + key + " }}", shown)
    return text
