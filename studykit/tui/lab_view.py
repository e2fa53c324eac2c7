"""Rich views of the lab: banner, help tables, the explain panel and the transitions table."""

from __future__ import annotations

import string
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from studykit.model.runtime import ANY_COMMAND, SAME, Engine, RuntimeModel, Transition
from studykit.runtime.lab.language import (
    DiagramDisplay,
    Display,
    ExplainDisplay,
    HelpDisplay,
    Usage,
)
from studykit.runtime.outcome import CommandOutcome

GUARD_WORDS = {
    "sigkill": "SIGKILL",
    "handled": "signal handled",
    "force": "--force / -f",
    "paused-from-created": "paused while created",
}
"""How the diagram names a transition's guard."""
View = RenderableType


class LabScreen:
    """Print lab views to a terminal, or render them as plain text for JSON records."""

    def __init__(self, console: Console | None = None) -> None:
        from studykit.tui.console import make_console

        self.console = console or make_console()

    def show(self, view: View | str) -> None:
        """Print a view; a str is printed as it is (Mermaid has brackets, not markup)."""
        if isinstance(view, str):
            self.console.print(view, markup=False)
        else:
            self.console.print(view)

    def text(self, view: View | str) -> str:
        """Return a view as the plain text it prints."""
        with self.console.capture() as capture:
            self.show(view)
        return capture.get()


def banner(engine_id: str, dialect: str) -> Text:
    """Return the one-line greeting of an interactive lab."""
    text = Text("studykit lab", style="bold")
    text.append(f": {engine_id}, dialect {dialect}. ", style="cyan")
    text.append("Type ")
    text.append("help", style="bold")
    text.append(" for the commands, ")
    text.append("quit", style="bold")
    text.append(" or Ctrl-D to leave.")
    return text


def exit_view(code: int) -> Text:
    """Return the dim marker of a non-zero exit code, shown after a command's output."""
    return Text(f"[exit {code}]", style="dim")


def display_view(display: Display) -> View | str:
    """Return the view of what a lab word shows (help, explain, diagram); a str as it is."""
    if isinstance(display, HelpDisplay):
        return help_view(display.engine, display.rows)
    if isinstance(display, ExplainDisplay):
        return explain_view(display.model, display.engine_id, display.last)
    if isinstance(display, DiagramDisplay):
        return diagram_view(display.model, display.engine_id, display.dialect, display.state)
    return display


def help_view(engine: Engine, lab_words: Sequence[Usage]) -> View:
    """Return the engine's commands (usage, description) and the lab's own words."""
    rows = [(c.usage, c.description) for c in engine.commands]
    return Group(
        _usage_list(f"{engine.title} commands", rows),
        Text(""),
        _usage_list("lab commands", [(w.usage, w.description) for w in lab_words]),
    )


def _usage_list(title: str, rows: Sequence[tuple[str, str]]) -> Text:
    """Return usage lines, each with its description under it (usages can be long)."""
    text = Text(title, style="bold underline")
    for usage, description in rows:
        text.append(f"\n  {usage}", style="bold")
        text.append(f"\n      {description}")
    return text


def explain_view(model: RuntimeModel, engine_id: str, outcome: CommandOutcome | None) -> View:
    """Return why the last command did what it did: each rule applied, with its source."""
    if outcome is None:
        return Text("nothing to explain yet: run a command first, then `explain`")
    body: list[View] = [_status_line(outcome)]
    shown: set[str] = set()
    for rule_id, detail in outcome.notes:
        oci = _oci_note(model.engine(engine_id), rule_id)
        body.append(Text(f"• {_strip_suffix(detail, oci)}", style="bold"))
        if rule_id not in shown:
            shown.add(rule_id)
            body.append(Padding(_rule_text(model, rule_id), (0, 0, 0, 2)))
        if oci:
            body.append(Padding(Text(f"OCI spec: {oci}", style="magenta"), (0, 0, 0, 2)))
    if not outcome.notes:
        body.append(Text(_no_rule_reason(outcome), style="dim"))
    return Panel(Group(*body), title=escape(outcome.command), title_align="left")


def _status_line(outcome: CommandOutcome) -> Text:
    style = "green" if outcome.exit_code == 0 else "red"
    return Text(f"exit code {outcome.exit_code}", style=style)


def _rule_text(model: RuntimeModel, rule_id: str) -> Text:
    """Return a rule's text and the title and address of its source."""
    rule = model.rule(rule_id)
    text = Text("rule ", style="dim")
    text.append(rule_id, style="cyan")
    text.append(f": {rule.text}")
    source = model.source(rule.source)
    if source is not None:
        text.append("\nsource: ", style="dim")
        text.append(source.title)
        text.append(f"\n{source.url}", style="blue underline")
    return text


def _oci_note(engine: Engine, rule_id: str) -> str:
    """Return how the OCI spec differs for the transition of this rule, if it does."""
    return next((t.oci for t in engine.transitions if t.rule == rule_id and t.oci), "")


def _strip_suffix(detail: str, oci: str) -> str:
    # The simulator appends the deviation to the detail; the panel shows it on its own line.
    return detail.removesuffix(f"; {oci}") if oci else detail


def _no_rule_reason(outcome: CommandOutcome) -> str:
    if outcome.exit_code == 2 and any(line.startswith("lab: ") for line in outcome.stderr):
        return "the lab could not run this line, so no rule of the model applied"
    return "no rule of the model applied: this command only reads or waits"


def diagram_view(
    model: RuntimeModel, engine_id: str, dialect: str, state: str | None = None
) -> RenderableType:
    """Return the state machine as a table: state, command (and guard) -> next state or error."""
    engine = model.engine(engine_id)
    table = Table(title=f"{engine.title}: state machine", title_justify="left")
    for column in ("state", "command", "when", "result", "rule"):
        table.add_column(column, overflow="fold")
    for state_id in engine.state_ids():
        if state not in (None, state_id):
            continue
        rows = [t for t in engine.transitions if state_id in t.sources]
        ordered = sorted(rows, key=lambda t: _command_order(engine, t))
        for index, transition in enumerate(ordered):
            # The state names its group once, like a heading.
            table.add_row("" if index else state_id, *_cells(engine, dialect, state_id, transition))
        table.add_section()
    return table


def _command_order(engine: Engine, transition: Transition) -> int:
    ids = [c.id for c in engine.commands]
    return ids.index(transition.command) if transition.command in ids else len(ids)


def _cells(engine: Engine, dialect: str, state: str, transition: Transition) -> tuple[str, ...]:
    """Return the command, guard, result and rule cells of one transition from a state."""
    command = "any" if transition.command == ANY_COMMAND else transition.command
    when = GUARD_WORDS.get(transition.when, transition.when)
    if transition.error:
        message = _placeholders(engine.message(transition.error, dialect))
        result = f"[red]error {transition.exit_code}:[/] {escape(message)}"
    else:
        target = state if transition.target == SAME else transition.target
        result = f"[green]→ {target}[/]"
    return command, when, result, transition.rule


def _placeholders(message: str) -> str:
    """Show `{name}` and friends as `<name>` so the template reads as an example."""
    fields = [f for _, f, _, _ in string.Formatter().parse(message) if f]
    return message.format(**{f: f"<{f}>" for f in fields})
