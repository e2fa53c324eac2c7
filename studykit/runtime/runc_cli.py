"""The simulated `runc` CLI: OCI runtime commands driven by the model's transition table."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from studykit.model.runtime import RuntimeModel, Transition
from studykit.runtime.arguments import parse_arguments
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.program import Context, Program, resolve, signal_number
from studykit.runtime.table import find_transition, target_state
from studykit.runtime.timeline import deliver, run_until_exit, start_process
from studykit.runtime.world import Container, World

VALID_ID = re.compile(r"[\w+.-]+\Z")


class RuncCli:
    """Run `runc ...` lines against a world."""

    def __init__(self, model: RuntimeModel, world: World) -> None:
        from studykit.runtime.docker_cli import program_table

        self.model, self.world = model, world
        self.engine = model.engine("runc")
        self.context = Context(program_table(model), model.image("bb"))

    def program(self, argv: tuple[str, ...]) -> Program:
        """Return what a command line does in the bundle's busybox root filesystem."""
        program = resolve(argv, self.context)
        if program.opaque:
            from studykit.runtime.docker_cli import _opaque

            raise LabError(_opaque(program))
        return program

    def run(self, words: list[str], out: CommandOutcome) -> None:
        """Run one `runc` command (the words after `runc`)."""
        if not words:
            raise LabError("usage: runc COMMAND (try `help`)")
        handler = self.HANDLERS.get(words[0])
        if handler is None:
            raise LabError(f"runc: '{words[0]}' is not a runc command in the lab (try `help`)")
        handler(self, words[1:], out)

    def fail(self, message: str, out: CommandOutcome, code: int = 1) -> None:
        """Print a runc error the way it looks in a terminal."""
        out.err(f"ERRO[0000] {message}")
        out.exit_code = code

    def lookup(
        self, command: str, ident: str, out: CommandOutcome, guards: frozenset[str] = frozenset()
    ) -> tuple[Container | None, Transition | None]:
        """Find the container and transition; print the error when it is one."""
        c = self.world.containers.get(ident)
        state = c.state if c else "absent"
        transition = find_transition(self.engine, command, state, guards)
        if transition is None:
            raise LabError(f"the model has no rule for runc {command} on a {state} container")
        out.note(
            transition.rule,
            f"runc {command} on {'an' if state[0] in 'aeiou' else 'a'} {state} container"
            + (f"; {transition.oci}" if transition.oci else ""),
        )
        if transition.error:
            text = self.engine.message(transition.error, self.world.dialect)
            self.fail(text.format(name=ident, state=state), out, transition.exit_code)
            return c, None
        return c, transition

    def one_id(
        self, words: list[str], command: str, switches: dict[str, str] | None = None
    ) -> tuple[str, set[str]]:
        """Return the container id operand and the switches given."""
        args = parse_arguments(words, {}, switches or {})
        if len(args.operands) != 1:
            raise LabError(f"runc {command} needs exactly one container id")
        return args.operands[0], set(args.flags)

    def create(
        self, words: list[str], out: CommandOutcome, command: str = "create"
    ) -> Container | None:
        """runc create ID: a created container whose process is the bundle's."""
        args = parse_arguments(
            words,
            {"-b": "bundle", "--bundle": "bundle", "--pid-file": "pidfile"},
            {"-d": "detach", "--detach": "detach"},
        )
        if len(args.operands) != 1:
            raise LabError(f"runc {command} needs exactly one container id")
        ident = args.operands[0]
        if not VALID_ID.match(ident):
            out.note("runc-id-format", f"'{ident}' is not a valid id")
            self.fail(
                self.engine.message("invalid-id", self.world.dialect).replace("create", command),
                out,
            )
            return None
        _, transition = self.lookup(command, ident, out)
        if transition is None:
            return None
        program = self.program(self.world.bundle)
        if program.missing or program.directory:
            why = "executable file not found in $PATH" if program.missing else "permission denied"
            out.note("runc-exec-failure", f"{program.name} cannot be started")
            self.fail(
                f'runc {command} failed: unable to start container process: exec: "{program.name}": {why}',
                out,
            )
            return None
        c = Container(ident, ident, "created", program)
        c.serial = self.world.created = self.world.created + 1
        c.pid, self.world.next_pid = self.world.next_pid, self.world.next_pid + 1
        self.world.containers[ident] = c
        return c

    def start(self, words: list[str], out: CommandOutcome) -> None:
        """runc start ID."""
        ident, _ = self.one_id(words, "start")
        c, transition = self.lookup("start", ident, out)
        if c is not None and transition is not None:
            out.note("runc-init-pid", f"runc init (PID {c.pid}) execs {c.program.name}")
            start_process(self.world, c, out, keep_pid=True)

    def run_cmd(self, words: list[str], out: CommandOutcome) -> None:
        """runc run ID: create, start, and wait; exit with the process's status."""
        detach = "-d" in words or "--detach" in words
        keep = "--keep" in words
        if not detach and self.program(self.world.bundle).endless:
            raise LabError("this process never exits; use runc run -d or create/start")
        c = self.create([w for w in words if w != "--keep"], out, command="run")
        if c is None:
            return
        start_process(self.world, c, out, keep_pid=True)
        if not detach:
            run_until_exit(self.world, c, out)
            for stream, line in c.log:
                (out.stdout if stream == "stdout" else out.stderr).append(line)
            out.exit_code = c.exit_code
            out.note("runc-run", f"runc run exits with the process's status {c.exit_code}")
            if not keep:
                del self.world.containers[c.name]

    def kill(self, words: list[str], out: CommandOutcome) -> None:
        """runc kill ID [SIGNAL] (default SIGTERM)."""
        args = parse_arguments(words, {}, {"-a": "all", "--all": "all"})
        if not 1 <= len(args.operands) <= 2:
            raise LabError("runc kill needs a container id and an optional signal")
        ident, name = args.operands[0], (args.operands[1:] or ["TERM"])[0]
        signal = signal_number(name)
        c = self.world.containers.get(ident)
        if c is None:  # runc loads the container before it parses the signal
            self.lookup("kill", ident, out)
            return
        if signal is None:
            self.fail(
                self.engine.message("unknown-signal", self.world.dialect).format(signal=name), out
            )
            return
        code = c.program.exit_on(signal)
        handled = code is not None and code >= 0 and c.state == "running"
        guards = frozenset({"sigkill"} if signal == 9 else {"handled"} if handled else set())
        c, transition = self.lookup("kill", ident, out, guards)
        if c is None or transition is None:
            return
        self.signal(c, signal, out)

    def signal(self, c: Container, signal: int, out: CommandOutcome) -> None:
        """Apply a delivered signal by the container's state."""
        if c.state == "created":
            out.note("kill-created", "runc init waiting on the exec fifo dies")
            c.state, c.pid = "stopped", 0
            c.exit_code = 128 + signal
        elif c.state == "paused" and signal != 9:
            c.pending_signal = str(signal)
        else:
            if c.state == "paused":
                c.state = "running"
            deliver(self.world, c, signal, out)

    def pause(self, words: list[str], out: CommandOutcome) -> None:
        """runc pause ID."""
        ident, _ = self.one_id(words, "pause")
        c, transition = self.lookup("pause", ident, out)
        if c is not None and transition is not None:
            c.paused_from, c.state = c.state, "paused"
            if c.ends_at is not None:
                c.remaining, c.ends_at = c.ends_at - self.world.clock, None

    def resume(self, words: list[str], out: CommandOutcome) -> None:
        """runc resume ID: back to the state it was paused from."""
        ident, _ = self.one_id(words, "resume")
        c = self.world.containers.get(ident)
        guards = frozenset({"paused-from-created"} if c and c.paused_from == "created" else set())
        c, transition = self.lookup("resume", ident, out, guards)
        if c is None or transition is None:
            return
        c.state = target_state(transition, c.state)
        if c.remaining is not None:
            c.ends_at, c.remaining = self.world.clock + c.remaining, None
        if c.pending_signal:
            signal, c.pending_signal = int(c.pending_signal), ""
            if c.state == "running":
                deliver(self.world, c, signal, out)

    def delete(self, words: list[str], out: CommandOutcome) -> None:
        """runc delete [--force] ID."""
        ident, flags = self.one_id(words, "delete", {"-f": "force", "--force": "force"})
        c, transition = self.lookup("delete", ident, out, frozenset(flags))
        if transition is not None:
            self.world.containers.pop(ident, None)

    def state(self, words: list[str], out: CommandOutcome) -> None:
        """runc state ID: the OCI state JSON."""
        ident, _ = self.one_id(words, "state")
        c, transition = self.lookup("state", ident, out)
        if c is not None and transition is not None:
            state = {
                "ociVersion": "1.0.2-dev",
                "id": c.id,
                "pid": c.pid if c.state != "stopped" else 0,
                "status": c.state,
                "bundle": f"/lab/{c.id}",
                "rootfs": f"/lab/{c.id}/rootfs",
            }
            out.stdout += json.dumps(state, indent=2).splitlines()

    def exec_cmd(self, words: list[str], out: CommandOutcome) -> None:
        """runc exec ID COMMAND...."""
        if len(words) < 2:
            raise LabError("runc exec needs a container id and a command")
        c, transition = self.lookup("exec", words[0], out)
        if c is None or transition is None:
            return
        program = self.program(tuple(words[1:]))
        if program.missing or program.directory:
            why = "executable file not found in $PATH" if program.missing else "permission denied"
            out.note("runc-exec-failure", f"{program.name} cannot be started in {c.id}")
            self.fail(
                f'exec failed: unable to start container process: exec: "{program.name}": {why}',
                out,
                255,
            )
            return
        out.stdout += program.stdout
        out.stderr += program.stderr
        out.exit_code = program.code

    def list_cmd(self, words: list[str], out: CommandOutcome) -> None:
        """runc list: ID, PID and STATUS of every container."""
        out.out(f"{'ID':<12}{'PID':<8}STATUS")
        for c in self.world.containers.values():
            out.out(f"{c.id:<12}{c.pid if c.state != 'stopped' else 0:<8}{c.state}")

    HANDLERS: dict[str, Callable[[RuncCli, list[str], CommandOutcome], None]] = {}


RuncCli.HANDLERS = {
    "create": lambda self, words, out: None if self.create(words, out) else None,
    "start": RuncCli.start,
    "run": RuncCli.run_cmd,
    "kill": RuncCli.kill,
    "pause": RuncCli.pause,
    "resume": RuncCli.resume,
    "delete": RuncCli.delete,
    "state": RuncCli.state,
    "exec": RuncCli.exec_cmd,
    "list": RuncCli.list_cmd,
}
