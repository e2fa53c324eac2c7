"""What a program prints when it starts: its lines with times and names filled in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studykit.runtime.program import Program
from studykit.runtime.world import Container, World

EPOCH = datetime(2026, 12, 1, tzinfo=UTC)
"""The date at second 0 of the lab's clock (log lines carry times)."""
DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def hostname(c: Container) -> str:
    """Return the container's hostname: -h, else its id's first 12 characters."""
    return c.config.hostname or c.id[:12]


def environment(c: Container) -> list[str]:
    """Return the process environment, in the order Docker builds it.

    PATH and HOSTNAME first (the image's PATH replaces the default in place), then the
    image's Env and -e variables (a later one replaces an earlier one), then HOME,
    which runc adds when it is unset: / in an image without /etc/passwd (bb), else /root.
    """
    env = {"PATH": DEFAULT_PATH.partition("=")[2], "HOSTNAME": hostname(c)}
    if c.config.tty:
        env["TERM"] = "xterm"
    for entry in c.config.env:
        key, eq, value = entry.partition("=")
        if eq:
            env[key] = value
    env.setdefault("HOME", "/" if c.config.image.split(":")[0] == "bb" else "/root")
    return [f"{key}={value}" for key, value in env.items()]


def process_list(c: Container, command: str, in_exec: bool) -> list[str]:
    """Return busybox ps's table inside a container: PID 1 (and tini's child), then ps."""
    user = "0" if c.config.image.split(":")[0] == "bb" else "root"
    main = " ".join(c.program.process_argv)
    rows = [(1, f"/sbin/docker-init -- {main}")] if c.config.init else []
    if in_exec or c.config.init:
        rows.append((6 if c.config.init else 1, main))
    if in_exec or not c.config.init:
        rows.append((7 + c.execs if in_exec else 1, command))
    lines = ["PID   USER     COMMAND"]
    lines += [f"{pid:>5} {user:<8} {text}" for pid, text in rows]
    return lines


def special_output(c: Container, program: Program, in_exec: bool = False) -> list[str]:
    """Return what env, hostname or ps print in a container (as its main process or exec'd)."""
    if program.special == "env":
        return environment(c)
    if program.special == "hostname":
        return [hostname(c)]
    if program.special == "ps":
        return process_list(c, " ".join(program.argv), in_exec)
    return []


def fill(lines: tuple[str, ...], world: World, c: Container) -> list[str]:
    """Return lines with {nginx_time}, {redis_time}, {pg_time} and {version} filled in."""
    if not any("{" in line for line in lines):
        return list(lines)
    now = EPOCH + timedelta(seconds=world.clock)
    values = {
        "nginx_time": now.strftime("%Y/%m/%d %H:%M:%S"),
        "redis_time": now.strftime("%d %b %Y %H:%M:%S.") + f"{now.microsecond // 1000:03d}",
        "pg_time": now.strftime("%Y-%m-%d %H:%M:%S.") + f"{now.microsecond // 1000:03d}",
        "version": _version(c),
        "hostname": hostname(c),
    }
    return [line.format_map(values) for line in lines]


def _version(c: Container) -> str:
    """Return the version the image declares in its Env (NGINX_VERSION and the like)."""
    for entry in c.config.env:
        key, _, value = entry.partition("=")
        if key.endswith("_VERSION") and key not in ("GOSU_VERSION", "NJS_VERSION"):
            return value.split("-")[0]
    return ""


def program_output(world: World, c: Container) -> tuple[list[str], list[str]]:
    """Return the lines the main process prints when it starts, on stdout and stderr."""
    program = c.program
    stdout = fill(program.stdout, world, c) + special_output(c, program)
    return stdout, fill(program.stderr, world, c)
