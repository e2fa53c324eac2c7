"""State diagrams (Mermaid) and transition tables drawn from the runtime model.

The site exporter and the lab's `diagram --mermaid` call these two functions:

- `state_diagram(model, level)` returns Mermaid `stateDiagram-v2` source for one engine
  (`level` is the engine id: `runc` or `docker`). `absent` is drawn as the start/end
  point `[*]`; an edge is a command (with its guard) that changes the state; errors and
  commands that leave the state as it is are left out (the table has them). Edges the
  process makes by itself (it exits; a restart back-off ends) are dashed-free labels in
  parentheses, from the simulator's timeline.
- `transition_table(model, level, dialect=None)` returns one `TransitionRow` per
  (state, command, guard) in the order the simulator tries them: what the command does
  there (the next state, or the error message in that dialect with its exit code) and
  the rule that says so. Shadowed transitions are not listed; the `*` (any command)
  transitions are spelled out per command.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from studykit.model.runtime import ANY_COMMAND, SAME, Engine, RuntimeModel, Transition

GUARD_LABELS = {
    "sigkill": "SIGKILL",
    "handled": "signal handled",
    "force": "force",
    "paused-from-created": "paused while created",
}
"""How a transition's guard reads in a diagram label or a table cell."""
PROCESS_EDGES = {
    "runc": (("running", "stopped", "(process exits)"),),
    "docker": (
        ("running", "exited", "(process exits)"),
        ("running", "restarting", "(exits, policy restarts)"),
        ("restarting", "running", "(back-off ends)"),
    ),
}
"""What the process does by itself (studykit.runtime.timeline), not a command."""
COLUMNS = ("state", "command", "when", "result", "exit code", "rule")
"""The headings of a transition table, in the order of TransitionRow's fields."""


@dataclass(frozen=True)
class TransitionRow:
    """What one command does in one state: next state or error, and the rule."""

    state: str
    command: str
    when: str
    result: str
    """`→ STATE` for a change of state, `no change`, or the error message."""
    exit_code: int
    rule: str
    error: bool = False
    oci: str = ""
    """How the OCI spec differs here, when runc deviates from it."""

    def cells(self) -> tuple[str, str, str, str, str, str]:
        """Return the row as the text of COLUMNS."""
        return (
            self.state,
            self.command,
            self.when,
            self.result,
            str(self.exit_code),
            self.rule,
        )


def _node(state: str) -> str:
    return "[*]" if state == "absent" else state.replace("-", "_")


def _label(transition: Transition) -> str:
    guard = GUARD_LABELS.get(transition.when, transition.when)
    return f"{transition.command} ({guard})" if guard else transition.command


def _edges(engine: Engine) -> dict[tuple[str, str], list[str]]:
    """Return the labels of every state change, keyed by (from, to), in model order."""
    edges: dict[tuple[str, str], list[str]] = {}
    for transition in engine.transitions:
        if transition.error or transition.target == SAME or transition.command == ANY_COMMAND:
            continue
        for source in transition.sources:
            if source == transition.target:
                continue
            labels = edges.setdefault((source, transition.target), [])
            if _label(transition) not in labels:
                labels.append(_label(transition))
    return edges


def state_diagram(model: RuntimeModel, level: str) -> str:
    """Return Mermaid stateDiagram-v2 source of one engine's state machine."""
    engine = model.engine(level)
    edges = _edges(engine)
    for source, target, label in PROCESS_EDGES.get(level, ()):
        edges.setdefault((source, target), []).append(label)
    lines = ["stateDiagram-v2", "    direction LR"]
    for state in engine.states:
        if state.id != "absent":
            lines.append(f"    {_node(state.id)}: {state.id}")
    for (source, target), labels in edges.items():
        if source == target == "absent":
            continue
        lines.append(f"    {_node(source)} --> {_node(target)}: {', '.join(labels)}")
    return "\n".join(lines) + "\n"


def _example(message: str) -> str:
    """Return a message template with `{name}` and friends shown as NAME, ID, STATE."""
    fields = [f for _, f, _, _ in string.Formatter().parse(message) if f]
    return message.format(**{f: f.upper() for f in fields})


def _row(engine: Engine, dialect: str, state: str, command: str, t: Transition) -> TransitionRow:
    """Return the table row of one transition taken from one state."""
    if t.error:
        result = _example(engine.message(t.error, dialect))
    elif t.target in (SAME, state):
        result = "no change"
    else:
        result = f"→ {t.target}"
    when = GUARD_LABELS.get(t.when, t.when)
    return TransitionRow(state, command, when, result, t.exit_code, t.rule, bool(t.error), t.oci)


def _applicable(engine: Engine, state: str, command: str) -> list[Transition]:
    """Return the transitions tried for a command in a state, up to the first unguarded."""
    found = []
    for t in engine.transitions:
        if t.command in (command, ANY_COMMAND) and state in t.sources:
            found.append(t)
            if not t.when:
                break
    return found


def transition_table(
    model: RuntimeModel, level: str, dialect: str | None = None
) -> list[TransitionRow]:
    """Return every (state, command) outcome of one engine, messages in a dialect."""
    engine = model.engine(level)
    wording = dialect or next(d.id for d in model.dialects if d.engine == level)
    # Commands without transitions of their own (ps, list) name no container.
    commands = [c.id for c in engine.commands if any(t.command == c.id for t in engine.transitions)]
    rows = []
    for state in engine.state_ids():
        for command in commands:
            for t in _applicable(engine, state, command):
                rows.append(_row(engine, wording, state, command, t))
    return rows
