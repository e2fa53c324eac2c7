"""Rich views of `studykit lab verify`: one line per sequence, mismatches, the totals."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from studykit.runtime.conformance.compare import StepResult


def sequence_line(name: str, results: Sequence[StepResult]) -> RenderableType:
    """Return `ok`/`MISMATCH`, the sequence name and its step count, with any differences."""
    bad = [r for r in results if not r.agrees]
    line = Text("ok        " if not bad else "MISMATCH  ", style="green" if not bad else "bold red")
    line.append(name, style="bold")
    line.append(f"  ({len(results)} step{'' if len(results) == 1 else 's'})", style="dim")
    if not bad:
        return line
    details = [line]
    for result in bad:
        details.append(Text(f"    $ {result.line}", style="bold"))
        details += [Text(f"      {problem}", style="red") for problem in result.mismatches]
    return Group(*details)


def summary_table(
    engine: str, rows: Sequence[tuple[str, Sequence[StepResult]]], title: str
) -> RenderableType:
    """Return the conformance table: sequences, steps and mismatches, with the totals."""
    table = Table(title=f"conformance of the model with {title}", title_justify="left")
    for column, justify in (("sequences", "left"), ("steps", "right"), ("mismatches", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    groups: dict[str, list[StepResult]] = {}
    for name, results in rows:
        kind = "random walks" if name.startswith("random walk") else _kind(name)
        groups.setdefault(kind, []).extend(results)
    for kind, results in groups.items():
        table.add_row(kind, str(len(results)), _count(results))
    every = [r for _, results in rows for r in results]
    table.add_section()
    table.add_row(f"all ({engine})", str(len(every)), _count(every), style="bold")
    return table


def _kind(name: str) -> str:
    return "(state, command) pairs" if ": " in name else "scenarios"


def _count(results: Sequence[StepResult]) -> str:
    bad = sum(not r.agrees for r in results)
    return f"[red]{bad}[/]" if bad else "0"
