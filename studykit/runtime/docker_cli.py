"""The simulated `docker` CLI and engine: commands driven by the model's transition table.

This module holds the container lifecycle (create, run, start, stop, kill, pause,
unpause, restart, rm, wait, exec); listings are in `docker_listing`, images and the
registry in `docker_images`, volumes, networks and prune in `docker_resources`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from studykit.model.runtime import Engine, RuntimeModel, Transition
from studykit.runtime.arguments import Arguments, parse_arguments
from studykit.runtime.config import ContainerConfig
from studykit.runtime.docker_options import OptionError, build_config, memory_limits, parse_create
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.program import Context, Program, ProgramTable, resolve, signal_number
from studykit.runtime.table import find_transition
from studykit.runtime.timeline import (
    deliver,
    run_until_exit,
    start_process,
    start_refusal,
    stop_signal,
)
from studykit.runtime.world import Container, Limits, RestartPolicy, World

DEFAULT_STOP_TIMEOUT = 10.0
DAEMON = "Error response from daemon: "
MIN_MEMORY = 6 * 2**20
"""The smallest memory limit the daemon accepts (linuxMinMemory in moby)."""
POLICIES = ("no", "on-failure", "always", "unless-stopped")
_TABLES: dict[int, tuple[RuntimeModel, ProgramTable]] = {}


def program_table(model: RuntimeModel) -> ProgramTable:
    """Return the program table of a model, built once per model."""
    cached = _TABLES.get(id(model))
    if cached is None or cached[0] is not model:
        cached = _TABLES[id(model)] = (model, ProgramTable(model))
    return cached[1]


class DockerCli:
    """Run `docker ...` lines against a world, speaking one dialect's messages."""

    def __init__(self, model: RuntimeModel, world: World) -> None:
        self.model, self.world = model, world
        self.engine: Engine = model.engine("docker")
        self.table = program_table(model)

    def run(self, words: list[str], out: CommandOutcome) -> None:
        """Run one `docker` command (the words after `docker`)."""
        if not words:
            raise LabError("usage: docker COMMAND (try `help`)")
        command, rest = _command(words)
        handler = self.HANDLERS.get(command)
        if handler is None:
            raise LabError(_unknown_command(command, list(self.HANDLERS)))
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
        if code == 125:
            out.note("exit-daemon-error", "the container's process never ran: docker run exits 125")
        if self.world.dialect == "docker-20.10":
            # reportError in cli/command/container/run.go: one full stop, never two
            line = f"docker: {text.removesuffix('.')}."
            out.stderr += [line, *(["See 'docker run --help'."] if hint else [])]
        else:
            out.stderr += [f"docker: {text}", "", "Run 'docker run --help' for more information"]
        out.exit_code = code

    def daemon_error(self, command: str, text: str, out: CommandOutcome) -> None:
        """Print a daemon error of create (exit 1) or run (framed by the client, exit 125)."""
        if command == "run":
            self.run_error(f"{DAEMON}{text}", out, 125)
        else:
            out.err(f"{DAEMON}{text}")
            out.exit_code = 1

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

    def context(self, c: Container, terminal: bool = False) -> Context:
        """Return what a program in this container runs with: its image, env, a terminal."""
        from studykit.runtime.docker_images import image_of

        return Context(self.table, image_of(self.world, c, self.model), c.config.env, terminal)

    # -- create and run --------------------------------------------------------------------

    def refuse_name(self, command: str, name: str, out: CommandOutcome) -> bool:
        """Print why a name cannot be used (invalid, or taken); return whether it was refused."""
        from studykit.runtime.docker_listing import VALID_NAME

        existing = self.world.containers.get(name)
        if not VALID_NAME.match(name):
            out.note("docker-names", f"'{name}' is not a valid container name")
            self.daemon_error(command, self.message("invalid-name", None, name), out)
        elif existing is not None:
            out.note("docker-name-unique", f"the name {name} is taken")
            self.daemon_error(command, self.message("name-conflict", existing, name), out)
        return not VALID_NAME.match(name) or existing is not None

    def checked_limits(self, args: Arguments, command: str, out: CommandOutcome) -> Limits | None:
        """Return the limits of create/run options, or print the daemon's refusal."""
        memory, swap = memory_limits(args)
        if memory and memory < MIN_MEMORY:
            out.note("memory-minimum", f"{memory // 2**20} MiB is under the 6 MiB minimum")
            self.daemon_error(command, self.message("min-memory", None, ""), out)
            return None
        return Limits(
            memory=memory,
            pids=int(args.flags.get("pids", "0")),
            cpus=float(args.flags.get("cpus", "0")),
            memory_swap=swap,
        )

    def restart_policy(self, args: Arguments, out: CommandOutcome) -> RestartPolicy | None:
        """Return the --restart policy, or print the client's refusal of --restart with --rm."""
        restart = RestartPolicy.parse(args.flags.get("restart", "no"))
        if restart.name not in POLICIES:
            raise LabError(f"invalid restart policy '{restart.name}'")
        if restart.name != "no" and args.has("rm"):
            self.run_error(self.message("restart-and-rm", None, ""), out, 125)
            return None
        return restart

    def create_container(
        self, args: Arguments, out: CommandOutcome, command: str = "create"
    ) -> Container | None:
        """Create a container from `create`/`run` arguments, or print why it cannot be."""
        from studykit.runtime.docker_images import image_config, pull_for_run
        from studykit.runtime.docker_resources import host_network_warning

        if not args.operands:
            raise LabError(f"docker {command} requires at least 1 argument (the image)")
        restart = self.restart_policy(args, out)
        local = pull_for_run(self, args.operands[0], out, command) if restart else None
        limits = self.checked_limits(args, command, out) if local else None
        name = args.flags.get("name") or self.world.new_name()
        if (
            restart is None
            or limits is None
            or local is None
            or self.refuse_name(command, name, out)
        ):
            return None
        config = build_config(args, args.operands[0], image_config(local))
        if self.refuse_config(config, command, out):
            return None
        host_network_warning(config, out)
        return self.add_container(name, config, restart, limits, args, out)

    def add_container(
        self,
        name: str,
        config: ContainerConfig,
        restart: RestartPolicy,
        limits: Limits,
        args: Arguments,
        out: CommandOutcome,
    ) -> Container:
        """Make the container, resolve its program in its image, create its volumes."""
        from studykit.runtime.docker_resources import attach_mounts

        c = Container(
            name, self.world.new_id(name), "created", _placeholder(config), restart, limits
        )
        c.auto_remove, c.image, c.created_at, c.config, c.serial = (
            args.has("rm"), config.image, self.world.clock, config, self.world.created,
        )  # fmt: skip
        c.program = resolve(config.argv, self.context(c, config.interactive and config.tty))
        if c.program.opaque:
            raise LabError(_opaque(c.program))
        self.world.containers[name] = c
        attach_mounts(self, c, out)
        out.note("docker-create", f"{name} created from image {config.image}")
        out.note(
            "image-command", f"{name} will run {' '.join(config.argv)!r} (Entrypoint, then Cmd)"
        )
        if args.all("env"):
            out.note("docker-env", f"-e adds {', '.join(args.all('env'))} to the image's Env")
        return c

    def refuse_config(self, config: ContainerConfig, command: str, out: CommandOutcome) -> bool:
        """Print the daemon's refusal of a configuration (no command, unknown capability)."""
        if not config.argv:
            out.note(
                "image-command", f"{config.image} has no Entrypoint or Cmd, and none was given"
            )
            self.daemon_error(command, self.message("no-command", None, ""), out)
            return True
        known = self.model.kernel.capabilities
        for flag, caps in (("CapAdd", config.cap_add), ("CapDrop", config.cap_drop)):
            for cap in caps:
                full = cap.upper() if cap.upper().startswith("CAP_") else f"CAP_{cap.upper()}"
                if cap.upper() != "ALL" and known and full not in known:
                    out.note("docker-capabilities", f"{full} is not a capability")
                    text = self.message("unknown-capability", None, "", flag=flag, capability=full)
                    self.daemon_error(command, text, out)
                    return True
        return False

    def create(self, words: list[str], out: CommandOutcome) -> None:
        """docker create: make a container and print its id."""
        args = self.parse_options(words, out, "create")
        c = self.create_container(args, out) if args is not None else None
        if c is not None:
            out.out(c.id)

    def parse_options(
        self, words: list[str], out: CommandOutcome, command: str
    ) -> Arguments | None:
        """Parse create/run options; a bad -p, -v or --mount is the client's error (exit 125)."""
        args = parse_create(words)
        try:
            build_config(args, "", ContainerConfig())
        except OptionError as error:
            out.err(str(error))
            out.err(f"See 'docker {command} --help'.")
            out.exit_code = 125
            return None
        return args

    def start_or_fail(self, c: Container, out: CommandOutcome, command: str) -> bool:
        """Start the process; a start the runtime refuses leaves the container created."""
        from studykit.runtime.docker_resources import missing_network, publish_ports

        refusal = start_refusal(self.world, c, self.model) or missing_network(self, c, out)
        if refusal is None:
            refusal = publish_ports(self, c, out)
        if refusal is not None:
            code, rule, text = refusal
            out.note(rule, f"{c.name} could not start")
            c.exit_code, c.state = code, "created"
            if command == "run":
                self.run_error(f"{DAEMON}{text}", out, code if code in (126, 127) else 125, False)
            else:
                out.err(f"{DAEMON}{text}")
            return False
        # A start by hand begins a new restart manager: count and back-off from zero.
        c.manually_stopped, c.restart_count, c.backoff = False, 0, 0.0
        start_process(self.world, c, out)
        return True

    def run_cmd(self, words: list[str], out: CommandOutcome) -> None:
        """docker run: create, start, and in the foreground wait for the exit code."""
        args = self.parse_options(words, out, "run")
        if args is None:
            return
        detach = args.has("detach")
        c = self.create_container(args, out, "run")
        if c is None:
            return
        interactive = c.config.interactive and c.config.tty and c.program.interactive
        if not detach and not interactive and _endless(c):
            raise LabError(_attached_forever(c.program, "docker run"))
        before = len(c.log)
        if not self.start_or_fail(c, out, "run"):
            if detach:  # the client printed the id of the container it created
                out.out(c.id)
            return
        if detach or interactive:
            out.out(c.id)
            if interactive:
                out.note("docker-interactive", "the lab's shell is not a terminal")
                out.err(_interactive_note(c))
            return
        self.attach(c, out, before)
        out.note("exit-own-code", f"docker run returns the container's exit code {out.exit_code}")

    def attach(self, c: Container, out: CommandOutcome, before: int) -> None:
        """Wait for the container and print what it wrote from line `before` on, per stream."""
        run_until_exit(self.world, c, out)
        for stream, line in c.log[before:]:
            (out.stdout if stream == "stdout" else out.stderr).append(line)
        if any(stream == "stderr" for stream, _ in c.log[before:]):
            out.note(
                "program-streams", f"{c.program.name} wrote to stderr: the client prints it there"
            )
        out.exit_code = c.exit_code

    # -- lifecycle commands ----------------------------------------------------------------

    def start(self, words: list[str], out: CommandOutcome) -> None:
        """docker start [-a]."""
        args = parse_arguments(
            words, {}, {"-a": "attach", "--attach": "attach", "-i": "interactive"}
        )
        if args.has("attach"):
            self.start_attached(args, out)
            return

        def act(c: Container, t: Transition) -> bool:
            return c.state not in ("created", "exited") or self.start_or_fail(c, out, "start")

        self.each("start", args, out, act)

    def start_attached(self, args: Arguments, out: CommandOutcome) -> None:
        """docker start -a CONTAINER: start it, print its output, exit with its code."""
        if len(args.operands) != 1:
            if not args.operands:
                raise LabError("docker start requires at least 1 argument")
            out.note("docker-start-attach", "one container at a time")
            out.err("you cannot start and attach multiple containers at once")
            out.exit_code = 1
            return
        c, transition = self.lookup("start", args.operands[0], out)
        if c is None or transition is None:
            out.exit_code = 1
            return
        out.note("docker-start-attach", f"attached to {c.name}")
        if _endless(c) or (c.state in ("running", "restarting") and c.ends_at is None):
            raise LabError(_attached_forever(c.program, "docker start -a"))
        before = len(c.log)
        if c.state in ("created", "exited") and not self.start_or_fail(c, out, "start"):
            out.exit_code = 1
            return
        self.attach(c, out, before)

    def stop_sequence(self, c: Container, timeout: float, out: CommandOutcome) -> None:
        """Send the stop signal, wait up to `timeout`, then SIGKILL (docker stop, restart)."""
        c.manually_stopped = True
        if c.state == "paused":
            self.thaw(c)
        if c.state == "restarting":
            c.state, c.ends_at = "exited", None
            return
        signal = stop_signal(c)
        if signal != 15:
            out.note("stop-signal", f"{c.name}'s image sets STOPSIGNAL {c.config.stop_signal}")
        if deliver(self.world, c, signal, out):
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

    def timeout(self, args: Arguments, c: Container) -> float:
        """Return the stop timeout: -t, else the container's --stop-timeout, else 10 s."""
        if args.has("time"):
            return float(args.flags["time"])
        stored = c.config.stop_timeout
        return DEFAULT_STOP_TIMEOUT if stored is None else stored

    def stop(self, words: list[str], out: CommandOutcome) -> None:
        """docker stop [-t N]."""
        args = parse_arguments(words, {"-t": "time", "--time": "time"}, {})

        def act(c: Container, t: Transition) -> None:
            if c.state in ("running", "paused", "restarting"):
                self.stop_sequence(c, self.timeout(args, c), out)

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
            handled = c is not None and _ends_on(c, signal)
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

        def act(c: Container, t: Transition) -> None:
            if c.state in ("running", "paused", "restarting"):
                self.stop_sequence(c, self.timeout(args, c), out)
            if c.name in self.world.containers:
                self.start_or_fail(c, out, "")

        self.each("restart", args, out, act)

    def rm(self, words: list[str], out: CommandOutcome) -> None:
        """docker rm [-f] [-v]."""
        from studykit.runtime.docker_resources import release

        args = parse_arguments(
            words, {}, {"-f": "force", "--force": "force", "-v": "volumes", "--volumes": "volumes"}
        )
        guards = frozenset({"force"} if args.has("force") else set())

        def act(c: Container, t: Transition) -> None:
            if c.state in ("running", "paused", "restarting"):
                c.manually_stopped = True
                self.thaw(c)
                deliver(self.world, c, 9, out)
            if self.world.containers.get(c.name) is c:
                release(self.world, c, args.has("volumes"))
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
        from studykit.runtime.docker_exec import run_exec

        args = parse_arguments(
            words,
            {"-u": "user", "--user": "user", "-w": "workdir", "-e": "env", "--env": "env"},
            {"-i": "interactive", "-t": "tty", "-d": "detach", "--detach": "detach"},
            stop_at_operand=1,
            repeated=frozenset(["env"]),
        )
        if len(args.operands) < 2:
            raise LabError("docker exec requires at least 2 arguments")
        c, transition = self.lookup("exec", args.operands[0], out)
        if c is None or transition is None:
            return
        run_exec(self, c, args, out)

    HANDLERS: dict[str, Callable[[DockerCli, list[str], CommandOutcome], None]] = {}


def _command(words: list[str]) -> tuple[str, list[str]]:
    """Return the command and its words; `container ls`, `image ls` and the like map to it."""
    command, rest = words[0], words[1:]
    if command == "container" and rest:  # `docker container ls` style
        command, rest = rest[0], rest[1:]
    elif command == "image" and rest:
        command = {"ls": "images", "list": "images", "rm": "rmi", "pull": "pull"}.get(
            rest[0], f"image {rest[0]}"
        )
        rest = rest[1:]
    return command, rest


REAL_COMMANDS = frozenset(
    [
        "attach",
        "build",
        "builder",
        "buildx",
        "checkpoint",
        "commit",
        "compose",
        "config",
        "context",
        "cp",
        "diff",
        "events",
        "export",
        "history",
        "import",
        "info",
        "load",
        "login",
        "logout",
        "manifest",
        "node",
        "plugin",
        "push",
        "save",
        "search",
        "secret",
        "service",
        "stack",
        "swarm",
        "system",
        "tag",
        "trust",
        "version",
    ]
)
"""docker commands the lab does not simulate: they are refused as such, not as typos."""


def _unknown_command(command: str, known: list[str]) -> str:
    """Return why a docker command is not run: not simulated, or a typo of a known one."""
    if command in REAL_COMMANDS or command.startswith("image "):
        return (
            f"`docker {command}` is not supported in the lab "
            "(`help` lists the docker commands it simulates)"
        )
    close = difflib.get_close_matches(command, known, n=1, cutoff=0.75)
    hint = f" (did you mean `docker {close[0]}`?)" if close else " (try `help`)"
    return f"docker: '{command}' is not a docker command{hint}"


def _placeholder(config: ContainerConfig) -> Program:
    return Program(config.argv)


def _endless(c: Container) -> bool:
    """Return whether the container's process never exits by itself (limits aside)."""
    over = (c.program.memory_hog and c.limits.memory) or (
        c.program.forks and c.limits.pids and c.program.forks + 1 > c.limits.pids
    )
    return c.program.endless and not over


def _ends_on(c: Container, signal: int) -> bool:
    """Return whether a signal other than KILL ends the container's main process."""
    if c.config.init:
        code = c.program.exit_on(signal)
        return signal != 19 and (code is None or code >= 0)
    code = c.program.exit_on(signal)
    return code is not None and code >= 0


def _attached_forever(program: Program, command: str) -> str:
    """Return the plain refusal of attaching to a process that never ends."""
    return (
        f"`{program.name}` keeps running, so {command} would stay attached until you pressed "
        "Ctrl-C; run it with -d and read its output with `docker logs NAME`"
    )


def _interactive_note(c: Container) -> str:
    """Return the note printed for `docker run -it` of a shell: the lab is not a terminal."""
    return (
        f"lab note: the lab is not a terminal, so {c.program.name} runs in the background "
        f"as with -d; run commands in it with `docker exec {c.name} COMMAND`"
    )


def _opaque(program: Program) -> str:
    """Return the refusal of a program the image has but the lab does not simulate."""
    return (
        f"`{' '.join(program.argv)}`: {program.name} is in the image, but the lab does not "
        "simulate what it prints (it simulates sleep, sh -c, echo, cat, env, hostname, ps, "
        "true, false, tail and the images' servers)"
    )


def _article(word: str) -> str:
    """Return `a` or `an` for a word."""
    return "an" if word[:1] in "aeiou" else "a"


def _install_handlers() -> None:
    """Fill DockerCli.HANDLERS from this module and the listing, image and resource ones."""
    from studykit.runtime import docker_images, docker_listing, docker_resources

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
        **docker_listing.HANDLERS,
        **docker_images.HANDLERS,
        **docker_resources.HANDLERS,
    }


_install_handlers()
