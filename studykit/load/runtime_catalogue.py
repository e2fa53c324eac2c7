"""Read a runtime model's image catalogue, program table and kernel facts, located."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from studykit.load.map_reader import MapReader, describe, suggestion
from studykit.load.yaml_source import Node
from studykit.model import quoted
from studykit.model.images import BEHAVIOURS, BaseDef, ImageDef, ProgramDef
from studykit.model.kernel import (
    CGROUP_LIMITS,
    CGROUP_VERSIONS,
    NAMESPACE_TYPES,
    SECCOMP_MODES,
    CgroupFile,
    KernelFacts,
    KernelProfile,
)

T = TypeVar("T")
IMAGE_KEYS = (
    "id", "tags", "description", "source", "base", "version", "entrypoint", "cmd", "env",
    "exposed_ports", "stop_signal", "volumes", "workdir", "size", "layers", "created",
    "programs", "local",
)  # fmt: skip
PROGRAM_KEYS = (
    "id", "path", "behaviour", "description", "rule", "exit", "stdout", "stderr", "signals",
    "wraps", "requires_env", "fail_exit", "fail_stderr",
)  # fmt: skip
PROFILE_KEYS = (
    "engine", "rule", "capabilities", "seccomp", "no_new_privs", "namespaces",
    "cgroup_namespace", "mounts",
)  # fmt: skip
KERNEL_KEYS = ("capabilities", "profiles", "cgroup_files")
PORT = re.compile(r"\d{1,5}/(tcp|udp|sctp)\Z")
SIGNAL = re.compile(r"(SIG)?[A-Z0-9]+\Z")


def _label(node: Node, what: str, position: int) -> str:
    """Return `what 'id': ` (or `what #n: `) for messages about a list item."""
    children = node.children
    for key, value in zip(children[::2], children[1::2], strict=True):
        if key.value in ("id", "engine") and isinstance(value.value, str):
            return f"{what} {quoted(value.value)}: "
    return f"{what} #{position}: "


def each_item(
    reader: MapReader,
    name: str,
    what: str,
    read: Callable[[MapReader], T],
    keys: tuple[str, ...],
    required: bool = True,
) -> list[tuple[T, MapReader]]:
    """Read every mapping item of a list field; keep each item's reader for later checks."""
    found = []
    for position, node in enumerate(reader.sequence(name, required), 1):
        if node.kind != "map":
            reader.problem(node, f"{what} #{position} must be a mapping, not {describe(node)}")
            continue
        label = _label(node, what, position)
        item = MapReader(node, reader.report, reader.context + label, keys)
        found.append((read(item), item))
    return found


def _whole(reader: MapReader, name: str, default: int) -> int:
    """Return a whole-number field, recording a problem for anything else."""
    node = reader.value_node(name)
    if node is None:
        return default
    if node.kind != "int":
        reader.problem(node, f"'{name}' must be a whole number, not {describe(node)}")
        return default
    return int(node.value)


def _pairs(reader: MapReader, name: str, keys: Iterable[str], read: str) -> list[tuple[str, str]]:
    """Return the (key, value) pairs of a mapping field whose keys come from `keys`."""
    node = reader.value_node(name)
    if node is None:
        return []
    if node.kind != "map":
        reader.problem(node, f"'{name}' must be a mapping, not {describe(node)}")
        return []
    inner = MapReader(node, reader.report, reader.context + f"'{name}': ", tuple(keys))
    if read == "int":
        return [(key, str(_whole(inner, key, 0))) for key in inner.fields]
    return [(key, inner.text(key, True)) for key in inner.fields]


def _lines(reader: MapReader, name: str) -> tuple[str, ...]:
    """Return a list of output lines: text items, an empty line allowed."""
    lines = []
    for position, node in enumerate(reader.sequence(name), 1):
        if node.kind == "str":
            lines.append(str(node.value))
        else:
            reader.problem(node, f"'{name}' item {position} must be text, not {describe(node)}")
    return tuple(lines)


def _one_of(reader: MapReader, name: str, options: tuple[str, ...], default: str = "") -> str:
    """Return a text field that must be one of `options`."""
    value = reader.text(name, not default, default)
    if value and value not in options:
        reader.problem(
            reader.value_node(name),
            f"'{name}' is {quoted(value)}; use one of: {', '.join(options)}",
        )
    return value


def read_image(reader: MapReader) -> ImageDef:
    """Read one image of the catalogue."""
    ports = reader.text_list("exposed_ports")
    for port in ports:
        if not PORT.match(port):
            reader.problem(reader.value_node("exposed_ports"), f"invalid port {quoted(port)}")
    stop = reader.text("stop_signal")
    if stop and not SIGNAL.match(stop):
        reader.problem(reader.value_node("stop_signal"), f"invalid signal {quoted(stop)}")
    return ImageDef(
        id=reader.text("id", True),
        tags=tuple(reader.text_list("tags", True)),
        description=reader.text("description", True),
        source=reader.text("source", True),
        base=reader.text("base", True),
        version=reader.text("version"),
        entrypoint=tuple(reader.text_list("entrypoint")),
        cmd=tuple(reader.text_list("cmd")),
        env=tuple(reader.text_list("env")),
        exposed_ports=tuple(ports),
        stop_signal=stop,
        volumes=tuple(reader.text_list("volumes")),
        workdir=reader.text("workdir"),
        size=reader.text("size"),
        layers=_whole(reader, "layers", 1),
        created=reader.text("created"),
        programs=tuple(reader.text_list("programs")),
        local=bool(reader.boolean("local")),
        location=reader.report.location(reader.node),
    )


def read_program(reader: MapReader) -> ProgramDef:
    """Read one row of the program table."""
    signals = _pairs(reader, "signals", _signal_names(reader), "int")
    return ProgramDef(
        id=reader.slug("id"),
        path=reader.text("path", True),
        behaviour=_one_of(reader, "behaviour", BEHAVIOURS),
        description=reader.text("description", True),
        rule=reader.text("rule", True),
        exit_code=_whole(reader, "exit", 0),
        stdout=_lines(reader, "stdout"),
        stderr=_lines(reader, "stderr"),
        signals=tuple((key, int(value)) for key, value in signals),
        wraps=tuple(reader.text_list("wraps")),
        requires_env=tuple(reader.text_list("requires_env")),
        fail_exit=_whole(reader, "fail_exit", 1),
        fail_stderr=_lines(reader, "fail_stderr"),
        location=reader.report.location(reader.node),
    )


def _signal_names(reader: MapReader) -> tuple[str, ...]:
    """Return the keys written under `signals` that look like signal names (all of them)."""
    node = reader.value_node("signals")
    if node is None or node.kind != "map":
        return ()
    keys = [str(k.value) for k in node.children[::2]]
    for key in keys:
        if not SIGNAL.match(key):
            reader.problem(node, f"'signals': {quoted(key)} is not a signal name")
    return tuple(k for k in keys if SIGNAL.match(k))


def read_base(reader: MapReader) -> BaseDef:
    """Read one image base: the everyday programs its images ship."""
    return BaseDef(
        reader.slug("id"), tuple(reader.text_list("programs", True)), reader.text("description")
    )


def read_profile(reader: MapReader) -> KernelProfile:
    """Read an engine's default kernel profile."""
    return KernelProfile(
        engine=reader.text("engine", True),
        rule=reader.text("rule", True),
        capabilities=tuple(reader.text_list("capabilities")),
        seccomp=_one_of(reader, "seccomp", SECCOMP_MODES),
        no_new_privs=bool(reader.boolean("no_new_privs", True)),
        namespaces=_namespace_pairs(reader, "namespaces", NAMESPACE_TYPES[:-1]),
        cgroup_namespace=_namespace_pairs(reader, "cgroup_namespace", CGROUP_VERSIONS),
        mounts=tuple(reader.text_list("mounts")),
        location=reader.report.location(reader.node),
    )


def _namespace_pairs(
    reader: MapReader, name: str, keys: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    pairs = _pairs(reader, name, keys, "text")
    for key, value in pairs:
        if value not in ("new", "host"):
            reader.problem(reader.value_node(name), f"'{name}': {key} must be new or host")
    missing = [key for key in keys if key not in dict(pairs)]
    if missing:
        reader.problem(reader.node, f"'{name}' lacks {', '.join(missing)}")
    return tuple(pairs)


def read_cgroup_file(reader: MapReader) -> CgroupFile:
    """Read the file of one limit under one cgroup version."""
    return CgroupFile(
        version=_one_of(reader, "version", CGROUP_VERSIONS),
        limit=_one_of(reader, "limit", CGROUP_LIMITS),
        path=reader.text("path", True),
        rule=reader.text("rule", True),
    )


def read_kernel(reader: MapReader) -> tuple[KernelFacts, list[tuple[str, MapReader]]]:
    """Read the kernel facts; return them and the (rule, reader) of each item that names one."""
    node = reader.value_node("kernel")
    if node is None:
        return KernelFacts(), []
    if node.kind != "map":
        reader.problem(node, f"'kernel' must be a mapping, not {describe(node)}")
        return KernelFacts(), []
    kernel = MapReader(node, reader.report, "kernel: ", KERNEL_KEYS)
    profiles = each_item(kernel, "profiles", "profile", read_profile, PROFILE_KEYS)
    files = each_item(
        kernel,
        "cgroup_files",
        "cgroup file",
        read_cgroup_file,
        ("version", "limit", "path", "rule"),
    )
    facts = KernelFacts(
        capabilities=tuple(kernel.text_list("capabilities", True)),
        profiles=tuple(p for p, _ in profiles),
        cgroup_files=tuple(f for f, _ in files),
    )
    for profile, item in profiles:
        unknown = [c for c in profile.capabilities if c not in facts.capabilities]
        for name in unknown:
            item.problem(
                item.value_node("capabilities"),
                f"unknown capability {quoted(name)}{suggestion(name, facts.capabilities)}",
            )
    return facts, [(p.rule, r) for p, r in profiles] + [(f.rule, r) for f, r in files]


def check_catalogue(
    images: list[tuple[ImageDef, MapReader]],
    programs: list[tuple[ProgramDef, MapReader]],
    bases: list[tuple[BaseDef, MapReader]],
    source_ids: list[str],
    rule_ids: list[str],
) -> None:
    """Check the references between images, bases, programs, sources and rules."""
    base_ids = [b.id for b, _ in bases]
    program_ids = [p.id for p, _ in programs]
    for image, item in images:
        if image.source and image.source not in source_ids:
            item.problem(item.value_node("source"), _unknown("source", image.source, source_ids))
        if image.base and image.base not in base_ids:
            item.problem(item.value_node("base"), _unknown("base", image.base, base_ids))
        for program in image.programs:
            if program not in program_ids:
                item.problem(item.value_node("programs"), _unknown("program", program, program_ids))
    for program_def, item in programs:
        if program_def.rule and program_def.rule not in rule_ids:
            item.problem(item.value_node("rule"), _unknown("rule", program_def.rule, rule_ids))
    for base, item in bases:
        for program in base.programs:
            if program not in program_ids:
                item.problem(item.value_node("programs"), _unknown("program", program, program_ids))


def check_rules(items: list[tuple[str, MapReader]], rule_ids: list[str]) -> None:
    """Check that every kernel item's rule is defined."""
    for rule, item in items:
        if rule and rule not in rule_ids:
            item.problem(item.value_node("rule"), _unknown("rule", rule, rule_ids))


def _unknown(what: str, value: str, known: list[str]) -> str:
    return f"unknown {what} {quoted(value)}{suggestion(value, known)}"
