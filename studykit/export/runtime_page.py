"""The site's container-runtime page: state diagrams, transitions, exit codes, policies, rules.

Pure, like `markdown.py`: every table comes from the model or from simulator runs
(`studykit.runtime`), and every model string passes through `card_text` on its way in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from studykit.export import card_text
from studykit.export.html_table import html_table
from studykit.export.markdown import diagram_image, source_link
from studykit.export.page_paths import deck_page
from studykit.model.runtime import Engine, RuntimeModel
from studykit.runtime.cards import DECK_ID
from studykit.runtime.diagrams import TransitionRow, state_diagram, transition_table
from studykit.runtime.scenarios import exit_code_rows, restart_policy_rows

RUNTIME_PAGE = "runtime.md"
TITLE = "Container runtime model"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Return an HTML table (stacked on phones, empty columns left out); cells are safe HTML."""
    return html_table(header, rows)


def _code(text: str) -> str:
    """Return text as inline code."""
    return f"<code>{card_text.text(text)}</code>"


def _rule_link(rule_id: str) -> str:
    """Return a link to a rule's entry in the rules table."""
    return f'<a href="#rule-{card_text.attribute(rule_id)}">{card_text.text(rule_id)}</a>'


def _dialects(model: RuntimeModel, engine: Engine) -> list[str]:
    """Return the dialect ids of an engine, in model order."""
    return [d.id for d in model.dialects if d.engine == engine.id]


def _transition_cells(
    rows: list[TransitionRow], other: list[TransitionRow] | None
) -> list[list[str]]:
    """Return table cells; with a second dialect, its wording where it differs."""
    cells = []
    for number, row in enumerate(rows):
        cell = [
            card_text.text(row.state),
            _code(row.command),
            card_text.text(row.when),
        ]
        cell.append(card_text.inline_html(row.result))
        if other is not None:
            differs = other[number].result != row.result
            cell.append(card_text.inline_html(other[number].result) if differs else "same")
        cells.append([*cell, str(row.exit_code), _rule_link(row.rule)])
    return cells


def engine_markdown(
    model: RuntimeModel, engine: Engine, undrawn: frozenset[str] = frozenset()
) -> str:
    """Return an engine's section: its state diagram and its transition table."""
    dialects = _dialects(model, engine)
    rows = transition_table(model, engine.id, dialects[0])
    other = transition_table(model, engine.id, dialects[1]) if len(dialects) > 1 else None
    header = ["State", "Command", "When", f"Result ({model_dialect_title(model, dialects[0])})"]
    if other is not None:
        header.append(f"{model_dialect_title(model, dialects[1])} wording")
    states = ", ".join(
        f"**{card_text.text(s.id)}** ({card_text.inline_html(s.description)})"
        for s in engine.states
    )
    parts = [
        f"## {card_text.inline_html(engine.title)} {{ #{engine.id} }}\n",
        f"States: {states}\n",
        f"### State diagram {{ #{engine.id}-diagram }}\n",
        diagram_image(
            state_diagram(model, engine.id),
            f"State diagram of {engine.title}: its states and the commands that move a "
            "container between them (the transitions table below lists each one)",
            undrawn,
            "",
        ),
        "`[*]` is no container at all; labels in parentheses are what the process does by itself.\n",
        f"### Transitions {{ #{engine.id}-transitions }}\n",
        _table([*header, "Exit", "Rule"], _transition_cells(rows, other)),
    ]
    deviations = [r for r in rows if r.oci]
    if deviations:
        notes = "".join(
            f"- `{r.command}` on {r.state}: {card_text.inline_html(r.oci)}\n" for r in deviations
        )
        parts.append(
            f"Where {card_text.text(engine.id)} differs from the OCI specification:\n\n{notes}"
        )
    return "\n".join(parts)


def model_dialect_title(model: RuntimeModel, dialect_id: str) -> str:
    """Return a short title of a dialect: its title up to any parenthesis."""
    title = next(d.title for d in model.dialects if d.id == dialect_id)
    return card_text.text(title.split(" (", 1)[0])


def exit_codes_markdown(model: RuntimeModel) -> str:
    """Return the exit-code section: codes observed by running example scripts."""
    rows = (
        [code, _code(script), card_text.inline_html(text), _rule_link(rule)]
        for code, script, text, rule in exit_code_rows(model)
    )
    intro = "Each code is what the simulator returned for the script beside it.\n"
    return (
        "## Exit codes { #exit-codes }\n\n"
        + intro
        + "\n"
        + _table(["Code", "Lab script", "Why", "Rule"], rows)
    )


def restart_policies_markdown(model: RuntimeModel) -> str:
    """Return the restart-policy section: whether the container ran again in each case."""
    header, *rows = restart_policy_rows(model)
    intro = (
        "Each cell is a simulator run: `docker run -d --restart POLICY busybox sleep 1000`, "
        "then the case; *yes* means the container was running again afterwards. "
        f"Rules: {_rule_link('restart-policy')}, {_rule_link('restart-manual-stop')}, "
        f"{_rule_link('restart-daemon')}.\n"
    )
    cells = ([_code(policy), *cases] for policy, *cases in rows)
    heading = [card_text.text(h.capitalize()) for h in header]
    return "## Restart policies { #restart-policies }\n\n" + intro + "\n" + _table(heading, cells)


def rules_markdown(model: RuntimeModel) -> str:
    """Return the rules with their sources, each anchored for the tables' links."""
    rows = []
    for rule in model.rules:
        source = model.source(rule.source)
        link = source_link(source) if source is not None else card_text.text(rule.source)
        anchor = f'<span id="rule-{card_text.attribute(rule.id)}"></span>'
        rows.append(
            [
                f"{anchor}{_code(rule.id)}",
                card_text.inline_html(rule.text),
                link,
                card_text.text(rule.verified or "documented"),
            ]
        )
    intro = (
        "*live*: the live tests run lines on Docker Engine 20.10 and runc 1.1.5 that apply "
        "the rule; *documented*: the rule rests on its source.\n\n"
    )
    header = ["Rule", "What it says", "Source", "Checked"]
    return "## Rules and sources { #rules }\n\n" + intro + _table(header, rows)


def runtime_markdown(model: RuntimeModel, undrawn: frozenset[str] = frozenset()) -> str:
    """Return the container-runtime page of a model; diagrams in `undrawn` show their source."""
    intro = (
        f"{card_text.block_html(model.description)}\n\n"
        "Everything below is generated from the runtime model (`decks/models/`) that the "
        "`studykit lab` simulator executes: the diagrams and transition tables from its "
        "transitions, the exit codes and restart policies from simulator runs. "
        f"The [runtime behaviour deck]({deck_page(DECK_ID)}) quizzes the same facts.\n\n"
        "Try it yourself: `studykit lab --engine docker` (or `--engine runc`), then "
        "`help`, `explain` after any command, and `diagram`.\n"
    )
    parts = [f"---\ntitle: {TITLE}\n---\n", f"# {TITLE}\n", intro]
    parts += [engine_markdown(model, engine, undrawn) for engine in model.engines]
    from studykit.export.runtime_kernel_page import (
        images_markdown,
        kernel_markdown,
        programs_markdown,
    )

    parts += [exit_codes_markdown(model), restart_policies_markdown(model), kernel_markdown(model)]
    parts += [images_markdown(model), programs_markdown(model), rules_markdown(model)]
    return "\n".join(parts)
