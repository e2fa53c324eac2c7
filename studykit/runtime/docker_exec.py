"""`docker exec`: a process beside PID 1, in the container's namespaces and cgroup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from studykit.runtime.arguments import Arguments
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.process_output import fill, special_output
from studykit.runtime.program import Context, Program, resolve
from studykit.runtime.timeline import advance
from studykit.runtime.world import Container

if TYPE_CHECKING:
    from studykit.runtime.docker_cli import DockerCli

EXEC_FAILED = "OCI runtime exec failed: exec failed: unable to start container process: exec: "


def run_exec(cli: DockerCli, c: Container, args: Arguments, out: CommandOutcome) -> None:
    """Run the command of `docker exec` in a running container."""
    from studykit.runtime.docker_images import image_of

    terminal = args.has("interactive") and args.has("tty")
    env = c.config.env + tuple(args.all("env"))
    context = Context(cli.table, image_of(cli.world, c, cli.model), env, terminal)
    program = resolve(tuple(args.operands[1:]), context)
    if _refused(c, program, out):
        return
    c.execs += 1
    if program.interactive and terminal:
        out.note("docker-interactive", "the lab's shell is not a terminal")
        out.err(
            f"lab note: the lab is not a terminal, so `docker exec -it {c.name} {program.name}` "
            f"opens no shell; run each command as `docker exec {c.name} COMMAND`"
        )
        return
    if program.memory_hog and c.limits.memory:
        limit = c.limits.memory // 2**20
        out.note("oom-exec", f"{program.name} outgrew {c.name}'s {limit} MiB limit")
        out.exit_code = 137
        return
    if program.endless and not args.has("detach"):
        raise LabError(
            f"`{program.name}` keeps running, so docker exec would stay attached until you "
            f"pressed Ctrl-C; run it with docker exec -d"
        )
    out.note(program.rule, f"{program.name} runs beside PID 1 in {c.name}")
    if not args.has("detach"):
        _attached(cli, c, program, out)


def _refused(c: Container, program: Program, out: CommandOutcome) -> bool:
    """Refuse what the lab does not simulate; print runc's failure to start the command."""
    if program.opaque:
        from studykit.runtime.docker_cli import _opaque

        raise LabError(_opaque(program))
    if not (program.missing or program.directory):
        return False
    why = "executable file not found in $PATH" if program.missing else "permission denied"
    out.note(program.rule, f"{program.name} cannot be started in {c.name}")
    out.out(f'{EXEC_FAILED}"{program.name}": {why}: unknown')  # the 20.10 client: stdout
    out.exit_code = 126
    return True


def _attached(cli: DockerCli, c: Container, program: Program, out: CommandOutcome) -> None:
    """Print what the exec'd program writes, let its time pass, return its code."""
    out.stdout += fill(program.stdout, cli.world, c) + special_output(c, program, in_exec=True)
    out.stderr += fill(program.stderr, cli.world, c)
    if program.runs_for not in (0, float("inf")):
        advance(cli.world, program.runs_for, out)
    out.exit_code = program.code
