"""The lab language: every word a lab line may start with, in one table (`WORDS`).

Each `LabWord` is one entry: the word, what `help` says of it, and either how it runs
(`run`: it acts on the simulated world and counts as the last command) or what it shows
(`show`: help, explain, diagram), or neither (it leaves the lab); and how tab completion
goes on after it. `LabSession` dispatches through this table, `help` lists it and the
terminal completes from it, so a new word is one entry here (plus, when it shows
something new, a `Display` type and its view in `studykit.tui.lab_view`). The words
of `event` have their own table of the same shape (`studykit.runtime.lab.events`).
"""

from __future__ import annotations

import math
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from studykit.model.runtime import Engine, RuntimeModel
from studykit.runtime.docker_cli import DockerCli
from studykit.runtime.lab.events import EVENTS, event_completions, run_event
from studykit.runtime.outcome import CommandOutcome, LabError
from studykit.runtime.runc_cli import RuncCli
from studykit.runtime.timeline import advance

if TYPE_CHECKING:
    from studykit.runtime.lab.session import LabSession

ENGINES = ("docker", "runc")
CLIS: dict[str, type[DockerCli] | type[RuncCli]] = {"docker": DockerCli, "runc": RuncCli}
NEW_CONTAINER = ("create", "run")
"""Engine commands whose argument is an image or a new id, not an existing container."""


class Usage(NamedTuple):
    """One line of `help`: how to type a word, what it does, and where it exists."""

    usage: str
    description: str
    engines: tuple[str, ...] = ENGINES


class HelpDisplay(NamedTuple):
    """`help`: the engine's commands, then the lab's own words."""

    engine: Engine
    rows: tuple[Usage, ...]


class ExplainDisplay(NamedTuple):
    """`explain`: the rules behind the last command, with their sources."""

    model: RuntimeModel
    engine_id: str
    last: CommandOutcome | None


class DiagramDisplay(NamedTuple):
    """`diagram [STATE]`: the state machine's transitions (from one state)."""

    model: RuntimeModel
    engine_id: str
    dialect: str
    state: str | None


Display = HelpDisplay | ExplainDisplay | DiagramDisplay | str
"""What a showing word returns for the terminal to draw; a str is shown as it is."""


class Leave:
    """The reply to a word that leaves the lab."""


LEAVE = Leave()
Reply = CommandOutcome | Display | Leave | None
"""What one line gives: a command's outcome, something to show, leave, or nothing."""

Run = Callable[["LabSession", list[str], CommandOutcome], None]
Show = Callable[["LabSession", list[str]], Display]
Complete = Callable[["LabSession", list[str]], Sequence[str]]


def _nothing(session: LabSession, words: list[str]) -> Sequence[str]:
    return ()


@dataclass(frozen=True)
class LabWord:
    """One word of the lab language: how it runs or what it shows, its help, its completion."""

    word: str
    help: tuple[Usage, ...] = ()
    run: Run | None = None
    show: Show | None = None
    complete: Complete = _nothing
    """The words that may follow this one and `words` (the ones typed after it)."""
    engines: tuple[str, ...] = ENGINES
    """The labs whose `help` and completion offer the word."""
    aliases: tuple[str, ...] = ()

    @property
    def leaves(self) -> bool:
        """Return whether the word leaves the lab (it neither runs nor shows)."""
        return self.run is None and self.show is None


def _engine_run(engine: str) -> Run:
    """Return the runner of `docker ...` or `runc ...`: the engine's simulated CLI."""

    def run(session: LabSession, words: list[str], out: CommandOutcome) -> None:
        if session.engine != engine:
            raise LabError(
                f"this lab simulates {session.engine}; "
                f"start `studykit lab --engine {engine}` for {engine}"
            )
        CLIS[engine](session.model, session.world).run(words, out)

    return run


def _engine_completions(session: LabSession, words: list[str]) -> Sequence[str]:
    """Return a command of the engine, then the name of an existing container."""
    if not words:
        return [c.id for c in session.model.engine(session.engine).commands]
    return [] if words[0] in NEW_CONTAINER else session.names()


def seconds(text: str, what: str) -> float:
    """Return a finite, positive number of seconds, or raise LabError naming `what` needs it."""
    try:
        value = float(text)
    except ValueError:
        raise LabError(f"{what} needs a number of seconds, not '{text[:40]}'") from None
    if not math.isfinite(value):
        raise LabError(f"{what} needs a finite number of seconds, not '{text[:40]}'")
    if value < 0:
        raise LabError(f"{what} needs a positive number of seconds")
    return value


def _sleep(session: LabSession, words: list[str], out: CommandOutcome) -> None:
    if not words:
        raise LabError("sleep needs a number of seconds, e.g. sleep 10")
    if len(words) > 1:
        raise LabError("sleep takes one number of seconds")
    advance(session.world, seconds(words[0], "sleep"), out)


def _reset(session: LabSession, words: list[str], out: CommandOutcome) -> None:
    session.reset()


def _bundle(session: LabSession, words: list[str], out: CommandOutcome) -> None:
    session.world.bundle = tuple(words) or ("sleep", "1000")
    out.out(f"next bundle runs: {shlex.join(session.world.bundle)}")


def _kernel(session: LabSession, words: list[str], out: CommandOutcome) -> None:
    from studykit.runtime.kernel_command import run_kernel

    run_kernel(session.model, session.world, words, out)


def _names(session: LabSession, words: list[str]) -> Sequence[str]:
    return [word for word in ("--json", *session.names()) if word not in words]


def _help(session: LabSession, words: list[str]) -> Display:
    return HelpDisplay(session.model.engine(session.engine), help_rows(session.engine))


def _explain(session: LabSession, words: list[str]) -> Display:
    return ExplainDisplay(session.model, session.engine, session.last)


def _diagram(session: LabSession, words: list[str]) -> Display:
    if "--mermaid" in words:
        from studykit.runtime.diagrams import state_diagram

        return state_diagram(session.model, session.engine)
    state = next(iter(words), None)
    if state is not None and state not in session.model.engine(session.engine).state_ids():
        raise LabError(f"no state '{state}' in {session.engine}; `diagram` lists them all")
    return DiagramDisplay(session.model, session.engine, session.dialect, state)


def _diagram_completions(session: LabSession, words: list[str]) -> Sequence[str]:
    return ["--mermaid", *session.model.engine(session.engine).state_ids()]


WORDS: tuple[LabWord, ...] = (
    LabWord("docker", run=_engine_run("docker"), complete=_engine_completions, engines=("docker",)),
    LabWord("runc", run=_engine_run("runc"), complete=_engine_completions, engines=("runc",)),
    LabWord("help", (Usage("help", "This list."),), show=_help),
    LabWord(
        "explain",
        (Usage("explain", "Why the last command did what it did: each rule, its source, "
               "OCI deviations."),),
        show=_explain,
    ),
    LabWord(
        "diagram",
        (Usage("diagram [STATE] [--mermaid]", "The state machine: state, command -> next "
               "state or error."),),
        show=_diagram, complete=_diagram_completions,
    ),
    LabWord("reset", (Usage("reset", "Forget every container and rewind the clock."),), _reset),
    LabWord(
        "sleep",
        (Usage("sleep SECONDS", "Let simulated time pass (stop timeouts, restart back-off)."),),
        _sleep,
    ),
    LabWord(
        "event", tuple(Usage(e.usage, e.description, e.engines) for e in EVENTS), run_event,
        complete=event_completions,
    ),
    LabWord(
        "bundle",
        (Usage("bundle COMMAND...", "The program the next created container runs "
               "(default sleep 1000).", ("runc",)),),
        _bundle, engines=("runc",),
    ),
    LabWord(
        "kernel",
        (Usage("kernel NAME [--json]", "What makes it a container: namespaces, cgroup limits, "
               "PID 1, capabilities, seccomp, root filesystem.", ("docker",)),
         Usage("kernel ID [--json]", "What makes it a container: namespaces, cgroup limits, "
               "PID 1, capabilities, seccomp, root filesystem.", ("runc",))),
        _kernel, complete=_names,
    ),
    LabWord(
        "quit", (Usage("quit, exit, Ctrl-D", "Leave the lab. Ctrl-C cancels the line being "
                       "typed."),),
        aliases=("exit",),
    ),
)  # fmt: skip
"""Every word of the lab, in the order `help` lists them."""
_BY_NAME = {name: word for word in WORDS for name in (word.word, *word.aliases)}


def lookup(name: str) -> LabWord | None:
    """Return the word a line starts with, by its name or an alias; None if the lab has none."""
    return _BY_NAME.get(name)


def run(session: LabSession, words: list[str], out: CommandOutcome) -> None:
    """Run the words of one line (already split as a shell would) into `out`."""
    if not words:
        return
    word = lookup(words[0])
    if word is None or word.run is None:
        raise LabError(f"unknown command '{words[0]}' (try `help`)")
    word.run(session, words[1:], out)


def help_rows(engine: str) -> tuple[Usage, ...]:
    """Return the `help` lines of the lab's own words in a lab of this engine."""
    return tuple(
        row
        for word in WORDS
        if engine in word.engines
        for row in word.help
        if engine in row.engines
    )


def completions(session: LabSession, before: str) -> list[str]:
    """Return the words that can complete the last word of `before` (the line up to the cursor).

    Each ends with a space: Python's readline appends nothing to a unique match.
    """
    words = before.split()
    prefix = "" if not before or before[-1].isspace() else words.pop()
    return sorted(f"{w} " for w in _candidates(session, words) if w.startswith(prefix))


def _candidates(session: LabSession, words: list[str]) -> Sequence[str]:
    """Return every word that may come after `words`."""
    if not words:
        here = (w for w in WORDS if session.engine in w.engines)
        return [name for word in here for name in (word.word, *word.aliases)]
    word = lookup(words[0])
    if word is None or session.engine not in word.engines:
        return []
    return word.complete(session, words[1:])
