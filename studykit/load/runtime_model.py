"""Read the container-runtime model (decks/models/*.yaml) with located, precise problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from studykit.load.deck_checks import url_problem
from studykit.load.deck_reader import read_source
from studykit.load.map_reader import MapReader, Report, describe, suggestion
from studykit.load.runtime_catalogue import (
    IMAGE_KEYS,
    PROGRAM_KEYS,
    check_catalogue,
    check_rules,
    each_item,
    read_base,
    read_image,
    read_kernel,
    read_program,
)
from studykit.load.yaml_source import Node, read_yaml
from studykit.model import Issue, quoted
from studykit.model.runtime import (
    ANY_COMMAND,
    GUARDS,
    SAME,
    VERIFIED,
    CommandDef,
    Dialect,
    Engine,
    Message,
    Rule,
    RuntimeModel,
    StateDef,
    Transition,
)

T = TypeVar("T")
Read = Callable[[MapReader], T]
MODEL_KEYS = (
    "id", "title", "description", "sources", "dialects", "rules", "engines",
    "images", "programs", "bases", "kernel",
)  # fmt: skip
ENGINE_KEYS = ("id", "title", "initial", "states", "commands", "transitions", "messages")
TRANSITION_KEYS = ("command", "from", "to", "error", "when", "exit", "rule", "oci")
DIALECT_ID = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*\Z")


def _label(node: Node, what: str, position: int) -> str:
    """Return `what 'id': ` or `what #n (command): ` for messages about a list item."""
    children = node.children
    values = {k.value: v.value for k, v in zip(children[::2], children[1::2], strict=True)}
    if isinstance(values.get("id"), str):
        return f"{what} {quoted(values['id'])}: "
    if isinstance(values.get("command"), str):
        return f"{what} #{position} ({quoted(values['command'])[1:-1]}): "
    return f"{what} #{position}: "


def _each(
    reader: MapReader, name: str, what: str, read: Read[T], keys: tuple[str, ...]
) -> list[tuple[T, MapReader]]:
    """Read every mapping item of a required list field; keep each item's reader for checks."""
    found = []
    for position, node in enumerate(reader.sequence(name, True), 1):
        if node.kind != "map":
            reader.problem(node, f"{what} #{position} must be a mapping, not {describe(node)}")
            continue
        item = MapReader(node, reader.report, reader.context + _label(node, what, position), keys)
        found.append((read(item), item))
    return found


class _ModelReader:
    """Read one model file, then check every reference between its parts."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.dialects: list[Dialect] = []
        self.dialect_items: list[tuple[Dialect, MapReader]] = []

    def dialect(self, reader: MapReader) -> Dialect:
        dialect_id = reader.text("id", True)
        if dialect_id and not DIALECT_ID.match(dialect_id):
            reader.problem(
                reader.value_node("id"),
                f"invalid dialect id {quoted(dialect_id)} (like docker-20.10)",
            )
        return Dialect(dialect_id, reader.text("engine", True), reader.text("title", True))

    def message(self, reader: MapReader) -> Message:
        texts = self.wording(reader, "text", True)
        return Message(reader.slug("id"), texts, self.wording(reader, "prefix", False))

    def wording(self, reader: MapReader, key: str, required: bool) -> tuple[tuple[str, str], ...]:
        """Read a text, or a mapping of dialect ids to texts, as (dialect or `*`, text) pairs."""
        node = reader.value_node(key, required)
        if node is not None and node.kind == "map":
            keys = tuple(d.id for d in self.dialects)
            texts = MapReader(node, reader.report, reader.context, keys)
            return tuple((name, texts.text(name, True)) for name in texts.fields)
        if node is None:
            return ()
        return (("*", reader.text(key, required)),)

    def transition(self, reader: MapReader) -> Transition:
        exit_node = reader.value_node("exit")
        if exit_node is not None and exit_node.kind != "int":
            reader.problem(exit_node, f"'exit' must be a whole number, not {describe(exit_node)}")
        if reader.has("to") == reader.has("error"):
            reader.problem(reader.node, "give either 'to' (a state) or 'error' (a message id)")
        return Transition(
            command=reader.text("command", True),
            sources=tuple(reader.text_list("from", True, one_is_list=True)),
            rule=reader.text("rule", True),
            target=reader.text("to"),
            error=reader.text("error"),
            when=reader.text("when"),
            exit=int(exit_node.value, 0)
            if exit_node is not None and exit_node.kind == "int"
            else None,
            oci=reader.text("oci"),
            location=reader.report.location(reader.node),
        )

    def engine(self, reader: MapReader) -> tuple[Engine, list[MapReader]]:
        def state(r: MapReader) -> StateDef:
            return StateDef(r.slug("id"), r.text("description", True))

        def command(r: MapReader) -> CommandDef:
            return CommandDef(r.slug("id"), r.text("usage", True), r.text("description", True))

        transitions = _each(reader, "transitions", "transition", self.transition, TRANSITION_KEYS)
        engine = Engine(
            id=reader.slug("id"),
            title=reader.text("title", True),
            initial=reader.text("initial", True),
            states=tuple(
                s for s, _ in _each(reader, "states", "state", state, ("id", "description"))
            ),
            commands=tuple(
                c
                for c, _ in _each(
                    reader, "commands", "command", command, ("id", "usage", "description")
                )
            ),
            transitions=tuple(t for t, _ in transitions),
            messages=tuple(
                m
                for m, _ in _each(
                    reader, "messages", "message", self.message, ("id", "text", "prefix")
                )
            ),
        )
        return engine, [r for _, r in transitions]

    def rule(self, reader: MapReader) -> Rule:
        verified = reader.text("verified")
        if verified and verified not in VERIFIED:
            reader.problem(
                reader.value_node("verified"),
                f"'verified' is {quoted(verified)}; use live or documented",
            )
        if verified == "documented" and not reader.has("source"):
            reader.problem(reader.node, "a documented rule needs the 'source' that states it")
        return Rule(
            reader.slug("id"),
            reader.text("text", True),
            reader.text("source"),
            verified,
            reader.report.location(reader.node),
        )

    def read(self, root: Node) -> RuntimeModel:
        reader = MapReader(root, self.report, "", MODEL_KEYS)
        self.dialect_items = _each(
            reader, "dialects", "dialect", self.dialect, ("id", "engine", "title")
        )
        self.dialects = [d for d, _ in self.dialect_items]
        rules = _each(reader, "rules", "rule", self.rule, ("id", "text", "source", "verified"))
        sources = (
            read_source(n, self.report, i)
            for i, n in enumerate(reader.sequence("sources", True), 1)
        )
        engines = _each(reader, "engines", "engine", self.engine, ENGINE_KEYS)
        images = each_item(reader, "images", "image", read_image, IMAGE_KEYS, False)
        programs = each_item(reader, "programs", "program", read_program, PROGRAM_KEYS, False)
        bases = each_item(
            reader, "bases", "base", read_base, ("id", "programs", "description"), False
        )
        kernel, kernel_items = read_kernel(reader)
        model = RuntimeModel(
            id=reader.slug("id"),
            title=reader.text("title", True),
            description=reader.text("description"),
            sources=tuple(s for s in sources if s is not None),
            dialects=tuple(self.dialects),
            rules=tuple(r for r, _ in rules),
            engines=tuple(e for (e, _), _ in engines),
            location=self.report.location(root),
            images=tuple(i for i, _ in images),
            programs=tuple(p for p, _ in programs),
            bases=tuple(b for b, _ in bases),
            kernel=kernel,
        )
        self.check(model, rules, engines)
        rule_ids = [r.id for r in model.rules]
        check_catalogue(images, programs, bases, [s.id for s in model.sources], rule_ids)
        check_rules(kernel_items, rule_ids)
        return model

    def check(
        self,
        model: RuntimeModel,
        rules: list[tuple[Rule, MapReader]],
        engines: list[tuple[tuple[Engine, list[MapReader]], MapReader]],
    ) -> None:
        """Check the references between sources, rules, dialects, engines and transitions."""
        source_ids = [s.id for s in model.sources]
        for source in model.sources:
            if problem := url_problem(source.url):
                at = source.location
                self.report.issues.append(
                    Issue(at.path, at.line, at.column, f"source {quoted(source.id)}: {problem}")
                )
        for rule, reader in rules:
            if rule.source and rule.source not in source_ids:
                reader.problem(
                    reader.value_node("source"),
                    f"source {quoted(rule.source)} is not defined{suggestion(rule.source, source_ids)}",
                )
        engine_ids = [e.id for e in model.engines]
        for dialect, item in self.dialect_items:
            if dialect.engine and dialect.engine not in engine_ids:
                item.problem(
                    item.value_node("engine"),
                    f"unknown engine {quoted(dialect.engine)}{suggestion(dialect.engine, engine_ids)}",
                )
        rule_ids = [r.id for r in model.rules]
        for (engine, transition_readers), reader in engines:
            self.check_engine(model, engine, transition_readers, rule_ids, reader)

    def check_engine(
        self,
        model: RuntimeModel,
        engine: Engine,
        readers: list[MapReader],
        rule_ids: list[str],
        reader: MapReader,
    ) -> None:
        if engine.initial and engine.initial not in engine.state_ids():
            reader.problem(
                reader.value_node("initial"), f"unknown initial state {quoted(engine.initial)}"
            )
        for transition, item in zip(engine.transitions, readers, strict=True):
            for problem in _transition_problems(transition, engine, rule_ids):
                item.problem(item.node, problem)
        own = [d.id for d in model.dialects if d.engine == engine.id]
        for message in engine.messages:
            given = dict(message.texts)
            for missing in [] if "*" in given else [d for d in own if d not in given]:
                reader.problem(
                    reader.value_node("messages"),
                    f"message {quoted(message.id)} has no text for dialect {quoted(missing)}",
                )


def _transition_problems(t: Transition, engine: Engine, rule_ids: list[str]) -> Iterator[str]:
    """Yield the problems of one transition's references."""
    states = engine.state_ids()
    commands = [c.id for c in engine.commands] + [ANY_COMMAND]
    messages = [m.id for m in engine.messages]
    if t.command and t.command not in commands:
        yield f"unknown command {quoted(t.command)}{suggestion(t.command, commands)}"
    for state in t.sources:
        if state not in states:
            yield f"unknown state {quoted(state)} in 'from'{suggestion(state, states)}"
    if t.target and t.target not in (*states, SAME):
        yield f"unknown state {quoted(t.target)} in 'to'{suggestion(t.target, states)}"
    if t.error and t.error not in messages:
        yield f"unknown message {quoted(t.error)}{suggestion(t.error, messages)}"
    if t.rule and t.rule not in rule_ids:
        yield f"unknown rule {quoted(t.rule)}{suggestion(t.rule, rule_ids)}"
    if t.when and t.when not in GUARDS:
        yield f"unknown guard {quoted(t.when)} (one of: {', '.join(GUARDS)})"


def load_runtime_model(
    path: Path, display: str | None = None
) -> tuple[RuntimeModel | None, list[Issue]]:
    """Load one runtime model file; the model is None when it cannot be read."""
    shown = display or str(path)
    root, issues = read_yaml(path, shown)
    if issues:
        return None, issues
    report = Report(shown)
    if root is None or root.kind != "map":
        report.add(root, "a runtime model must be a mapping")
        return None, report.issues
    model = _ModelReader(report).read(root)
    return model, sorted(report.issues)
