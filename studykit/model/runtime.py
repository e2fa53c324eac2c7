"""The behavioural model of the container runtime: engines, states, commands and rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from studykit.model.deck import Location, Source
from studykit.model.images import BaseDef, ImageDef, ProgramDef
from studykit.model.kernel import KernelFacts

GUARDS = ("sigkill", "handled", "force", "paused-from-created")
"""Conditions a transition can require: the signal is SIGKILL; the process handles the
signal; the command has --force/-f; the container was paused from `created`."""
SAME = "same"
"""A transition target meaning the state does not change."""
ANY_COMMAND = "*"
VERIFIED = ("live", "documented")
"""How a rule is known: the live conformance suite checks it, or it rests on its source."""
GENERATED_DECK_ID = "runtime-behaviour"
"""The id of the deck of cards generated from a runtime model (studykit.runtime.cards)."""


@dataclass(frozen=True)
class Dialect:
    """A tool version whose messages the simulator speaks."""

    id: str
    engine: str
    title: str


@dataclass(frozen=True)
class Rule:
    """A rule of behaviour, with the source that states it; `explain` quotes it."""

    id: str
    text: str
    source: str = ""
    verified: str = ""
    """`live` (tests/live checks it on the real engine) or `documented` (its source only)."""
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True)
class StateDef:
    """A state an engine's containers can be in."""

    id: str
    description: str


@dataclass(frozen=True)
class CommandDef:
    """A command of an engine's CLI."""

    id: str
    usage: str
    description: str


@dataclass(frozen=True)
class Transition:
    """What a command does in some states: a new state, or an error message."""

    command: str
    sources: tuple[str, ...]
    rule: str
    target: str = ""
    error: str = ""
    when: str = ""
    exit: int | None = None
    oci: str = ""
    """How the OCI spec differs, when the runtime deviates from it."""
    location: Location = field(default_factory=Location, compare=False)

    @property
    def exit_code(self) -> int:
        """Return the CLI exit code: the explicit one, else 1 for errors and 0 otherwise."""
        if self.exit is not None:
            return self.exit
        return 1 if self.error else 0


@dataclass(frozen=True)
class Message:
    """An error message; `texts` maps a dialect id (or `*` for all) to its wording.

    `prefixes` (same keys) replace the CLI's usual lead-in, such as the docker CLI's
    `Error response from daemon: `, for errors the client reports itself (`Error: `).
    """

    id: str
    texts: tuple[tuple[str, str], ...]
    prefixes: tuple[tuple[str, str], ...] = ()

    def text(self, dialect: str) -> str:
        """Return the wording of this message in a dialect."""
        return _by_dialect(self.texts, dialect) or ""

    def prefix(self, dialect: str) -> str | None:
        """Return the lead-in this message has in a dialect; None for the CLI's usual one."""
        return _by_dialect(self.prefixes, dialect)


def _by_dialect(pairs: tuple[tuple[str, str], ...], dialect: str) -> str | None:
    """Return the value for a dialect, else the `*` one, else None."""
    values = dict(pairs)
    return values.get(dialect, values.get("*"))


@dataclass(frozen=True)
class Engine:
    """One level of the runtime (runc or the Docker engine) as a state machine."""

    id: str
    title: str
    initial: str
    states: tuple[StateDef, ...]
    commands: tuple[CommandDef, ...]
    transitions: tuple[Transition, ...]
    messages: tuple[Message, ...]

    def _message(self, message_id: str) -> Message:
        return next(m for m in self.messages if m.id == message_id)

    def message(self, message_id: str, dialect: str) -> str:
        """Return the wording of a message in a dialect."""
        return self._message(message_id).text(dialect)

    def message_prefix(self, message_id: str, dialect: str) -> str | None:
        """Return a message's own lead-in in a dialect; None for the CLI's usual one."""
        return self._message(message_id).prefix(dialect)

    def state_ids(self) -> tuple[str, ...]:
        """Return the ids of the states in order."""
        return tuple(s.id for s in self.states)


@dataclass(frozen=True)
class RuntimeModel:
    """The whole model: sources, dialects, rules and engines."""

    id: str
    title: str
    description: str
    sources: tuple[Source, ...]
    dialects: tuple[Dialect, ...]
    rules: tuple[Rule, ...]
    engines: tuple[Engine, ...]
    location: Location = field(default_factory=Location, compare=False)
    images: tuple[ImageDef, ...] = ()
    programs: tuple[ProgramDef, ...] = ()
    bases: tuple[BaseDef, ...] = ()
    kernel: KernelFacts = field(default_factory=KernelFacts)

    def engine(self, engine_id: str) -> Engine:
        """Return the engine with this id."""
        return next(e for e in self.engines if e.id == engine_id)

    def rule(self, rule_id: str) -> Rule:
        """Return the rule with this id."""
        return next(r for r in self.rules if r.id == rule_id)

    def source(self, source_id: str) -> Source | None:
        """Return the source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

    def image(self, image_id: str) -> ImageDef | None:
        """Return the catalogue image of a repository name (`nginx`), or None."""
        return next((i for i in self.images if i.id == image_id), None)

    def base(self, base_id: str) -> BaseDef | None:
        """Return an image base (busybox, debian...), or None."""
        return next((b for b in self.bases if b.id == base_id), None)

    def program(self, program_id: str) -> ProgramDef | None:
        """Return a program of the table by id, or None."""
        return next((p for p in self.programs if p.id == program_id), None)
